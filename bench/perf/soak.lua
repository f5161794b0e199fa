-- bench/perf/soak's leg: N APDUs (default 1 000 000) in ONE test with the
-- trace on; the process RSS is sampled every 100 000 APDUs and its growth
-- over the test is a measurement (limit 2 MB: nothing may grow per APDU).
-- Suites read no environment: bench/perf/soak runs a copy with its PERF_N.
local N = 1000000
local MIX = { "00A40000023F00", "00B0870080", "00B0008080", "00B2012C00" }
local rss_kb = bench.rss_kb

test {
  id = "perf.soak",
  title = "RSS stays flat over many APDUs with the trace on",
  clause = "benchmark (no clause)",
  roles = { "card" },
  run = function(t)
    local card = t.roles.card
    -- Warm up first: allocator arenas, Lua's GC and the trace's buffers
    -- reach their steady size in the first few thousand exchanges.
    for i = 1, 10000 do card:transmit(MIX[i % #MIX + 1]) end
    collectgarbage("collect")
    local start, peak, bad = rss_kb(), 0, 0
    local t0 = bench.clock()
    for i = 0, N - 1 do
      local r = card:transmit(MIX[i % #MIX + 1])
      if r.sw ~= "9000" then bad = bad + 1 end
      if i % 100000 == 99999 then
        local kb = rss_kb()
        if kb > peak then peak = kb end
        bench.log(string.format("soak: %d APDUs, RSS %d kB", i + 1, kb))
      end
    end
    local dt = bench.clock() - t0
    collectgarbage("collect")
    local finish = rss_kb()
    peak = math.max(peak, finish) -- runs under 100 000 APDUs take no samples
    t:eq(bad, 0, "every answer is 9000")
    t:measure { name = "apdus", value = N, unit = "apdu", min = 1 }
    t:measure { name = "rate", value = N / dt, unit = "apdu/s", gt = 0 }
    t:measure { name = "rss_start", value = start, unit = "kB", gt = 0 }
    t:measure { name = "rss_end", value = finish, unit = "kB", gt = 0 }
    t:measure { name = "rss_peak", value = peak, unit = "kB", gt = 0 }
    t:measure { name = "rss_growth", value = finish - start, unit = "kB", max = 2048 }
  end,
}
