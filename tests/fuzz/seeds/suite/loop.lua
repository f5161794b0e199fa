-- Evidence self-test (tests/evidence_*.t): Chinese clause titles, measurement
-- series with tolerance bands (a chamber hold, print rate, registration
-- offsets), one excursion that fails, and APDU-shaped trace lines for the
-- latency histogram (written with bench.log in the card driver's format:
-- "apdu > REQ < RESP (N us)", since this suite runs without a card).
suite { title = "证据自检 Evidence self-test", standard = "DB43/T 3.3" }

for i = 1, 12 do
  test { id = string.format("ev.hold.%02d", i), title = "温湿度保持 第" .. i .. "次采样",
    clause = "DB43/T 3.3 §6.5.3 贮存 (-20..40 C, 20..80 %RH)",
    run = function(t)
      local temp = 40 + math.sin(i) * 1.2 + (i == 9 and 2.5 or 0)
      t:measure { name = "chamber_temp@" .. i, value = temp, unit = "C", min = 38, max = 42 }
      t:measure { name = "chamber_rh@" .. i, value = 80 + math.cos(i) * 2, unit = "%RH",
        min = 77, max = 83 }
    end }
end

test { id = "ev.rate", title = "打印速度 print rate", clause = "GB/T 18239 §5.2 打印速度",
  run = function(t)
    for h = 1, 6 do
      t:measure { name = "print_rate@" .. h, value = 150 + h * 3 - (h == 4 and 20 or 0),
        unit = "cards/h", min = 140 }
    end
  end }

test { id = "ev.registration", title = "套准偏差 registration", clause = "GB/T 18239 §5.4 套准",
  run = function(t)
    for c = 1, 8 do
      t:measure { name = "registration_left", value = (c % 3) * 0.2 - 0.2, unit = "mm",
        gt = -1, lt = 1 }
      t:measure { name = "registration_up", value = (c % 4) * 0.15 - 0.3, unit = "mm",
        gt = -1, lt = 1 }
    end
  end }

test { id = "ev.apdu", title = "应用选择 APDU latency", clause = "JR/T 0025 §7.1 应用选择",
  run = function(t)
    for k = 1, 40 do
      bench.log(string.format("apdu > 00A404000E315041592E5359532E4444463031 < 9000 (%d us)",
        800 + (k * 137) % 2500))
    end
    t:eq("6A82", "9000", "状态字 status word")
  end }
