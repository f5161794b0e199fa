-- A point that only writes trace lines (print) for 1.5 s, one every 5 ms:
-- trace.log grows inside its mapped window (docs/evidence.md), which
-- tests/journal_sync.t (each group syncs it) and tests/tail.t (bench tail -f
-- follows it) look at.
test {
  id = "trace.lines",
  title = "trace lines only",
  clause = "none (a test of bench)",
  run = function(t)
    local t0 = bench.clock()
    while bench.clock() - t0 < 1.5 do
      print("a trace line")
      bench.sleep(0.005)
    end
    t:ok(true, "done")
  end,
}
