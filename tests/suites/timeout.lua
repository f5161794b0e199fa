-- Test timeouts (tests/timeout.t, docs/suite-api.md "Timeouts"): Lua that
-- never returns, even through pcall, a long bench.sleep, and t:parallel
-- branches are all stopped at the test's timeout; the run goes on.
test {
  id = "to.loop", title = "a pure Lua loop", clause = "docs/suite-api.md Timeouts", timeout = 2,
  run = function(t)
    while true do end
  end,
}

test {
  id = "to.pcall", title = "a loop that catches every error", clause = "docs/suite-api.md Timeouts",
  timeout = 2,
  run = function(t)
    while true do pcall(function() while true do end end) end
  end,
}

test {
  id = "to.sleep", title = "a sleep longer than the timeout", clause = "docs/suite-api.md Timeouts",
  timeout = 2,
  run = function(t)
    bench.sleep(3600)
    t:ok(true, "woke up")
  end,
}

test {
  id = "to.parallel", title = "t:parallel branches", clause = "docs/suite-api.md Timeouts",
  timeout = 2,
  run = function(t)
    t:parallel {
      spin = function() while true do end end,
      nap = function() bench.sleep(3600) end,
    }
    t:fail("after t:parallel")
  end,
}

test {
  id = "to.station", title = "no timeout of its own: the station's", clause = "docs/suite-api.md Timeouts",
  run = function(t)
    while true do end
  end,
}

test {
  id = "to.after", title = "the run goes on", clause = "docs/suite-api.md Timeouts",
  run = function(t) t:ok(true, "reached") end,
}
