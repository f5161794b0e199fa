-- t:wait (tests/timeout.t, docs/suite-api.md "Timeouts"): a wait for the
-- station (a UPS that charges) is not the test's time; the timeout still
-- holds for what the test does after it, and a signal still ends it.
test {
  id = "wait.charge", title = "waits 2 s with a 1 s timeout", clause = "docs/suite-api.md t:wait",
  timeout = 1,
  run = function(t)
    t:wait(2, "a UPS charges")
    t:ok(true, "after the wait")
  end,
}

test {
  id = "wait.spin", title = "spins after a wait", clause = "docs/suite-api.md t:wait",
  timeout = 1,
  run = function(t)
    t:wait(0.5, "an instrument warms up")
    while true do end
  end,
}

test {
  id = "wait.bad", title = "a wait of -1 s", clause = "docs/suite-api.md t:wait",
  run = function(t) t:wait(-1, "never") end,
}

test {
  id = "wait.branch", title = "a wait in a branch", clause = "docs/suite-api.md t:wait",
  run = function(t) t:parallel { one = function() t:wait(1, "a UPS") end } end,
}

test {
  id = "wait.long", title = "waits 10 min", clause = "docs/suite-api.md t:wait",
  run = function(t)
    bench.log("wait.long: waiting")
    t:wait(600, "a long charge")
    t:ok(true, "after the wait")
  end,
}
