-- bench/perf/soak's report leg: N trivial test points (default 100 000) in
-- one run, so `bench report` can be timed on a big run. Suites read no
-- environment: bench/perf/soak runs a copy with its PERF_POINTS here.
local N = 100000
for i = 1, N do
  test {
    id = string.format("perf.point.%06d", i),
    title = "point " .. i,
    clause = "benchmark (no clause)",
    run = function(t) t:ok(true, "trivial") end,
  }
end
