-- One clause in each verdict state (tests/clauses.t), on a station whose
-- decision rule is guarded (tests/stations/instruments.yaml: thermo-1 ±0.3 °C).
suite { title = "Clause verdict states", standard = "TS 1" }

local function pass(t) t:ok(true, "fine") end
local function skip(t) t:skip("not applicable") end
local function guarded(v)
  return function(t)
    t:measure { name = "temp", value = v, unit = "C", min = 15, max = 25, instrument = "thermo-1" }
  end
end

test { id = "cl.conforms", title = "pass", clause = "TS 1 §1 conforms", run = pass }
test { id = "cl.nc.pass", title = "pass", clause = "TS 1 §2 does not conform", run = pass }
test { id = "cl.nc.fail", title = "fail", clause = "TS 1 §2 does not conform",
  run = function(t) t:ok(false, "broken") end }
test { id = "cl.nt", title = "skip", clause = "TS 1 §3 not tested", run = skip }
test { id = "cl.nt.todo", title = "todo", clause = "TS 1 §3 not tested", todo = "pending",
  run = function(t) t:fail("known") end }
test { id = "cl.pt.pass", title = "pass", clause = "TS 1 §4 partly tested", run = pass }
test { id = "cl.pt.skip", title = "skip", clause = "TS 1 §4 partly tested", run = skip }
test { id = "cl.inc.pass", title = "pass", clause = "TS 1 §5 inconclusive", run = pass }
test { id = "cl.inc.guard", title = "in the guard band", clause = "TS 1 §5 inconclusive",
  run = guarded(24.9) }
test { id = "cl.guard.pass", title = "clear of the guard band", clause = "TS 1 §6 guarded pass",
  run = guarded(24.0) }
test { id = "cl.guard.simple", title = "simple rule of the test", clause = "TS 1 §7 simple",
  decision_rule = "simple", run = guarded(24.9) }
test { id = "cl.guard.out", title = "past the limit", clause = "TS 1 §8 past the limit",
  run = guarded(25.1) }
test { id = "cl.inc.and.fail", title = "guard band and a failure", clause = "TS 1 §9 both",
  run = function(t) guarded(24.9)(t) t:ok(false, "broken too") end }
test { id = "cl.unknown.u", title = "guarded, no uncertainty in the unit", clause = "TS 1 §10 no u",
  run = function(t)
    t:measure { name = "v", value = 5, unit = "V", max = 10, instrument = "thermo-1" }
  end }
test { id = "cl.ask", title = "operator answer", clause = "TS 1 §11 operator",
  run = function(t) t:ask { key = "looks", prompt = "Looks right?", kind = "yesno", expect = true } end }
test { id = "cl.setup", title = "the set-up could not give the condition", clause = "TS 1 §12 set-up",
  run = function(t) t:inconclusive("chamber not stable") end }
test { id = "cl.cond", title = "a condition measurement out of limits", clause = "TS 1 §13 condition",
  run = function(t)
    t:measure { name = "chamber", value = 19, unit = "C", min = 13, max = 17, condition = true }
  end }
test { id = "cl.cond.fail", title = "the condition and the DUT failed", clause = "TS 1 §14 both",
  run = function(t)
    t:inconclusive("chamber not stable")
    t:ok(false, "the DUT did not answer")
  end }
test { id = "cl.undecided", title = "t:undecided ends the test inconclusive", clause = "TS 1 §15 undecided",
  run = function(t)
    t:ok(true, "before")
    t:undecided("the printer dropped the job")
    t:ok(false, "a check after t:undecided")
  end }
