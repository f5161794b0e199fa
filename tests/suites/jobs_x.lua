-- bench run --jobs (tests/jobs.t): one test needs the whole station
-- (exclusive = true), so the suite runs alone.
suite { title = "Jobs X", standard = "bench self-test" }

test { id = "jobs_x.alone", title = "needs the whole station", clause = "self §X",
  exclusive = true,
  run = function(t)
    bench.sleep(0.3)
    t:ok(true, "ran")
  end }
