-- test{rest = fn} (tests/finally.t, docs/suite-api.md "Putting things
-- back"): the rest is the test's first t:finally, and after a kill bench
-- resume runs it before the test runs again; one that raises there keeps
-- the test from running on a station in an unknown state.
test {
  id = "rest.plain", title = "returns: its rest runs as it ends", clause = "docs/suite-api.md rest",
  rest = function(t)
    bench.log("rest.plain: rest ran")
    t:note("rest", "ran")
  end,
  run = function(t)
    bench.log("rest.plain: ran")
    t:ok(true, "ran")
  end,
}

-- Spins until killed (once: run again by bench resume, it finds its
-- checkpoint and ends).
local function spin(t, id)
  bench.log(id .. ": ran")
  if t:restore() then return t:ok(true, "resumed") end
  t:checkpoint { spinning = true }
  bench.log(id .. ": spinning")
  while true do end
end

test {
  id = "rest.sig", title = "killed: its rest runs at resume", clause = "docs/suite-api.md rest",
  rest = function() bench.log("rest.sig: rest ran") end,
  run = function(t) spin(t, "rest.sig") end,
}

test {
  id = "rest.bad", title = "killed: its rest raises at resume", clause = "docs/suite-api.md rest",
  rest = function() error("the relay does not answer") end,
  run = function(t) spin(t, "rest.bad") end,
}

test {
  id = "rest.fails", title = "its rest raises as it ends", clause = "docs/suite-api.md rest",
  rest = function() error("the mains relay is stuck") end,
  run = function(t) t:ok(true, "ran") end,
}

-- rest_at_resume: at resume only, never as the test ends (its own
-- t:finally puts back as it ends; a closure a kill took away).
test {
  id = "rest.resume", title = "killed: its rest_at_resume runs at resume only",
  clause = "docs/suite-api.md rest_at_resume",
  rest_at_resume = function() bench.log("rest.resume: rest ran") end,
  run = function(t)
    -- Run again at resume, it changes nothing: its marker must go all the same.
    if not t:restore() then
      t:finally(function() bench.log("rest.resume: finally ran") end)
    end
    spin(t, "rest.resume")
  end,
}

-- A put-back that asks the operator, and no one answers: not put back.
test {
  id = "rest.ask", title = "its put-back has no answer", clause = "docs/suite-api.md t:ask",
  run = function(t)
    t:finally(function() t:ask { key = "back", prompt = "Put it back. Done?" } end)
    t:ok(true, "ran")
  end,
}
