-- A skip after a failed check must not hide the failure (tests/skip.t).
suite { title = "Skips after failures", standard = "bench self-test" }

test { id = "sk.after_fail", title = "fails, then skips", clause = "self §1",
  run = function(t) t:eq("6A82", "9000", "status word") t:skip("no fixture") end }

test { id = "sk.after_pass", title = "passes a check, then skips", clause = "self §2",
  run = function(t) t:eq(1, 1, "one") t:skip("no fixture") end }

test { id = "sk.ask_after_fail", title = "fails, then an operator step no one answers", clause = "self §3",
  run = function(t)
    t:ok(false, "the PSAM answers")
    t:ask { key = "swapped", kind = "yesno", prompt = "Swap it?" }
  end }

test { id = "sk.ask", title = "an operator step no one answers", clause = "self §4",
  run = function(t) t:ask { key = "swapped", kind = "yesno", prompt = "Swap it?" } end }
