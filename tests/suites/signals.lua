-- A run stopped by a signal (tests/signals.t, docs/evidence.md
-- "Interrupted runs"): sig.wait waits for the signal on the first attempt
-- only (its checkpoint tells it a resume), so `bench resume` finishes.
test {
  id = "sig.card", title = "the card answers before the signal",
  clause = "docs/evidence.md Interrupted runs", roles = { "card" },
  run = function(t)
    t:sw(t.roles.card:transmit("00A40000023F00"), "9000", "SELECT MF")
  end,
}

test {
  id = "sig.wait", title = "waits for the signal, once", clause = "docs/evidence.md Interrupted runs",
  run = function(t)
    if not t:restore() then
      t:checkpoint { waited = true }
      bench.log("sig.wait: waiting for the signal")
      bench.sleep(300)
    end
    t:ok(true, "runs to its end when resumed")
  end,
}

test {
  id = "sig.last", title = "the rest of the run", clause = "docs/evidence.md Interrupted runs",
  roles = { "card" },
  run = function(t)
    t:sw(t.roles.card:transmit("00A40000023F00"), "9000", "SELECT MF")
    bench.sleep(2) -- time for tests/signals.t to see the resume's simulators
  end,
}
