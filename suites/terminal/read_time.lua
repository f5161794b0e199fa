-- Reading the card's identity files takes less than 1 s: DB43/T 3.3
-- §6.3.3 "读卡速度<1s". Identity files: SELECT MF, EF05 records 1-7,
-- EF06 records 1-6 (GF 61/T PT002-2014 appendix F.1.1/F.1.2).
suite {
  title = "Read time",
  standard = "DB43/T 3.3 §6.3.3",
}

local term = require "terminal"
local LIMIT_MS = 1000

local function read_time(t, role)
  local card = t.roles[role]
  card:transmit("00A40000023F0000") -- connected and warm: time the read only
  local t0 = bench.mono()
  local n, bad = term.read_identity(card)
  local ms = (bench.mono() - t0) * 1000
  t:note("apdus", n)
  t:ok(bad == nil, "every identity read answers 9000", bad and term.ex(bad))
  t:measure { name = "read_time", value = ms, unit = "ms", lt = LIMIT_MS }
end

for _, v in ipairs(term.INTERFACES) do
  test {
    id = "terminal.read_time." .. v.name,
    title = "Identity files read in < 1 s (" .. v.name .. ")",
    title_zh = "读取身份信息文件时间 < 1 s（" .. v.name .. "）",
    clause = "DB43/T 3.3 §6.3.3",
    roles = { v.role },
    run = function(t) read_time(t, v.role) end,
  }
end
