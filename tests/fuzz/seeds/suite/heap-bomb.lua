local s = "x"
for i = 1, 40 do s = s .. s end
test { id = "bomb", title = "t", clause = "c", run = function(t) end }
