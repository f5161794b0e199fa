-- Shared pieces of the terminal/reader suites: the limits the seeds give
-- per DUT class, the identity read every timing test uses, and slot lookup
-- by reader glob (without opening a slot that may not exist: opening a role
-- whose reader is gone bails the whole run out).
local M = {}

local apdu = require "apdu"

-- PSAM/SAM slots per DUT class. DB43/T 3.3 §6.3.4 表4 item 9: interactive
-- terminals have 2 PSAM slots; §6.3.5 表5 item 6: document cameras >= 4 SAM
-- slots. GF 61/T PT002-2014 §8.1/§8.2: every contact or contactless
-- terminal has at least one SAM slot.
M.PSAM = {
  interactive = { min = 2, clause = "DB43/T 3.3 §6.3.4 表4 (9)" },
  ["document-camera"] = { min = 4, clause = "DB43/T 3.3 §6.3.5 表5 (6)" },
}
M.PSAM_DEFAULT = { min = 1, clause = "GF 61/T PT002-2014 §8.1, §8.2" }

function M.psam_rule(t)
  return M.PSAM[t.station.dut.class or ""] or M.PSAM_DEFAULT
end

-- Contactless: GF 61/T §5.1 0..4 cm must work, > 10 cm must fail. A
-- self-service terminal's contactless reader reads at 0-5 cm (DB43/T 3.3
-- §6.3.3 表3 非接触式读卡器 "读卡距离 0～5cm"); a document camera's IC card
-- reader at >= 4 cm (表5 (5)): its 5 cm is the ID card reader's (表5 (7),
-- terminal.idcard.distance), not this antenna's.
function M.field_limits(t)
  local self_service = t.station.dut.class == "self-service"
  return { works_mm = self_service and 50 or 40, fails_beyond_mm = 100 }
end

-- The card interfaces a per-interface test runs on, each with the station
-- role that reaches the card through it.
M.INTERFACES = {
  { name = "contact", role = "card" },
  { name = "contactless", role = "contactless" },
}

-- A station glob ("Bench vpcd 2 *") as an anchored Lua pattern.
function M.glob_pattern(glob)
  local p = glob:gsub("[%^%$%(%)%%%.%[%]%+%-]", "%%%0")
  p = p:gsub("%*", ".*"):gsub("%?", ".")
  return "^" .. p .. "$"
end

