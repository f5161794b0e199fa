-- bench/perf/run's bench leg: the APDU mix of mix.apdu, N times, through
-- the pcsc driver as any suite sends it (trace on, status checked). Suites
-- read no environment: bench/perf/run runs a copy with its PERF_N here.
local N = 20000
local MIX = { "00A40000023F00", "00B0870080", "00B0008080", "00B2012C00" }

test {
  id = "perf.mix",
  title = "APDU mix throughput through bench",
  clause = "benchmark (no clause)",
  roles = { "card" },
  run = function(t)
    local card = t.roles.card
    card:transmit(MIX[1]) -- connect and warm up outside the timed loop
    local bad, t0, c0 = 0, bench.clock(), os.clock()
    for i = 0, N - 1 do
      local r = card:transmit(MIX[i % #MIX + 1])
      if r.sw ~= "9000" then bad = bad + 1 end
    end
    local dt, dc = bench.clock() - t0, os.clock() - c0
    t:eq(bad, 0, "every answer is 9000")
    t:measure { name = "apdus", value = N, unit = "apdu", min = 1 }
    t:measure { name = "rate", value = N / dt, unit = "apdu/s", gt = 0 }
    -- bench's CPU time (every thread) per APDU: steadier than the rate on a
    -- shared machine, where the rate also pays for other tenants
    t:measure { name = "cpu", value = dc / N * 1e6, unit = "us/apdu", gt = 0 }
  end,
}
