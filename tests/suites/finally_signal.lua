-- A signal or a kill while a test spins (tests/finally.t). SIGTERM: its
-- t:finally still runs, and its bench.sleep sleeps (a fixture given time
-- to settle). SIGKILL: nothing runs, and bench resume warns that the
-- station was left changed, whatever the suite logs. Run again by bench resume, the test finds its
-- checkpoint and ends.
test {
  id = "fin.sig", title = "spins until a signal", clause = "docs/suite-api.md t:finally",
  run = function(t)
    t:finally(function()
      bench.log("fin.sig: settling")
      bench.sleep(0.5)
      bench.log("fin.sig: put back after the signal")
    end)
    if t:restore() then return t:ok(true, "resumed") end
    t:checkpoint { spinning = true }
    -- A suite's own line that reads like the engine's: not taken for it.
    bench.log("forged bench fin.sig: t:finally: put back")
    bench.log("fin.sig: spinning")
    while true do end
  end,
}
