-- bench/perf/soak's report leg: PERF_POINTS trivial test points (default
-- 100 000) in one run, so `bench report` can be timed on a big run.
local N = tonumber(os.getenv("PERF_POINTS") or "100000")
for i = 1, N do
  test {
    id = string.format("perf.point.%06d", i),
    title = "point " .. i,
    clause = "benchmark (no clause)",
    run = function(t) t:ok(true, "trivial") end,
  }
end
