test { id = "nul", title = "a\0b", clause = "c\255", run = function(t) end }
test { id = "bad id!", title = "t", clause = "c", run = function(t) end }
