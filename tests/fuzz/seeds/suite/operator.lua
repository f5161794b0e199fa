test { id = "op.visual", title = "card face legible", clause = "self §1",
  run = function(t) t:ask { key = "legible", prompt = "Legible?", kind = "yesno", expect = true } end }
test { id = "op.warp", title = "warpage", clause = "self §2",
  run = function(t) t:ask { key = "mm", prompt = "Warpage (mm)?", kind = "number", unit = "mm", max = 2.0 } end }
test { id = "op.unanswered", title = "no answer", clause = "self §3",
  run = function(t) t:ask { key = "x", prompt = "?", kind = "yesno" } end }
test { id = "op.badexpect", title = "expect that is no yes/no", clause = "self §4",
  run = function(t) t:ask { key = "y", prompt = "?", kind = "yesno", expect = 1 } end }
