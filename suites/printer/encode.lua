-- Encoding while printing: DB43/T 3.3 表1 item 2, "支持接触式、非接触式模块并行
-- 工作，打印机自身工作时，对读、写模块的工作没有影响": the contact and the
-- contactless modules work side by side, and printing does not disturb
-- them. While one card prints, each module the station has (`card`, and
-- `contactless` where present) runs its own loop of SELECT MF and READ
-- RECORD of EF05 record 1, in parallel branches; every answer must be the
-- one it gave before the print, data included. The APDU time distribution
-- of each is reported. (Writing is not exercised: a card's writable files
-- and their keys are the issuer's.)
--
-- A single-path printer holds one card: its module in the card path (the
-- contact encoder, say) has the card being printed and nothing to read
-- while it prints, and the clause asks no module to do the impossible. A
-- module the station marks `in_card_path: true` is left out, noted; with
-- every module in the path the test SKIPs, saying so. A station without
-- one of the two roles cannot show the clause's side by side: what it has
-- is watched and judged, and the test ends inconclusive, naming the one
-- missing (a failure it saw still fails).
local P = require "printerlib"

suite {
  title = "Card printer: encoding while printing",
  standard = "DB43/T 3.3",
}

local SELECT_MF, READ_EF05 = "00A40000023F00", "00B2012C00"

-- One module's loop until done(): {times=, errors=}.
local function module_loop(t, card, suffix, done)
  local want = { card:transmit(SELECT_MF), card:transmit(READ_EF05) }
  t:require(want[1].sw == "9000" and want[2].sw == "9000",
            "the card answers SELECT MF and EF05 before printing" .. suffix)
  local out, i = { times = {}, errors = 0 }, 0
  repeat
    i = i + 1
    local apdu, ref = i % 2 == 1 and SELECT_MF or READ_EF05, want[2 - i % 2]
    local a0 = bench.mono()
    local ok, r = pcall(card.transmit, card, apdu)
    out.times[#out.times + 1] = (bench.mono() - a0) * 1000
    if not ok or r.sw ~= ref.sw or r.data ~= ref.data then
      out.errors = out.errors + 1
      if out.errors <= 10 then -- the first ones say what; apdu_errors counts them all
        t:note("apdu_error" .. suffix .. out.errors, ok and string.format(
          "%s: SW %s data %s, expected %s %s", apdu, r.sw, r.data, ref.sw, ref.data) or r)
      end
    end
  until done()
  return out
end

local function report(t, m, suffix)
  local times = m.times
  t:ok(#times >= 3, "at least 3 APDUs during the print" .. suffix, #times .. " APDUs")
  t:measure { name = "apdu_errors" .. suffix, value = m.errors, unit = "", equal = 0, tol = 0 }
  table.sort(times)
  local function q(f) return times[math.max(1, math.ceil(#times * f))] end
  if #times > 0 then
    t:note("apdus" .. suffix, #times)
    t:note("apdu_ms" .. suffix, string.format("min %.2f p50 %.2f p95 %.2f max %.2f",
                                               times[1], q(0.5), q(0.95), times[#times]))
    t:measure { name = "apdu_time_p95" .. suffix, value = q(0.95), unit = "ms" }
  end
end

test {
  id = "printer.encode_while_printing",
  title = "Zero APDU errors on the contact and contactless modules, side by side, while the "
          .. "printer prints",
  title_zh = "打印过程中接触式、非接触式模块并行读写卡无 APDU 错误",
  clause = "DB43/T 3.3 §6.3.1 表1-2; §6.3.2 表2; §6.3.3 表3",
  roles = { "printer", "card" },
  uses = { "contactless" },
  run = function(t)
    local p = t.roles.printer
    local modules, missing = {}, nil -- suffix: of its measurements
    for _, m in ipairs { { role = "card", suffix = "" },
                         { role = "contactless", suffix = "_contactless" } } do
      local r = t.station.roles[m.role]
      if not r then
        t:note(m.role, "no " .. m.role .. " role: not watched")
        missing = m.role
      elseif r.in_card_path == "true" then
        t:note(m.role, "in the card path (in_card_path): it holds the card being printed, so "
               .. "it has nothing to read while the printer prints; not watched")
      else
        modules[#modules + 1] = m
      end
    end
    if #modules == 0 then
      t:skip("every module is in the card path (in_card_path): a single-path printer leaves "
             .. "none a card to read while it prints")
    end
    local file, name = P.target(t)
    local job = p:print { file = file, name = name, sides = "one-sided" }
    local t0 = bench.mono()
    local function done() return job.done or bench.mono() - t0 > 600 end
    local results, branches = {}, {}
    branches.printer = function()
      repeat
        job:poll()
        bench.sleep(0.05)
      until done()
    end
    for _, m in ipairs(modules) do
      branches[m.role] = function()
        results[m.role] = module_loop(t, t.roles[m.role], m.suffix, done)
      end
    end
    t:parallel(branches)
    local state, _, msg = job:wait()
    P.undecided_if_purged(t, state, msg)
    t:eq(state, "completed", "the card printed while the modules were in use")
    for _, m in ipairs(modules) do report(t, results[m.role], m.suffix) end
    if missing then
      t:inconclusive("the station has no " .. missing .. " role: the clause asks the contact "
                     .. "and contactless modules to work side by side while the printer prints")
    end
  end,
}
