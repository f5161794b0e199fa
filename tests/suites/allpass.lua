test { id = "allpass.one", title = "passes", clause = "self §1",
  run = function(t) t:ok(true, "truth") end }
test { id = "allpass.two", title = "passes with a measurement", clause = "self §2",
  run = function(t) t:measure { name = "x", value = 0.5, unit = "mm", lt = 1.0 } end }
