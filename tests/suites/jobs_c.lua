-- bench run --jobs (tests/jobs.t): shares role card with jobs_a, so it may
-- never run beside it (the role lock).
suite { title = "Jobs C", standard = "bench self-test", roles = { "card" } }

for i = 1, 4 do
  test { id = string.format("jobs_c.%02d", i), title = "C step " .. i, clause = "self §C",
    run = function(t)
      bench.sleep(0.1)
      t:ok(true, "c " .. i)
    end }
end
