-- One of every outcome, so tests can check counts, directives and exit codes.
suite { title = "Mixed outcomes", standard = "bench self-test" }

test { id = "mixed.pass", title = "passes", clause = "self §1",
  run = function(t) t:eq(1 + 1, 2, "sum") t:bytes("9000", "90 00", "sw") end }

test { id = "mixed.fail", title = "fails two checks", clause = "self §2",
  run = function(t)
    t:eq("6A82", "9000", "status word")
    t:bytes("00A4", "00A5", "header")
    t:ok(true, "still runs after a failure")
  end }

test { id = "mixed.skip", title = "skips", clause = "self §3",
  run = function(t) t:skip("not applicable here") t:fail("never reached") end }

test { id = "mixed.todo", title = "known failure", clause = "self §4", todo = "fix pending",
  run = function(t) t:fail("not implemented in DUT") end }

test { id = "mixed.error", title = "Lua error", clause = "self §5",
  run = function(t) local x = nil; return x.field end }

test { id = "mixed.measure", title = "measurement in limits", clause = "self §6",
  run = function(t) t:measure { name = "read_time", value = 850, unit = "ms", max = 1000 } end }

test { id = "mixed.role", title = "needs a missing role", clause = "self §7", roles = { "card" },
  run = function(t) t:fail("must not run") end }
