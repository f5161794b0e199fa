-- SIGTERM while a test spins (tests/finally.t): its t:finally still runs,
-- and its bench.sleep sleeps (a fixture given time to settle).
test {
  id = "fin.sig", title = "spins until a signal", clause = "docs/suite-api.md t:finally",
  run = function(t)
    t:finally(function()
      bench.log("fin.sig: settling")
      bench.sleep(0.5)
      bench.log("fin.sig: put back after the signal")
    end)
    bench.log("fin.sig: spinning")
    while true do end
  end,
}
