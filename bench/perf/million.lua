-- bench/perf/million: a 24 h soak's worth of measurements (default
-- 1 000 000) in one run, so `bench report` can be timed on it (docs/perf.md).
-- Most points are long series (a chamber soak logging temperature and
-- humidity, a printer logging its rate, a reader's latency); the rest are
-- many short tests with a few measurements each, as card suites make.
-- Suites read no environment: bench/perf/million runs a copy with its N here.
local N = 1000000
local SHORT, PER = 2000, 5 -- short tests, measurements each
local long = N - SHORT * PER
local series = {
  { "env.soak.temp", "temp", "C", 23, 2, 21, 25 },
  { "env.soak.rh", "rh", "%RH", 50, 5, 40, 60 },
  { "printer.soak.rate", "rate", "cards/h", 140, 10, 120, nil },
  { "card.soak.latency", "latency", "ms", 40, 15, nil, 120 },
}
for k, s in ipairs(series) do
  local n = long // #series + (k <= long % #series and 1 or 0)
  test {
    id = s[1],
    title = "soak: " .. s[2] .. " over 24 h",
    clause = "benchmark (no clause)",
    run = function(t)
      for i = 1, n do
        -- a slow wave plus a spike now and then: something to decimate
        local v = s[4] + s[5] * math.sin(i / 5000) + ((i % 7919 == 0) and 3 * s[5] or 0)
        t:measure { name = s[2], value = v, unit = s[3], min = s[6], max = s[7] }
      end
    end,
  }
end
for i = 1, SHORT do
  test {
    id = string.format("card.point.%05d", i),
    title = "point " .. i,
    clause = "benchmark (no clause)",
    run = function(t)
      for j = 1, PER do
        t:measure { name = "check_" .. j, value = (i * j) % 97, unit = "ms", max = 100 }
      end
    end,
  }
end
