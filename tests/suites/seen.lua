-- Failures a test saw before bench stopped stand on `bench resume`
-- (tests/evidence_resume.t). On its first attempt the test fails a check
-- of the DUT, is undecided on another (t:inconclusive: not the DUT's),
-- fails a third that it fails on every attempt, saves a checkpoint (the
-- harness's sign to kill it) and waits; its rerun sees only the third.
suite { title = "Seen failures: resume self-test", standard = "bench self-test" }

test { id = "seen.once", title = "a failure seen once, before the kill", clause = "self §S.1",
  run = function(t)
    local rerun = t:restore()
    if not rerun then
      t:eq(1, 2, "a failure seen before the kill")
      t:inconclusive("the chamber left the condition")
    end
    t:eq(3, 4, "the same failure every time")
    if not rerun then
      t:checkpoint { waiting = true }
      bench.sleep(60)
    end
  end }
