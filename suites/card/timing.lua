-- Timing and repeatability. Each command a terminal uses in everyday work
-- is sent N times (N = 10, or the card role's `repeat` option): every
-- repetition must give the same answer as the first (the same data and
-- status word: a file read twice is the same file; a card that fails one
-- time in two fails here). Each command's times are reported as min, p50,
-- p95 and max (ms).
--
-- They are judged against the card role's `max_response_ms` when the
-- station sets one (the lab's terminal's limit). Otherwise they are
-- measured, not judged, as the security suites' times are: neither GF 61/T
-- nor 社会保障卡加载金融功能通用规范 sets a card's response time, and
-- ISO/IEC 7816-3:2006's waiting time (WT = WI x 960 x Fi / f in T=0,
-- §10.2, WI from TC2, default 10; BWT = 11 etu + 2^BWI x 960 x 372 / f in
-- T=1, §11.4.3, BWI from the TB of T=1, default 4) bounds the wait for
-- the next character, which a card may restart with NULL bytes (T=0) or a
-- waiting time extension (T=1) as often as it needs: a PC/SC host sees
-- neither, so a longer answer is no fault it can show. That time, from the
-- card's ATR at f = 3.5712 MHz plus 12 etu a byte moved, is noted beside
-- the times for the lab to read.
suite {
  title = "Response times and repeatability",
  standard = "ISO/IEC 7816-3:2006 §10.2, §11.4.3; GF 61/T PT002-2014 §10.3.2",
}

local ex = require("apdu").ex
local session = require "session"

local F_HZ = 3.5712e6
local MF = "00A40000023F0000"
local cardlib = require "cardlib"
local SSSE, PSE = cardlib.select_name("SSSE"), cardlib.select_name("PSE")
local CLAUSE = "ISO/IEC 7816-3:2006 §10.2 (WT), §11.4.3 (BWT); " ..
               "GF 61/T PT002-2014 §10.3.2 (reading card data)"

-- The ISO/IEC 7816-3 waiting time for the card's ATR and protocol, ms.
local function waiting_ms(atr, proto)
  local etu372 = 372 / F_HZ * 1000
  if proto == "T=0" then
    local wi = atr.tc[2] and tonumber(atr.tc[2], 16) or 10
    return wi * 960 * atr.fi / F_HZ * 1000, string.format("WT (WI %d)", wi)
  end
  local bwi = 4
  for i = 1, #atr.td do
    if atr.td[i] and tonumber(atr.td[i], 16) & 0x0F == 1 then
      bwi = atr.tb[i + 1] and tonumber(atr.tb[i + 1], 16) >> 4 or 4
      break
    end
  end
  return 11 * etu372 + 2 ^ bwi * 960 * 372 / F_HZ * 1000, string.format("BWT (BWI %d)", bwi)
end

-- ISO/IEC 7816-3's waiting time for an exchange of n bytes (command +
-- answer), ms, and how it was found.
local function waiting(t, nbytes)
  local card = t.roles.card
  local atr = bench.atr.parse(card:atr())
  local w, what = waiting_ms(atr or { tc = {}, td = {}, tb = {}, fi = 372 }, card:protocol())
  local xfer = (nbytes + 4) * 12 * 372 / F_HZ * 1000
  return math.ceil(w + xfer), string.format("%s %.0f ms + %d bytes %.0f ms, at %.4f MHz", what, w,
                                            nbytes, xfer, F_HZ / 1e6)
end

-- The limit for an exchange of n bytes, or nil; and what it is, or why none.
local function limit(t, nbytes)
  local opt = t.station.roles.card and t.station.roles.card.max_response_ms
  if opt then return tonumber(opt), "max_response_ms of the station" end
  local w, how = waiting(t, nbytes)
  return nil, string.format("none (no max_response_ms): measured, not judged; ISO/IEC 7816-3's "
                            .. "waiting time %d ms (%s) bounds the wait between characters, "
                            .. "which NULL bytes or a waiting time extension restart unseen", w, how)
end

local function repeats(t)
  local n = tonumber(t.station.roles.card and t.station.roles.card["repeat"] or "") or 10
  return math.max(n, 2)
end

