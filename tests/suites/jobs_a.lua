-- bench run --jobs (tests/jobs.t): suites that take a little time each, so
-- two with disjoint roles overlap and a kill lands in the middle. Roles are
-- declared in the header only (the test station has none to open).
suite { title = "Jobs A", standard = "bench self-test", roles = { "card" } }

for i = 1, 10 do
  test { id = string.format("jobs_a.%02d", i), title = "A step " .. i, clause = "self §A",
    run = function(t)
      bench.sleep(0.1)
      t:measure { name = "a_value", value = i, unit = "n", min = 0, max = 100 }
      if i == 4 then t:eq(i, 0, "deliberate failure") end
      if i == 7 then t:skip("the seventh is skipped") end
    end }
end
