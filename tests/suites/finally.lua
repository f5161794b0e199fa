-- t:finally (tests/finally.t, docs/suite-api.md "Putting things back"): what
-- a test registers runs when it ends, however it ends, the last first. One
-- that fails ends the run after its test: fin.hang runs alone (--filter).
test {
  id = "fin.return", title = "returns", clause = "docs/suite-api.md t:finally",
  run = function(t)
    t:finally(function() bench.log("fin.return: first registered") end)
    t:finally(function(t2)
      bench.log("fin.return: last registered")
      t2:note("restored", "yes")
    end)
    t:ok(true, "ran")
  end,
}

test {
  id = "fin.error", title = "raises", clause = "docs/suite-api.md t:finally",
  run = function(t)
    t:finally(function() bench.log("fin.error: put back") end)
    error("boom")
  end,
}

test {
  id = "fin.timeout", title = "times out in a loop that catches every error",
  clause = "docs/suite-api.md t:finally", timeout = 1,
  run = function(t)
    t:finally(function(t2)
      bench.log("fin.timeout: put back")
      t2:note("restored", "after the timeout")
    end)
    while true do pcall(function() while true do end end) end
  end,
}

test {
  id = "fin.skip", title = "skips", clause = "docs/suite-api.md t:finally",
  run = function(t)
    t:finally(function() bench.log("fin.skip: put back") end)
    t:skip("no fixture")
  end,
}

test {
  id = "fin.none", title = "registers nothing: the list is the test's own",
  clause = "docs/suite-api.md t:finally",
  run = function(t) t:ok(true, "ran") end,
}

test {
  id = "fin.raises", title = "its finally raises", clause = "docs/suite-api.md t:finally",
  run = function(t)
    t:finally(function() bench.log("fin.raises: the other still runs") end)
    t:finally(function() error("cannot switch the mains back on") end)
    t:ok(true, "ran")
  end,
}

test {
  id = "fin.hang", title = "its finally never returns, and a thousand wait behind it",
  clause = "docs/suite-api.md t:finally", timeout = 1,
  run = function(t)
    for i = 1, 1000 do t:finally(function() bench.log("fin.hang: ran " .. i) end) end
    t:finally(function() while true do pcall(function() while true do end end) end end)
    t:ok(true, "ran")
  end,
}