local function quantile(sorted, q)
  return sorted[math.max(1, math.ceil(q * #sorted))]
end

-- min/p50/p95/max of the times (ms), each against the limit.
local function report(t, id, times, nbytes)
  table.sort(times)
  local lim, src = limit(t, nbytes)
  t:note("limit", lim and lim .. " ms: " .. src or src)
  for _, q in ipairs { { "min", 0 }, { "p50", 0.5 }, { "p95", 0.95 }, { "max", 1 } } do
    t:measure { name = id .. "_" .. q[1], value = quantile(times, q[2]), unit = "ms", max = lim }
  end
end

-- The answer a repetition must give again: data and SW, or for a fresh
-- challenge its SW and length only.
local function answer(r, fresh)
  return fresh and (r.sw .. " " .. #r.data // 2 .. " bytes") or (r.data .. " " .. r.sw)
end

-- VERIFY's APDU holds the PIN: built when sent, named "PIN" elsewhere.
local function pin()
  return bench.keys.verify_apdu(bench.keys.pin("card", "holder"))
end

-- A setup step: an APDU, "PIN" (VERIFY), "AUTH" (EXTERNAL AUTHENTICATE
-- with the key the DIR's read condition asks, cardlib.dir_key) or "EF:FID"
-- (SELECT of an EF, cardlib.select_ef). Its answer and what it is.
local function setup(t, card, a)
  if a == "AUTH" then
    local ch = card:transmit("0084000008")
    if ch.sw ~= "9000" then return ch, "GET CHALLENGE" end
    return card:transmit(cardlib.dir_auth_apdu(t, ch.data)), "EXTERNAL AUTHENTICATE"
  elseif a:sub(1, 3) == "EF:" then
    return (cardlib.select_ef(card, a:sub(4))), "SELECT " .. a:sub(4)
  end
  return card:transmit(a == "PIN" and pin() or a), a == "PIN" and "VERIFY" or a
end

-- The timed APDUs: "EF:FID" is the SELECT that serves on this card,
-- "INT:DATA" INTERNAL AUTHENTICATE with the card's key reference.
local function timed_apdus(t, card, c)
  local l = {}
  for k, a in ipairs(c.timed) do
    local kind, arg = a:match("^(%u+):(%x+)$")
    l[k] = kind == "EF" and select(2, cardlib.select_ef(card, arg)) or
           kind == "INT" and cardlib.int_auth_apdu(t, arg) or a
  end
  return l
end

-- Every repetition's setup must be served (9000): a refused setup would
-- leave the timed commands refused too, and their times an error's.
-- Returns false when it was not.
local function set_up(t, card, c, i)
  for _, a in ipairs(c.setup or {}) do
    local r, what = setup(t, card, a)
    if r.sw ~= "9000" then
      t:fail(string.format("repetition %d: the setup %s is refused", i, what), ex(r))
      return false
    end
  end
  return true
end

local function run_command(t, c)
  local card = t.roles.card
  local n, times, first, nbytes, bad = repeats(t), {}, {}, 0, 0
  t:note("repetitions", n)
  t:require(set_up(t, card, c, 0), "the setup is served")
  local timed = timed_apdus(t, card, c)
  for i = 1, n do
    if not set_up(t, card, c, i) then return end
    for k, a in ipairs(timed) do
      local r = card:transmit(a == "PIN" and pin() or a)
      if i == 1 and k == 1 and c.optional and r.sw == "6A82" then
        t:skip(c.name .. ": the card has none (6A82); " .. c.optional)
      elseif i == 1 and k == 1 then
        t:require(t:sw(r, "9000", "the first timed command is served: its time is the card's "
                       .. "work, not a refusal's"), "a served command")
      end
      times[#times + 1] = r.us / 1000
      nbytes = math.max(nbytes, #a // 2 + #r.data // 2 + 2)
      local got = answer(r, c.fresh)
      first[k] = first[k] or { got = got, r = r }
      if got ~= first[k].got then
        bad = bad + 1
        if bad <= 3 then
          t:fail(string.format("repetition %d of %s gives another answer than the first", i,
                               a), ex(r) .. "; first " .. ex(first[k].r))
        end
      end
    end
  end
  t:ok(bad == 0, string.format("%d repetitions, the same answer each time (%d differ)", n, bad))
  report(t, c.id, times, nbytes)
end

-- READ RECORD 1..n of each {sfi, n}, in order.
local function records(...)
  local l = {}
  for _, f in ipairs { ... } do
    for i = 1, f[2] do l[#l + 1] = string.format("00B2%02X%02X00", i, f[1] * 8 + 4) end
  end
  return l
end

local COMMANDS = {
  { id = "select_mf", name = "SELECT MF", timed = { MF } },
  { id = "select_ssse", name = "SELECT SSSE by name", setup = { MF }, timed = { SSSE } },
  { id = "select_pse", name = "SELECT PSE by name", setup = { MF }, timed = { PSE } },
  { id = "select_ppse", name = "SELECT PPSE by name", setup = { MF },
    timed = { "00A404000E325041592E5359532E444446303100" },
    optional = "GF 61/T PT002-2014 §11.7: the PPSE comes with a bank application" },
  { id = "select_ef05", name = "SELECT EF05 by FID", setup = { MF }, timed = { "EF:EF05" } },
  { id = "read_ef05", name = "READ RECORD of EF05 (7 records)", setup = { MF },
    timed = records { 5, 7 } },
  { id = "read_ef06", name = "READ RECORD of EF06 (6 records)", setup = { MF },
    timed = records { 6, 6 } },
  { id = "read_ef08_0c", name = "READ RECORD of EF08-EF0C (after VERIFY)", setup = { MF, "PIN" },
    secure = true,
    timed = records({ 8, 3 }, { 9, 4 }, { 0x0A, 5 }, { 0x0B, 1 }, { 0x0C, 9 }) },
  { id = "read_dir", name = "READ RECORD of the DIR (after EXTERNAL AUTHENTICATE)",
    setup = { MF, "AUTH" }, timed = records { 1, 13 }, secure = true },
  { id = "read_ef07", name = "READ BINARY of EF07 (3 x 256 bytes)",
    setup = { MF, "EF:EF07" }, timed = { "00B0000000", "00B0010000", "00B0020000" } },
  { id = "get_challenge", name = "GET CHALLENGE (8 bytes)", timed = { "0084000008" }, fresh = true },
  { id = "verify", name = "VERIFY (right PIN)", setup = { MF }, timed = { "PIN" }, secure = true },
  { id = "internal_auth", name = "INTERNAL AUTHENTICATE in the SSSE",
    setup = { MF, SSSE }, timed = { "INT:0011223344556677" } },
}

for _, c in ipairs(COMMANDS) do
  test {
    id = "card.timing." .. c.id,
    title = c.name .. ": N times the same answer, each within the response-time limit",
    title_zh = c.name .. "：N 次应答相同，每次均在响应时间限值内",
    clause = CLAUSE,
    roles = { "card" },
    run = function(t)
      if not c.secure then return run_command(t, c) end
      session.then_reset(t.roles.card, function() run_command(t, c) end)
    end,
  }
end
