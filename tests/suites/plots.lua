-- Plots self-test (tests/plots.t): a 20 000-point series to decimate (with a
-- spike per stretch and a slow wave), a series of the same name in another
-- test with values no point of the first has, a two-point series (a table,
-- not a plot), a latency (non-negative: its axis starts at 0), a timed
-- series over simulated hours, and 60 points of one clause.
suite { title = "plots self-test", standard = "self" }

local BIG = 20000

test { id = "pl.big", title = "20 000 points", clause = "self §1",
  run = function(t)
    for i = 1, BIG do
      local v = 50 + 30 * math.sin(i / 700) + ((i % 997 == 0) and 19.5 or 0)
        - ((i % 1499 == 0) and 49.5 or 0)
      t:measure { name = "level", value = math.floor(v * 1000) / 1000, unit = "V",
        min = 1, max = 99 }
    end
  end }

test { id = "pl.other", title = "same name, other test", clause = "self §1",
  run = function(t)
    for i = 1, 50 do
      t:measure { name = "level", value = 1000 + i, unit = "V" }
    end
  end }

test { id = "pl.two", title = "two samples", clause = "self §2",
  run = function(t)
    t:measure { name = "pair@1", value = 7, unit = "s", max = 10 }
    t:measure { name = "pair@2", value = 8, unit = "s", max = 10 }
  end }

test { id = "pl.latency", title = "latency", clause = "self §3",
  run = function(t)
    for i = 1, 20 do
      t:measure { name = "latency", value = 100 + i, unit = "ms", max = 200 }
    end
  end }

test { id = "pl.hours", title = "hours of simulated time", clause = "self §4",
  run = function(t)
    for h = 0, 4 do
      if h > 0 then bench.sleep(3600) end
      t:measure { name = "temp", value = 20 + h, unit = "C", min = 15, max = 35 }
    end
  end }

for i = 1, 60 do
  test { id = string.format("pl.many.%02d", i), title = "one of many", clause = "self §5",
    run = function(t) t:ok(i ~= 60, "all but the last") end }
end
