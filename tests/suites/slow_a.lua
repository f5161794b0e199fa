-- Many quick tests that each take a little time, so a kill -9 lands in the
-- middle of a run (tests/evidence_resume.t). Outcomes of every kind.
suite { title = "Slow A: resume self-test", standard = "bench self-test" }

for i = 1, 25 do
  test { id = string.format("slow_a.%02d", i), title = "step " .. i .. " 温度",
    clause = "self §A." .. (i % 5),
    run = function(t)
      bench.sleep(0.02)
      t:measure { name = "chamber_temp", value = 20 + (i % 7) * 0.5, unit = "C",
        min = 18, max = 23 }
      if i % 9 == 0 then t:eq(i, 0, "deliberate failure") end
      if i % 11 == 0 then t:skip("every eleventh is skipped") end
    end }
end
