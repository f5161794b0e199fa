-- What LAVA must record as bench measured it: NaN and infinities, units in
-- UTF-8 and with signal characters, repeated measurement names, and a
-- point whose own output lies between its STARTTC and ENDTC.
suite { title = "LAVA signals", standard = "bench self-test" }

test { id = "lava.values", title = "not-a-number and infinite readings", clause = "self §1",
  run = function(t)
    t:measure { name = "noise", value = 0 / 0, unit = "dB" }
    t:measure { name = "gain", value = 1 / 0, unit = "dB" }
    t:measure { name = "offset", value = -1 / 0, unit = "mV" }
    t:measure { name = "ratio", value = 0.125 }
  end }

test { id = "lava.units", title = "units as written", clause = "self §2",
  run = function(t)
    t:measure { name = "temp", value = 23.5, unit = "°C" }
    t:measure { name = "rh", value = 45, unit = "%" }
    t:measure { name = "speed", value = 1.5, unit = "m/s" }
    t:measure { name = "level", value = 3, unit = "dB re 1 m" }
    t:measure { name = "odd", value = 4, unit = "a=b>c" }
    t:measure { name = "nbsp", value = 5, unit = "k\u{a0}Ω" }
  end }

test { id = "lava.repeat", title = "one name measured three times", clause = "self §3",
  run = function(t)
    for i = 1, 3 do
      t:measure { name = "temp", value = 20 + i, unit = "°C", max = 22 }
    end
    t:measure { name = "temp.2", value = 9, unit = "°C" }
  end }

test { id = "lava.log", title = "a point that logs while it runs", clause = "self §4",
  run = function(t)
    -- LAVA reads the console in chunks: the pauses put STARTTC, the log
    -- line and the point in chunks of their own, as in a real run
    bench.sleep(0.3)
    bench.log("lava.log is running")
    bench.sleep(0.3)
    t:ok(true, "logged")
  end }
