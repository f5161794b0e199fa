-- bench.clock() follows --time-scale; bench.mono() is real time, so device
-- latencies measured with it stay physical in a time-scaled run.
test { id = "clocks.scaled", title = "clock scales, mono does not", clause = "self §1",
  run = function(t)
    local scale = t.station.time_scale
    local sim_s = 0.05 * scale -- 50 ms of real time
    local c0, m0 = bench.clock(), bench.mono()
    bench.sleep(sim_s)
    local dc, dm = bench.clock() - c0, bench.mono() - m0
    t:measure { name = "clock_elapsed", value = dc, unit = "s", min = sim_s }
    t:measure { name = "mono_elapsed", value = dm, unit = "s", min = 0.05, max = 5 } -- scaled would be 0.05 * scale
  end }
