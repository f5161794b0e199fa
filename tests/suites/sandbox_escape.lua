-- Suites that try to get out of the sandbox (tests/sandbox.t): each test
-- fails with an error naming what it tried, at its line; none ends the run.
test {
  id = "escape.keys",
  title = "reads the station's key file",
  clause = "docs/suite-api.md Sandbox",
  run = function(t)
    local f = io.open("bench/fixtures/keys/sim-keys.yaml")
    t:note("keys", f:read("a"))
  end,
}

test {
  id = "escape.print",
  title = "print goes to the diagnostics, not into the TAP stream",
  clause = "docs/suite-api.md Sandbox",
  run = function(t)
    print("ok 99 - a line print wrote")
    t:ok(true, "printed")
  end,
}

test {
  id = "escape.exit",
  title = "a failed check, then os.exit(0)",
  clause = "docs/suite-api.md Sandbox",
  run = function(t)
    t:ok(false, "a check that fails")
    os.exit(0)
  end,
}

test {
  id = "escape.after",
  title = "the run goes on after them",
  clause = "docs/suite-api.md Sandbox",
  run = function(t) t:ok(true, "reached") end,
}
