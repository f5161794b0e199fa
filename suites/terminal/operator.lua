-- What only a person can judge: the buzzer and the two-colour LED. Both
-- are rows of DB43/T 3.3 §6.3.5 表5 only (the document-camera terminal):
-- (2) "蜂鸣器 支持自定义", a buzzer the host can set, and (4) "指示灯 具备
-- 双色指示灯", an indicator of two colours; a DUT of another class SKIPs
-- them. Unattended runs take the answers from --answers
-- (terminal.buzzer.customisable: yes ...); without one the test SKIPs, it
-- never passes unseen.
suite {
  title = "Terminal buzzer and indicator LED (operator)",
  standard = "DB43/T 3.3 §6.3.5",
}

local term = require "terminal"

test {
  id = "terminal.buzzer",
  title = "The buzzer can be set by the host (supports customisation)",
  title_zh = "蜂鸣器支持自定义",
  clause = "DB43/T 3.3 §6.3.5 表5 (2)",
  dut_class = "document-camera",
  roles = { "card" },
  run = function(t)
    local n, bad = term.read_identity(t.roles.card)
    t:ok(bad == nil, "identity read, for a terminal that beeps on it", bad and term.ex(bad))
    t:note("apdus", n)
    t:ask { key = "customisable", kind = "yesno", expect = true,
            prompt = "Can the host set the buzzer through the terminal's software (sound it, "
                     .. "silence it, or choose its pattern)?" }
  end,
}

test {
  id = "terminal.led",
  title = "The indicator LED has two colours",
  title_zh = "具备双色指示灯",
  clause = "DB43/T 3.3 §6.3.5 表5 (4)",
  dut_class = "document-camera",
  roles = { "card" },
  run = function(t)
    term.read_identity(t.roles.card)
    t:ask { key = "two_colours", kind = "yesno", expect = true,
            prompt = "Does the indicator show two distinct colours (in any of the terminal's "
                     .. "states, e.g. idle and card read)?" }
  end,
}
