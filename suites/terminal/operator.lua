-- What only a person can judge: the buzzer and the two-colour LED
-- (DB43/T 3.3 §6.3.5 表5 (2), (4)). The bench reads the card so the
-- terminal has something to signal, then asks. Unattended runs take the
-- answers from --answers (terminal.buzzer.beeps: yes ...); without one the
-- test SKIPs, it never passes unseen.
suite {
  title = "Terminal buzzer and indicator LED (operator)",
  standard = "DB43/T 3.3 §6.3.5",
}

local term = require "terminal"

test {
  id = "terminal.buzzer",
  title = "The buzzer sounds when a card is read",
  title_zh = "读卡时蜂鸣器发声",
  clause = "DB43/T 3.3 §6.3.5 表5 (2)",
  roles = { "card" },
  run = function(t)
    local n, bad = term.read_identity(t.roles.card)
    t:ok(bad == nil, "identity read for the operator to hear", bad and term.ex(bad))
    t:note("apdus", n)
    t:ask { key = "beeps", prompt = "Did the terminal beep when the card was read?",
            kind = "yesno", expect = true }
  end,
}

test {
  id = "terminal.led",
  title = "The indicator LED shows two colours (idle / card read)",
  title_zh = "指示灯有两种颜色（待机 / 读卡）",
  clause = "DB43/T 3.3 §6.3.5 表5 (4)",
  roles = { "card" },
  run = function(t)
    t:ask { key = "idle_colour", prompt = "Is the LED lit in its idle colour now?",
            kind = "yesno", expect = true }
    term.read_identity(t.roles.card)
    t:ask { key = "read_colour",
            prompt = "Did the LED change to its second colour during the read?",
            kind = "yesno", expect = true }
  end,
}
