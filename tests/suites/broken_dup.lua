test { id = "dup.one", title = "ok", clause = "self §1", run = function(t) end }
test { id = "dup.one", title = "again", clause = "self §1", run = function(t) end }
