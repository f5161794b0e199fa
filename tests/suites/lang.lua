-- Both titles, two standards, every verdict: tests/report_lang.t.
suite { title = "Bilingual report", standard = "GF 61/T PT002-2014" }

test { id = "lang.pass", title = "Reads the card number", title_zh = "读取卡号",
  clause = "GF 61/T PT002-2014 §10.2 读卡",
  run = function(t)
    t:eq(1 + 1, 2, "sum")
    -- A series of three: the plots section has a plot, its caption and axes.
    for i = 1, 3 do t:measure { name = "temp", value = 20 + i, unit = "C", min = 15, max = 35 } end
  end }

test { id = "lang.fail", title = "Answers SELECT with 9000", title_zh = "选择命令应答 9000",
  clause = "GF 61/T PT002-2014 §10.3 选择",
  run = function(t) t:eq("6A82", "9000", "status word") end }

test { id = "lang.skip", title = "Holds at 40 degrees", title_zh = "40 度保持",
  clause = "DB43/T 3.3 §6.5.3 贮存",
  run = function(t) t:skip("no chamber") end }

test { id = "lang.todo", title = "Single title only", clause = "DB43/T 3.3 §6.5.4 运输",
  todo = "fix pending", run = function(t) t:fail("not implemented in DUT") end }

