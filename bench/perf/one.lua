-- bench/perf/run's startup leg: the smallest run there is.
test {
  id = "perf.one",
  title = "one trivial test",
  clause = "benchmark (no clause)",
  run = function(t) t:ok(true, "nothing to do") end,
}
