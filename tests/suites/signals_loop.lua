-- SIGINT while a test spins in pure Lua (tests/signals.t): the count hook
-- ends it at its next instruction.
test {
  id = "sig.spin", title = "spins until a signal", clause = "docs/evidence.md Interrupted runs",
  run = function(t)
    bench.log("sig.spin: spinning")
    while true do end
  end,
}