-- The station's roles with option `key` (of `value`, when given), sorted:
-- the cards a lab put on its readers (`rf_type`, `mifare`, `memory_card`).
function M.roles_with(t, key, value)
  local names = {}
  for name, opts in pairs(t.station.roles) do
    if opts[key] ~= nil and (value == nil or opts[key] == value) then names[#names + 1] = name end
  end
  table.sort(names)
  return names
end

-- Runs fn(name, opts) for every role declaring `key`, sorted; the test
-- SKIPs (`why`) when none does: a station without such a card.
function M.each_declared(t, key, why, fn)
  local names = M.roles_with(t, key)
  if #names == 0 then t:skip(why) end
  for _, name in ipairs(names) do fn(name, t.station.roles[name]) end
end

-- The PSAM roles the station declares (sam1, sam2, ... in order).
function M.sam_roles(t)
  local list = {}
  for n = 1, 16 do
    local r = t.station.roles["sam" .. n]
    if r then list[#list + 1] = { name = "sam" .. n, opts = r } end
  end
  return list
end

-- The reader of `names` the glob matches, or nil.
function M.find_reader(names, glob)
  local pat = M.glob_pattern(glob)
  for _, n in ipairs(names) do
    if n:match(pat) then return n end
  end
end

-- The identity files of the card: EF05 records 1-7, EF06 records 1-6. GF
-- 61/T PT002-2014 appendix F.1 puts them in the MF; a social security card
-- of 社会保障卡加载金融功能通用规范 (the one a Hunan DB43/T 3.3 terminal
-- serves) has its social security files in the SSSE ("sx1.sh.社会保障"): where
-- the MF has no EF05 (6A82), they are read there. Returns the number of
-- APDUs, the first exchange that did not answer 9000 (nil when all did),
-- and where they were read ("MF" or "SSSE"). A device error (dropped APDU,
-- removed card) raises, as transmit does.
M.IDENTITY = { { sfi = 5, n = 7 }, { sfi = 6, n = 6 } }

function M.read_identity(card)
  local r = card:transmit("00A40000023F0000")
  if r.sw ~= "9000" then return 1, r, "MF" end
  local count, where = 1, "MF"
  for _, f in ipairs(M.IDENTITY) do
    for i = 1, f.n do
      r = apdu.read_record(card, f.sfi, i)
      count = count + 1
      if r.sw == "6A82" and count == 2 then -- no EF05 in the MF
        where, count = "SSSE", count + 1
        r = card:transmit(apdu.select_name("SSSE"))
        if r.sw ~= "9000" then return count, r, where end
        r, count = apdu.read_record(card, f.sfi, i), count + 1
      end
      if r.sw ~= "9000" then return count, r, where end
    end
  end
  return count, nil, where
end

-- Selects the DF holding the identity files, as read_identity finds it:
-- the MF, or the SSSE where the MF has no EF05 (record 1 answers 6A82).
-- Returns "MF" or "SSSE", or nil and the exchange that failed.
function M.identity_df(card)
  local r = card:transmit("00A40000023F0000")
  if r.sw ~= "9000" then return nil, r end
  if apdu.read_record(card, 5, 1).sw ~= "6A82" then return "MF" end
  r = card:transmit(apdu.select_name("SSSE"))
  if r.sw ~= "9000" then return nil, r end
  return "SSSE"
end

M.ex = apdu.ex

-- After the position fixture moved the card, its presence must reach the
-- host: pcscd polls readers without interrupt support every 400 ms.
M.SETTLE_S = 0.8

-- Sleeps s seconds of real time.
function M.real_sleep(t, s)
  bench.sleep(s * (t.station.time_scale or 1))
end

-- Reconnects a role whose card may have left and come back.
function M.fresh(card)
  card:disconnect()
  card:reconnect()
end

-- After the operator swapped the card of role `name` for another (and
-- answered): the swap reaches the host (SETTLE_S), then the role
-- reconnects, for 5 s more while the new card is not seen. Returns true and
-- f(role), or false and the error (opening a role connects: a slot with no
-- card that answers raises). f is retried with it: it checks nothing.
function M.after_swap(t, name, f)
  M.real_sleep(t, M.SETTLE_S)
  local ok, r
  for _ = 1, 25 do
    ok, r = pcall(function()
      local role = t.roles[name]
      M.fresh(role)
      return f(role)
    end)
    if ok then break end
    M.real_sleep(t, 0.2)
  end
  return ok, r
end

-- Asks the operator to put back what the station declares (`put_back`,
-- `prompt`); not answered, or answered no, it raises: the station is left
-- changed, so the put-back fails and its marker stays (docs/suite-api.md
-- "Putting things back").
function M.ask_back(t, prompt)
  if not t:ask { key = "put_back", kind = "yesno", prompt = prompt } then
    error("the operator did not put back what the station declares: it is left changed", 0)
  end
end

-- For a test whose operator swaps a card or PSAM of the station: returns
-- ask(key, prompt), which asks the operator for the swap (true: done).
-- From here until the test ends the station may be changed (a run killed
-- while the operator swaps leaves the station's marker, and the test's
-- rest_at_resume asks again): however the test ends, its t:finally asks
-- for the station's back (`back`, M.ask_back) once a swap was done.
function M.swaps(t, back)
  local swapped = false
  t:finally(function() if swapped then M.ask_back(t, back) end end)
  return function(key, prompt)
    local yes = t:ask { key = key, kind = "yesno", prompt = prompt }
    swapped = swapped or yes
    return yes
  end
end

-- The put-back prompt for the `contactless` role's card (of its rf_type).
function M.card_back(t, where)
  return string.format("Put the station's Type %s card back %s. Done?",
    t.station.roles.contactless.rf_type, where)
end

-- The operator puts an ISO 14443 Type `want` card where the `contactless`
-- role's card is (`where`: "on the contactless antenna", "in the actuator's
-- holder"), answering `key`; fn(card) checks it there, then the station's
-- card goes back (`put_back`, M.swaps), however the test ends. No card put
-- there: SKIP.
function M.other_type(t, key, want, where, fn)
  local had = t.station.roles.contactless.rf_type
  local ask = M.swaps(t, M.card_back(t, where))
  if not ask(key, string.format(
        "Put an ISO/IEC 14443 Type %s card %s instead of its Type %s card. Done? " ..
        "(n: Type %s not tested)", want, where, had, want)) then
    t:skip(string.format("no Type %s card was put %s", want, where))
  end
  t:note("card", string.format("Type %s, put %s by the operator", want, where))
  local ok, atr = M.after_swap(t, "contactless", function(card) return card:atr() end)
  if t:ok(ok, string.format("the Type %s card put %s is seen", want, where), tostring(atr)) then
    fn(t.roles.contactless)
  end
end

-- Reconnects and selects the MF, catching a device error (a card that has
-- not come back raises): true and the answer, or false and the error.
function M.reconnect_mf(card)
  return pcall(function()
    M.fresh(card)
    return card:transmit("00A40000023F0000")
  end)
end

return M
