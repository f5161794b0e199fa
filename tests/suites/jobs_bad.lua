-- bench run --jobs (tests/jobs.t): declares role printer but opens role
-- card, which a suite beside it may hold: refused (exit 2) with --jobs.
suite { title = "Jobs bad", standard = "bench self-test", roles = { "printer" } }

test { id = "jobs_bad.card", title = "opens an undeclared role", clause = "self §bad",
  run = function(t)
    local atr = t.roles.card:atr()
    t:ok(#atr > 0, "an ATR")
  end }
