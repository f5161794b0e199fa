-- bench run --jobs (tests/jobs.t): disjoint from jobs_a (role printer).
suite { title = "Jobs B", standard = "bench self-test", roles = { "printer" } }

for i = 1, 10 do
  test { id = string.format("jobs_b.%02d", i), title = "B step " .. i, clause = "self §B",
    run = function(t)
      bench.sleep(0.1)
      t:ok(true, "b " .. i)
      bench.log("b step " .. i)
    end }
end
