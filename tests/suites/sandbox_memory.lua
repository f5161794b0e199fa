-- A suite that grows without end (tests/sandbox.t): its Lua heap is capped
-- (docs/suite-api.md Sandbox), so the test fails with "not enough memory"
-- and the next test of the same Lua state runs with memory again.
test {
  id = "mem.grow",
  title = "a string doubled without end",
  clause = "docs/suite-api.md Sandbox",
  run = function(t)
    local s = "x"
    for _ = 1, 40 do s = s .. s end
    t:ok(false, "never reached")
  end,
}

test {
  id = "mem.after",
  title = "the next test has memory again",
  clause = "docs/suite-api.md Sandbox",
  run = function(t)
    local u = {}
    for i = 1, 100000 do u[i] = tostring(i) end
    t:eq(#u, 100000, "100 000 strings made")
  end,
}
