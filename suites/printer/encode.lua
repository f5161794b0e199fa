-- Encoding while printing: the card reader/encoder keeps working while the
-- printer prints (seed 000 table 1 item 2: "打印机自身工作时，对读、写模块的
-- 工作没有影响"). A loop of APDUs runs on the card role for as long as a
-- job prints; every APDU must succeed, and the APDU time distribution is
-- reported.
local P = require "printerlib"

suite {
  title = "Card printer: encoding while printing",
  standard = "DB43/T 3.3",
}

local SELECT_MF = "00A40000023F00"

test {
  id = "printer.encode_while_printing",
  title = "Zero APDU errors on the card role while the printer prints",
  title_zh = "打印过程中读写卡无 APDU 错误",
  clause = "DB43/T 3.3 §6.3.1 表1-2; §6.3.2 表2; §6.3.3 表3",
  roles = { "printer", "card" },
  run = function(t)
    local p, card = t.roles.printer, t.roles.card
    local ref = card:transmit(SELECT_MF)
    t:require(ref ~= nil, "card answers before printing")
    local want = ref.sw
    local times, errors = {}, 0
    local file, name = P.target(t)
    local job = p:print { file = file, name = name, sides = "one-sided" }
    local t0 = bench.mono()
    repeat
      local a0 = bench.mono()
      local ok, r = pcall(card.transmit, card, SELECT_MF)
      times[#times + 1] = (bench.mono() - a0) * 1000
      if not ok or r.sw ~= want then
        errors = errors + 1
        t:note("apdu_error" .. errors, ok and ("SW " .. r.sw .. ", expected " .. want) or r)
      end
      local state = job:poll()
    until state == "completed" or state == "aborted" or state == "canceled"
      or bench.mono() - t0 > 600
    local state = job:wait()
    t:eq(state, "completed", "the card printed while the card was in use")
    t:ok(#times >= 3, "at least 3 APDUs during the print", #times .. " APDUs")
    t:measure { name = "apdu_errors", value = errors, unit = "", equal = 0, tol = 0 }
    table.sort(times)
    local function q(f) return times[math.max(1, math.ceil(#times * f))] end
    if #times > 0 then
      t:note("apdus", #times)
      t:note("apdu_ms", string.format("min %.2f p50 %.2f p95 %.2f max %.2f",
                                      times[1], q(0.5), q(0.95), times[#times]))
      t:measure { name = "apdu_time_p95", value = q(0.95), unit = "ms" }
    end
  end,
}
