test { id = "broken.one", title = "ok", clause = "self §1",
  run = function(t) t:ok(true) end }
test { id = "broken.two" title = "missing comma", clause = "self §2" }
