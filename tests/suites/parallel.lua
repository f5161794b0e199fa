-- t:parallel on a 4-reader simulated station (tests/parallel.t).
local READERS = { "card", "contactless", "sam1", "sam2" }
-- tests/parallel.t runs a copy with fewer rounds (suites have no os.getenv).
local ROUNDS = 20

local function each_reader(fn)
  local branches = {}
  for _, name in ipairs(READERS) do branches[name] = fn end
  return branches
end

local function reads(t, card, rounds)
  for _ = 1, rounds do
    t:sw(card:transmit("00A40000023F00"), "9000", "SELECT MF")
    t:sw(card:transmit("00B0870080"), "9000", "READ BINARY EF07")
  end
end

test {
  id = "par.readers", title = "every reader reads, side by side", clause = "perf §parallel",
  roles = READERS,
  run = function(t)
    local done = {}
    t:parallel(each_reader(function(name)
      local card = t.roles[name]
      reads(t, card, ROUNDS)
      bench.sleep(0.05)
      done[#done + 1] = name
    end))
    t:eq(#done, #READERS, "branches that finished")
  end,
}

test {
  id = "par.sw", title = "unknown INS refused on every reader", clause = "ISO/IEC 7816-4 §5.6",
  roles = READERS,
  run = function(t)
    t:parallel(each_reader(function(name)
      t:sw(t.roles[name]:transmit("00FE000000"), "6D00", "unknown INS refused")
    end))
  end,
}

test {
  id = "par.error", title = "a branch that errs ends alone", clause = "perf §parallel",
  roles = READERS,
  run = function(t)
    local b = each_reader(function(name) reads(t, t.roles[name], 5) end)
    b.sam1 = function()
      t.roles.sam1:transmit("00A40000023F00")
      error("sam1 gave up")
    end
    t:parallel(b)
    t:fail("reached after a failed branch")
  end,
}

test {
  id = "par.require", title = "t:require ends its branch, then the test", clause = "perf §parallel",
  roles = READERS,
  run = function(t)
    local b = each_reader(function(name) reads(t, t.roles[name], 3) end)
    b.contactless = function() t:require(false, "contactless precondition") end
    t:parallel(b)
    t:fail("reached after t:require")
  end,
}

test {
  id = "par.same", title = "two branches on one card", clause = "perf §parallel",
  roles = { "card" },
  run = function(t)
    t:parallel {
      a = function() reads(t, t.roles.card, 1) end,
      b = function() reads(t, t.roles.card, 1) end,
    }
  end,
}

test {
  id = "par.nested", title = "t:parallel inside a branch", clause = "perf §parallel",
  run = function(t)
    t:parallel { outer = function() t:parallel { inner = function() end } end }
  end,
}

test {
  id = "par.notfn", title = "a branch that is not a function", clause = "perf §parallel",
  run = function(t) t:parallel { a = 42 } end,
}

test {
  id = "par.sleep", title = "bench.sleep in branches overlaps", clause = "perf §parallel",
  run = function(t)
    local t0 = bench.mono()
    t:parallel(each_reader(function() bench.sleep(1) end))
    local elapsed = bench.mono() - t0
    t:note("elapsed_s", elapsed)
    -- tests/parallel.t judges the overlap; here: every branch slept its second
    t:ok(elapsed >= 0.99, "the branches slept")
  end,
}
