-- Elapsed time across `bench resume` (tests/plots.t): pr.before measures
-- after 3 simulated hours; pr.wait waits for the signal on the first
-- attempt only (its checkpoint tells it a resume), then measures.
suite { title = "plots self-test: resume", standard = "self" }

test { id = "pr.before", title = "3 simulated hours, then a sample", clause = "self §6",
  run = function(t)
    bench.sleep(10800)
    t:measure { name = "temp", value = 20, unit = "C" }
  end }

test { id = "pr.wait", title = "waits for the signal, once", clause = "self §6",
  run = function(t)
    if not t:restore() then
      t:checkpoint { waited = true }
      bench.log("pr.wait: waiting for the signal")
      bench.sleep(1e7)
    end
    t:measure { name = "temp", value = 21, unit = "C" }
  end }
