-- Fills a small disk with trace.log (tests/evidence_storage.t): each test
-- writes exchange-sized lines to the trace, so the trace is the first file
-- a full disk or a file-size limit stops, while tests would go on.
suite { title = "Trace filler", standard = "bench self-test" }

for i = 1, 40 do
  test { id = string.format("fill.%02d", i), title = "fill " .. i, clause = "self §F",
    run = function(t)
      for k = 1, 10 do
        bench.log(string.format("apdu > 00B0%04X00 < %s9000 (%d us)", k, string.rep("A5", 80),
          700 + k))
      end
      t:measure { name = "lines", value = 10, unit = "", min = 10, max = 10 }
    end }
end
