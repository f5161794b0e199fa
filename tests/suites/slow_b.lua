-- Second suite of the resume self-test, with a checkpointing soak: after a
-- kill it must continue from its last checkpoint, and its verdict and
-- measurements must come out as if never interrupted.
suite { title = "Slow B: resume self-test", standard = "bench self-test" }

for i = 1, 15 do
  test { id = string.format("slow_b.%02d", i), title = "step " .. i,
    clause = "self §B." .. (i % 3),
    run = function(t)
      bench.sleep(0.02)
      t:measure { name = "latency", value = i * 3, unit = "ms", max = 40 }
    end }
end

test { id = "slow_b.soak", title = "checkpointing soak", clause = "self §B.soak",
  run = function(t)
    local st = t:restore()
    if st then bench.log("soak restored at " .. st.i) end -- trace only: TAP unchanged
    st = st or { i = 0, sum = 0 }
    while st.i < 30 do
      st.i = st.i + 1
      st.sum = st.sum + st.i
      bench.sleep(0.01)
      t:checkpoint(st)
    end
    t:eq(st.sum, 465, "sum over 30 soak iterations")
    t:measure { name = "soak_iterations", value = st.i, unit = "", min = 30, max = 30 }
  end }

for i = 16, 25 do
  test { id = string.format("slow_b.%02d", i), title = "step " .. i,
    clause = "self §B." .. (i % 3),
    run = function(t) bench.sleep(0.02) t:ok(true, "fine") end }
end
