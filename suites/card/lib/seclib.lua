-- What the security suites (state, mac, choices, pin, block, sm, auth,
-- purse) share: the table of status words the standards allow per case,
-- the issuer choices of the card profile, PIN, secure-messaging and e-purse
-- helpers. Every cryptogram is the bench's own, from the station key file.
local M = {}

local C = bench.crypto

M.ex = require("apdu").ex
local cardlib = require "cardlib"

-- Where ISO/IEC 7816-4 or the card specs allow several answers, a
-- conformant card may give any of them: each case lists every acceptable
-- status word ("X" any nibble) with the clause that allows it.
local ISO = "ISO/IEC 7816-4 §5.6"
M.SW = {
  -- a wrong PIN while tries remain
  wrong_pin = {
    { "63CX", ISO .. " table 5 (63CX: X further tries); §7.5.6 VERIFY" },
  },
  -- the wrong PIN that spends the last try
  last_try = {
    { "6983", ISO .. " table 6 (authentication method blocked)" },
    { "63C0", ISO .. " table 5 (63CX with X = 0: no try left)" },
  },
  -- any VERIFY (right or wrong) while the PIN is blocked
  pin_blocked = {
    { "6983", ISO .. " table 6 (authentication method blocked)" },
    { "63C0", ISO .. " table 5 (no try left)" },
    { "6984", ISO .. " table 6 (reference data not usable)" },
  },
  -- VERIFY without data: whether verification is needed
  pin_query = {
    { "63CX", "ISO/IEC 7816-4 §7.5.6 (no data: 63CX = verification required, X tries)" },
    { "9000", "ISO/IEC 7816-4 §7.5.6 (no data: 9000 = no verification required)" },
    -- and, below, the no_query answers of a card without the form
  },
  -- VERIFY without data on a card that does not answer that form: ISO/IEC
  -- 7816-4 §7.5.6 says the command "can be used" so, and GF 61/T
  -- PT002-2014 §10.4 lists VERIFY without it (PBOC cards often refuse it)
  no_query = {
    { "6700", ISO .. " table 6 (wrong length: no data)" },
    { "6A80", ISO .. " table 6 (incorrect parameters in the data field)" },
    { "6A87", ISO .. " table 6 (Lc inconsistent with P1-P2)" },
  },
  -- VERIFY without data while the PIN is blocked
  query_blocked = {
    { "63C0", ISO .. " table 5 (no try left)" },
    { "6983", ISO .. " table 6 (authentication method blocked)" },
  },
  -- a PIN of another length than the card's: compared and refused, or
  -- refused for its length
  pin_length = {
    { "63CX", ISO .. " table 5 (verification failed, X tries)" },
    { "6983", ISO .. " table 6 (the refusal spent the last try)" },
    { "6700", ISO .. " table 6 (wrong length)" },
    { "6A80", ISO .. " table 6 (incorrect parameters in the data field)" },
  },
  -- an authentication naming a key the DF does not hold
  no_key = {
    { "6A88", ISO .. " table 6 (referenced data not found)" },
    { "6A86", ISO .. " table 6 (incorrect parameters P1-P2)" },
    { "6B00", ISO .. " table 5 (wrong parameters P1-P2)" },
  },
  -- EXTERNAL AUTHENTICATE with a wrong cryptogram
  auth_failed = {
    { "6300", ISO .. " table 5 (verification failed); §7.5.4 EXTERNAL AUTHENTICATE" },
    { "63CX", ISO .. " table 5 (verification failed, X further tries)" },
  },
  -- a command that needs a challenge no longer valid (used, reset, ...)
  no_challenge = {
    { "6984", ISO .. " table 6 (reference data not usable)" },
    { "6985", ISO .. " table 6 (conditions of use not satisfied)" },
    { "6300", ISO .. " table 5 (verification failed: compared with no or another challenge)" },
    { "63CX", ISO .. " table 5 (verification failed, X further tries)" },
    { "6988", ISO .. " table 6 (incorrect SM data objects: the MAC no longer checks)" },
    { "6982", ISO .. " table 6 (security status not satisfied)" },
  },
  -- a secure-messaging command whose MAC is wrong
  sm_bad_mac = {
    { "6988", ISO .. " table 6 (incorrect SM data objects); GF 61/T PT002-2014 §9.3.2" },
    { "6982", ISO .. " table 6 (security status not satisfied: the SM condition is not met)" },
  },
  -- CREDIT FOR LOAD / DEBIT FOR PURCHASE with a wrong MAC2 / MAC1
  purse_bad_mac = {
    { "9302", "JR/T 0025 (MAC invalid), the e-purse of GF 61/T PT002-2014 §11.8" },
    { "6988", ISO .. " table 6 (incorrect SM data objects)" },
  },
  -- CREDIT / DEBIT with no transaction open (a replay after it completed)
  no_session = {
    { "6985", ISO .. " table 6 (conditions of use not satisfied: no INITIALIZE before)" },
    { "9302", "JR/T 0025 (MAC invalid: checked against a closed session)" },
    { "6984", ISO .. " table 6 (reference data not usable)" },
  },
  -- a load past the issuer's balance limit
  over_limit = {
    { "6985", ISO .. " table 6 (conditions of use not satisfied)" },
    { "6A80", ISO .. " table 6 (incorrect parameters in the data field: the amount)" },
    { "9401", "JR/T 0025 (amount refused by the e-purse)" },
  },
  -- SELECT of a blocked application
  blocked_select = {
    { "6283", ISO .. " table 5 (selected file deactivated); GF 61/T PT002-2014 §9.7.1" },
    { "6A81", "JR/T 0025 (application blocked: function not supported); " .. ISO .. " table 6" },
  },
  -- another command in a blocked application
  blocked_command = {
    { "6985", ISO .. " table 6 (conditions of use not satisfied)" },
    { "6A81", "JR/T 0025 (application blocked); " .. ISO .. " table 6 (function not supported)" },
  },
  -- a command to a blocked card
  card_blocked = {
    { "6A81", "JR/T 0025 (card blocked); " .. ISO .. " table 6 (function not supported)" },
    { "6985", ISO .. " table 6 (conditions of use not satisfied)" },
  },
  -- a command whose security condition is not met (PIN, key)
  security = {
    { "6982", ISO .. " table 6 (security status not satisfied)" },
  },
  -- a command coded as the card does not code it (CLA or INS unknown)
  not_coded = {
    { "6D00", ISO .. " table 6 (instruction code not supported)" },
    { "6E00", ISO .. " table 6 (class not supported)" },
    { "6A81", ISO .. " table 6 (function not supported)" },
  },
}

-- An authentication naming a reference the card may hold for another use
-- (GF 61/T §9.4.2.2: the IDs differ between industry specs): no_key's
-- answers, or a refusal of that key.
M.SW.other_key = {
  { "6985", ISO .. " table 6 (conditions of use not satisfied: a key of another use)" },
  { "6982", ISO .. " table 6 (security status not satisfied: the key needs more first)" },
  { "6984", ISO .. " table 6 (reference data not usable)" },
}
for i, a in ipairs(M.SW.no_key) do table.insert(M.SW.other_key, i, a) end
for _, a in ipairs(M.SW.no_query) do table.insert(M.SW.pin_query, a) end

local function mask_ok(sw, mask)
  for i = 1, 4 do
    local m = mask:sub(i, i)
    if m ~= "X" and m ~= sw:sub(i, i) then return false end
  end
  return true
end

-- The clause under which sw answers case, or nil.
function M.allowed(case, sw)
  for _, a in ipairs(assert(M.SW[case], "no SW case " .. case)) do
    if mask_ok(sw, a[1]) then return a[2] end
  end
  return nil
end

-- Checks r.sw is one the standards allow for case; the check names the SW
-- and the clause it passed under, a failure lists every acceptable one.
function M.sw_in(t, r, case, what)
  local why = M.allowed(case, r.sw)
  if why then
    return t:ok(true, string.format("%s: %s (%s)", what, r.sw, why))
  end
  local list = {}
  for _, a in ipairs(M.SW[case]) do list[#list + 1] = a[1] .. " (" .. a[2] .. ")" end
  local masks = {}
  for _, a in ipairs(M.SW[case]) do masks[#masks + 1] = a[1] end
  return t:ok(false, what .. ": SW " .. table.concat(masks, " or "),
              M.ex(r) .. "; acceptable: " .. table.concat(list, "; "))
end

-- The issuer choice `name` the card profile declares (t.station.card_profile,
-- docs/card-security.md "Issuer choices"), or nil. The test's diagnostics
-- say which choice was tested.
function M.choice(t, name)
  local p = t.station.card_profile
  if p and p.error then
    t:fail("card profile " .. p.path .. " unreadable: " .. p.error)
    return nil
  end
  local v = p and p[name]
  if v ~= nil then
    t:note("choice_" .. name, tostring(v) .. " (declared by " .. p.path .. ")")
  else
    t:note("choice_" .. name, "not declared: every answer the standards allow is accepted")
  end
  return v
end

-- The time limit of one operation (ms): the card role's max_response_ms,
-- the lab's bound, or nil: the card standards give none, so the time is
-- measured and reported (noted either way).
function M.op_limit(t)
  local v = t.station.roles.card and t.station.roles.card.max_response_ms
  t:note("time_limit", v and (v .. " ms (the card role's max_response_ms)")
         or "none: the card standards give none; measured only")
  return v and tonumber(v)
end

-- PIN ---------------------------------------------------------------------

-- VERIFY with the holder PIN of the key file (sent, shown redacted).
function M.pin_apdu()
  return bench.keys.verify_apdu(bench.keys.pin("card", "holder"))
end

-- VERIFY without data (ISO case 1): asks whether verification is needed.
M.PIN_QUERY = "00200000"

-- A wrong PIN: 999999 (pin_max stops a test on a card whose PIN it is).
M.WRONG_PIN = "0020000003999999"

-- The tries left must be `left` (0: blocked), asked by VERIFY without data.
-- Returns false, with a note and nothing checked, when the card does not
-- answer that form (no_query): it is optional.
function M.query_tries(t, card, left, what)
  local r = card:transmit(M.PIN_QUERY)
  if M.allowed("no_query", r.sw) then
    t:note("pin_query", r.sw .. ": VERIFY without data not answered (optional, "
           .. "ISO/IEC 7816-4 §7.5.6); the count is shown by wrong PINs' 63CX")
    return false
  end
  if left == 0 then
    M.sw_in(t, r, "query_blocked", what)
  else
    t:sw(r, string.format("63C%X", left), what)
  end
  return true
end

-- The tries left must be `left` (1 .. max), and are `left` again after.
-- Where the card does not answer VERIFY without data, a wrong PIN must
-- count one less; the right PIN refills the counter and wrong PINs bring
-- it back to `left`, each answer checked. The PIN's verified state after
-- is the card's choice.
function M.tries_left(t, card, left, max, what)
  if M.query_tries(t, card, left, what) then return end
  if left < 2 then
    t:skip("VERIFY without data not answered and 1 try left: a wrong PIN would block the PIN")
  end
  t:sw(card:transmit(M.WRONG_PIN), string.format("63C%X", left - 1),
       what .. " (asked by a wrong PIN: one less)")
  t:sw(card:transmit(M.pin_apdu()), "9000", "the right PIN refills the counter")
  for n = max - 1, left, -1 do
    t:sw(card:transmit(M.WRONG_PIN), string.format("63C%X", n), "a wrong PIN, back to " .. left)
  end
end

-- EF08 (MF, SFI 8) needs the PIN to be read (appendix F.1.4): the probe of
-- the PIN-verified state. A refusal comes back as it is; a card that answers
-- Le 00 with 6Cxx (ISO/IEC 7816-3 T=0 style, allowed) is asked again with
-- that Le, as transmit does.
function M.pin_state(card)
  return card:transmit("00B2014400")
end

-- The PIN try limit of the card: the profile's pin_tries, checked against
-- what the card says after one wrong PIN (then the right PIN refills it).
-- Ends the test when the card cannot be brought to a known count.
function M.pin_max(t, card)
  t:require(t:sw(card:transmit(M.pin_apdu()), "9000", "VERIFY right first: counter full"),
            "the right PIN verifies")
  local r = card:transmit(M.WRONG_PIN)
  local max
  if r.sw:sub(1, 3) == "63C" and r.sw ~= "63C0" then
    max = tonumber(r.sw:sub(4), 16) + 1
  elseif M.allowed("last_try", r.sw) then
    max = 1
  end
  t:sw(card:transmit(M.pin_apdu()), "9000", "VERIFY right again: counter full")
  t:require(max ~= nil, "one wrong PIN answers 63CX (or blocks a 1-try PIN)", M.ex(r))
  local declared = M.choice(t, "pin_tries")
  if declared then
    t:eq(max, declared, "the PIN allows the pin_tries the profile declares")
  end
  return max
end

-- A test that blocks the PIN first makes sure it holds every key it needs
-- afterwards: the PIN unblock key and `also`'s (its probes). A lab's
-- sample card blocked with no key to unblock it is spoilt for good; the
-- test SKIPs, naming the first key missing, before any wrong PIN.
function M.keys_to_unblock_pin(t, also)
  local ids = { "ssse.pin_unblock" }
  for _, id in ipairs(also or {}) do ids[#ids + 1] = id end
  for _, id in ipairs(ids) do
    if not cardlib.optional_key(id) then
      t:skip("the key file has no card key " .. id .. ", which this test needs once it has "
             .. "blocked the PIN: it blocks nothing without it")
    end
  end
end

-- PIN UNBLOCK (84 24): the PIN block encrypted (§9.3.3.2) and MACed under
-- key (the PIN unblock key unless a test says otherwise).
function M.pin_unblock(card, keyid)
  local ch = card:transmit("0084000004").data
  local k = bench.keys.get("card", keyid or "ssse.pin_unblock")
  return card:transmit(C.sm_wrap(0x80, 0x24, 0x00, 0x00, bench.keys.pin("card", "holder"), k,
                                 ch, { enc = k }))
end

-- EMV's PIN CHANGE/UNBLOCK, 84 24 00 01 (PIN data made with the current
-- PIN) or 02 (without it): its PIN data is enciphered as the issuer's
-- application says, which GF 61/T does not define, so bench computes none.
-- A card that takes neither coding below may code the change so. Probed
-- with a wrong MAC (the MAC is checked before any PIN: no try at stake),
-- against P2 03, which no coding defines: a card that refuses 03 (6A86,
-- 6B00) but not 01 or 02 tells them apart, so it knows the EMV coding; one
-- answering all alike (a MAC checked first) says nothing. The P2 it knows,
-- its answer and 03's; nil.
local function emv_change_probe(card)
  local function probe(p2)
    card:transmit("0084000004")
    return card:transmit(string.format("842400%02X0C%s", p2, string.rep("00", 12))).sw
  end
  local p03 = probe(3)
  if p03 ~= "6A86" and p03 ~= "6B00" then return nil end
  for _, p2 in ipairs { 1, 2 } do
    local sw = probe(p2)
    if sw ~= p03 and not M.allowed("not_coded", sw) then return p2, sw, p03 end
  end
end

local EMV_DATA = "EMV's PIN CHANGE/UNBLOCK, whose PIN data is the issuer's (GF 61/T §10.4.2 "
  .. "gives no bytes): bench computes none, so the change is not checked"

-- CHANGE PIN from old to new (PIN handles). GF 61/T §10.4.2 names PIN
-- CHANGE/UNBLOCK and gives no bytes: the profile's `pin_change` says which
-- coding the card takes, and only that one is sent (84-24-00-01, EMV's:
-- undecided). Undeclared, the social security card's 80 5E 01 00 first
-- and, where the card does not know it (not_coded: no try spent), ISO/IEC
-- 7816-4's CHANGE REFERENCE DATA; where it knows neither but answers EMV's
-- P2 01/02 (emv_change_probe), undecided; the diagnostics say which the
-- card took. The answer.
function M.change_pin(t, card, old, new)
  local coding = M.choice(t, "pin_change")
  if coding == "84-24-00-01" then
    t:undecided("the profile declares pin_change 84-24-00-01: " .. EMV_DATA)
  end
  if coding then return card:transmit(bench.keys.change_pin_apdu(old, new, coding)) end
  coding = "80-5e-01"
  local r = card:transmit(bench.keys.change_pin_apdu(old, new, coding))
  if M.allowed("not_coded", r.sw) then
    local first = r.sw
    coding = "00-24-00-00"
    r = card:transmit(bench.keys.change_pin_apdu(old, new, coding))
    if M.allowed("not_coded", r.sw) then
      local seen = string.format("neither coding: 80 5E 01 00 answered %s, 00 24 00 00 %s",
                                 first, r.sw)
      local p2, sw, p03 = emv_change_probe(card)
      if p2 then
        t:undecided(string.format("%s; 84 24 00 %02X answered %s to a wrong MAC, P2 03 %s: the "
                                  .. "card codes the change as %s", seen, p2, sw, p03, EMV_DATA))
      end
      t:note("pin_change_observed", seen .. "; nor EMV's 84 24 00 01/02 (probed)")
      return r
    end
  end
  t:note("pin_change_observed", coding)
  return r
end

-- Selection -----------------------------------------------------------------

M.MF = "00A40000023F0000"

-- SELECT of "MF", or of "SSSE" or "PSE" by name from the MF (cardlib); the
-- answer (a blocked DF refuses).
M.select_name = cardlib.select_name

-- A state gained at the MF (VERIFY with P2 00, authentication with the
-- MF's key) is global in ISO/IEC 7816-4:2005 §5.4; the firewall both
-- standards ask for stands between the applications (社会保障卡加载金融功能
-- 通用规范 §9.4, GF 61/T PT002-2014 §9.1.1), not between the MF and a DF.
-- So after selecting an application and coming back the card may keep it
-- or have ended it: r (the probe) is noted as either; any other answer fails.
function M.kept_or_ended(t, r, key, what)
  t:note(key, r.sw == "9000" and "kept (a global state)" or "ended")
  t:ok(r.sw == "9000" or M.allowed("security", r.sw), what .. ": kept (9000) or ended (6982)",
       M.ex(r))
end

function M.select(card, df)
  card:transmit(M.MF)
  if df == "MF" then return card:transmit(M.MF) end
  return card:transmit(cardlib.select_name(df))
end

-- Where the e-purse answers. 社会保障卡加载金融功能通用规范 §7.3: in the
-- financial environment the terminal chooses an application, so the ED/EP
-- of JR/T 0025 may sit in an ADF the PSE's DIR lists, or answer in the PSE
-- DDF itself (the layout of GF 61/T's examples). Found as a terminal finds
-- it: GET BALANCE in the PSE, else SELECT of each AID in its DIR (the SFI
-- its FCI's 88 names) until one serves it (9000, or 6982: there, behind
-- its PIN). Selects it; noted once; the test ends when none does.
local GET_BALANCE = "805C000204"
local purse_at = setmetatable({}, { __mode = "k" })

local function purse_here(card)
  local sw = card:transmit(GET_BALANCE).sw
  return sw == "9000" or sw == "6982"
end

local function dir_aids(card, fci)
  local f = bench.tlv.fci(fci)
  local sfi = f and f.proprietary and bench.tlv.find(f.proprietary, "88")
  local aids = {}
  for n = 1, sfi and 16 or 0 do
    local r = card:transmit(string.format("00B2%02X%02X00", n, tonumber(sfi, 16) * 8 + 4))
    if r.sw ~= "9000" then break end
    local function walk(list)
      for _, tl in ipairs(list or {}) do
        if tl.tag == "4F" then aids[#aids + 1] = tl.value end
        walk(tl.children)
      end
    end
    walk(bench.tlv.parse(r.data))
  end
  return aids
end

-- bench computes the e-purse's session keys, MACs and TAC (JR/T 0025) with
-- 3DES keys only: with another algorithm's key the test cannot decide, and
-- ends inconclusive.
local function purse_keys(t)
  for _, id in ipairs { "pse.load", "pse.purchase", "pse.tac" } do
    local alg = bench.keys.get("card", id).alg
    if alg ~= "3des" then
      local why = string.format("the key file's %s is %s: bench computes the e-purse's session "
                                .. "keys, MAC1/MAC2 and TAC (JR/T 0025) with 3DES keys only", id, alg)
      t:undecided(why)
    end
  end
end

-- Returns SELECT's answer (the PSE's, or the ADF's after the PSE). The
-- e-purse is one application of several (GF 61/T §10.1: "既可以支持全部定义
-- 的应用，也可以只支持其中的某几项"): a card without one SKIPs the test,
-- unless its profile declares `purse: present` (then it fails).
function M.select_purse(t, card)
  local r = M.select(card, "PSE")
  local aid = purse_at[t]
  if aid == nil then
    local declared = M.choice(t, "purse")
    if declared == "absent" then
      t:skip("the card profile declares no e-purse (purse: absent; GF 61/T §10.1)")
    end
    t:require(t:sw(r, "9000", "SELECT PSE"), "the PSE")
    if purse_here(card) then
      aid = false
      t:note("purse", "in the PSE DDF")
    else
      for _, a in ipairs(dir_aids(card, r.data)) do
        if card:transmit(M.select_aid(a)).sw == "9000" and purse_here(card) then
          aid = a
          t:note("purse", "in the ADF " .. a .. " (the PSE's DIR lists it)")
          break
        end
      end
      local why = "GET BALANCE is served neither in the PSE DDF nor in an ADF its DIR lists"
      if aid == nil and declared ~= "present" then
        t:skip("no e-purse: " .. why .. " (GF 61/T §10.1 lets a card carry some applications "
               .. "only; a profile declaring purse: present fails here)")
      end
      t:require(aid ~= nil, "an e-purse: " .. why, M.ex(r))
    end
    purse_keys(t)
    purse_at[t] = aid
    r = M.select(card, "PSE")
  end
  return aid and card:transmit(M.select_aid(aid)) or r
end

function M.select_aid(aid)
  return string.format("00A40400%02X%s00", #aid // 2, aid)
end

-- The SSSE's files updated under SM -----------------------------------------

-- GF 61/T PT002-2014 appendix F.2 leaves the SSSE's files to the industry
-- specs, so none is assumed: the card profile declares a binary EF and a
-- linear fixed EF the suites may write (issuer choices sm_binary_sfi,
-- sm_binary_size; sm_record_sfi, sm_records, sm_record_size), and a test
-- that needs one SKIPs when the profile declares none (optional: nil).
local function declared(t, names, what, optional)
  local v = {}
  for _, n in ipairs(names) do
    v[#v + 1] = M.choice(t, n)
    if v[#v] == nil then
      if optional then return nil end
      t:skip("the card profile declares no " .. what .. " (" .. table.concat(names, ", ")
             .. "): GF 61/T PT002-2014 appendix F.2 leaves the SSSE's files to the industry "
             .. "specs")
    end
  end
  return table.unpack(v)
end

-- {sfi=, size=, p1= (the SFI form of P1), name=, read(n) -> READ BINARY of
-- n bytes from offset 0 by SFI}.
function M.sm_binary(t, optional)
  local sfi, size = declared(t, { "sm_binary_sfi", "sm_binary_size" },
                             "SSSE binary file to update under secure messaging", optional)
  if not sfi then return nil end
  local f = { sfi = sfi, size = size, p1 = 0x80 | sfi,
              name = string.format("the SSSE's binary EF (SFI %02X)", sfi) }
  function f.read(n) return string.format("00B0%02X00%02X", f.p1, n % 256) end
  return f
end

-- {sfi=, count=, size=, p2= (record number mode by SFI), name=, read(i) ->
-- READ RECORD i by SFI}.
function M.sm_record(t)
  local sfi, count, size = declared(t, { "sm_record_sfi", "sm_records", "sm_record_size" },
                                    "SSSE record file to update under secure messaging")
  local f = { sfi = sfi, count = count, size = size, p2 = sfi << 3 | 4,
              name = string.format("the SSSE's record EF (SFI %02X)", sfi) }
  function f.read(i) return string.format("00B2%02X%02X00", i, f.p2) end
  return f
end

-- A command of the SSSE that a blocked application refuses and a running
-- one serves: READ BINARY of the declared binary EF, else INTERNAL
-- AUTHENTICATE with key type 19. The APDU and what it is; found once per
-- test (its notes once).
local probes = setmetatable({}, { __mode = "k" })
function M.ssse_probe(t)
  if not probes[t] then
    local f = M.sm_binary(t, true)
    probes[t] = f and { f.read(4), "READ BINARY of " .. f.name }
                or { cardlib.int_auth_apdu(t, "0011223344556677"),
                     "INTERNAL AUTHENTICATE (the internal authentication key)" }
  end
  return probes[t][1], probes[t][2]
end

-- Secure messaging ----------------------------------------------------------

-- A 4-byte challenge and cmd wrapped under key id with it (GF 61/T §9.3).
function M.sm(card, cla, ins, p1, p2, data, keyid, opts)
  local ch = card:transmit("0084000004").data
  return C.sm_wrap(cla, ins, p1, p2, data, bench.keys.get("card", keyid), ch, opts)
end

-- The APDU with byte i of its MAC (1..4) flipped; le: the APDU ends in Le.
-- A sealed APDU (it carries a PIN) stays sealed: bench.keys.flip_byte.
function M.flip_mac(apdu, i, le)
  if type(apdu) ~= "string" then return bench.keys.flip_byte(apdu, (le and 1 or 0) + 5 - i) end
  local at = #apdu - (le and 2 or 0) - 8 + 2 * (i - 1) + 1
  local b = tonumber(apdu:sub(at, at + 1), 16) ~ 0x5A
  return apdu:sub(1, at - 1) .. string.format("%02X", b) .. apdu:sub(at + 2)
end

-- The keys of the lock commands (GF 61/T PT002-2014 §9.7; appendix C):
-- APPLICATION BLOCK and CARD BLOCK are MACed with the maintenance key
-- (STK: "产生应用锁定、卡片锁定……的 MAC"); their unlocks with the lock key,
-- the application's LK (ssse.lk) or the MF's BK (mf.bk), where the key file
-- has it (§9.7's 解锁密钥), else with the maintenance key as well.
function M.unblock_key() return cardlib.optional_key("ssse.lk") and "ssse.lk" or "ssse.maint" end

function M.unlock_key() return cardlib.optional_key("mf.bk") and "mf.bk" or "mf.maint" end

-- EXTERNAL AUTHENTICATE with the master key of df over challenge ch.
function M.ext_auth(t, card, df, ch)
  if df == "MF" then return card:transmit_raw(cardlib.dir_auth_apdu(t, ch)) end
  local key = bench.keys.get("card", df:lower() .. ".master")
  return card:transmit_raw(cardlib.ext_auth_apdu(t, C.auth_data(key, ch)))
end

-- E-purse ---------------------------------------------------------------------

M.TERMINAL = "112233445566"
M.DATE, M.TIME = "20261123", "120000"

local function int(hex) return tonumber(hex, 16) end
local function mac4(key, data) return C.mac1(key, nil, data):sub(1, 8) end

function M.balance(t, card)
  local r = card:transmit("805C000204")
  t:require(t:sw(r, "9000", "GET BALANCE"), "a balance")
  return int(r.data)
end

-- The online (load) counter, from an INITIALIZE FOR LOAD never completed
-- (it moves no counter); the PIN is verified first where a load may need it.
function M.online(t, card)
  M.load_pin(t, card)
  local r = card:transmit(cardlib.purse_init_apdu(t, 0, 1, M.TERMINAL))
  t:require(t:sw(r, "9000", "INITIALIZE FOR LOAD of 1 (to read the online counter)"),
            "the online counter")
  return int(r.data:sub(9, 12))
end

-- The offline (purchase) counter likewise; the balance must be >= 1.
function M.offline(t, card)
  local r = card:transmit(cardlib.purse_init_apdu(t, 1, 1, M.TERMINAL))
  t:require(t:sw(r, "9000", "INITIALIZE FOR PURCHASE of 1 (to read the offline counter)"),
            "the offline counter")
  return int(r.data:sub(9, 12))
end

-- The PIN of the financial environment: the key file's pin `pse`. The bank
-- sets it (社会保障卡加载金融功能通用规范 §9.3, §10.4: each environment is
-- personalised on its own), so the holder PIN of the SSSE is never tried
-- there: a wrong PIN would spend the bank PIN's tries on the lab's sample.
-- Ends the test (SKIP) when the key file has none.
function M.pse_pin_apdu(t)
  local ok, pin = pcall(bench.keys.pin, "card", "pse")
  if not ok then
    t:skip("the key file has no PIN for the financial environment (pins: id pse); the "
           .. "holder PIN of the SSSE is not tried there")
  end
  return bench.keys.verify_apdu(pin)
end

-- VERIFY in the PSE before a load unless the profile says a load needs no
-- PIN (GF 61/T §11.8): harmless where it is not needed. A refusal ends the
-- test: no second wrong PIN.
function M.load_pin(t, card)
  local v = t.station.card_profile and t.station.card_profile.load_pin
  if v ~= "not-required" then
    t:require(t:sw(card:transmit(M.pse_pin_apdu(t)), "9000", "VERIFY (PSE PIN) before the load"),
              "the PSE PIN verifies")
  end
end

-- INITIALIZE FOR LOAD of amount; returns the answer and, when 9000, the
-- parsed init with the CREDIT FOR LOAD APDU carrying the right MAC2.
function M.init_load(t, card, amount)
  local r = card:transmit(cardlib.purse_init_apdu(t, 0, amount, M.TERMINAL))
  if r.sw ~= "9000" then return r, nil end
  local d = r.data
  local init = { balance = int(d:sub(1, 8)), counter = int(d:sub(9, 12)), random = d:sub(17, 24),
                 mac1 = d:sub(25, 32), amount = amount }
  local inp = C.purse { kind = "load", amount = amount, balance = init.balance, type = 2,
                        terminal = M.TERMINAL, random = init.random, counter = init.counter,
                        date = M.DATE, time = M.TIME }
  local ses = C.session_key(bench.keys.get("card", "pse.load"), inp.session)
  t:bytes(init.mac1, mac4(ses, inp.mac1), "MAC1 of INITIALIZE FOR LOAD")
  init.credit = "805200000B" .. M.DATE .. M.TIME .. mac4(ses, inp.mac2) .. "04"
  return r, init
end

-- INITIALIZE FOR PURCHASE of amount; the DEBIT FOR PURCHASE APDU with the
-- right MAC1.
function M.init_purchase(t, card, amount)
  local r = card:transmit(cardlib.purse_init_apdu(t, 1, amount, M.TERMINAL))
  if r.sw ~= "9000" then return r, nil end
  local d = r.data
  local init = { balance = int(d:sub(1, 8)), counter = int(d:sub(9, 12)), random = d:sub(23, 30),
                 amount = amount }
  local seq = 0x1234
  local inp = C.purse { kind = "purchase", amount = amount, type = 6, terminal = M.TERMINAL,
                        random = init.random, counter = init.counter, term_seq = seq,
                        date = M.DATE, time = M.TIME }
  local ses = C.session_key(bench.keys.get("card", "pse.purchase"), inp.session)
  init.debit = string.format("805401000F%08X", seq) .. M.DATE .. M.TIME .. mac4(ses, inp.mac1)
               .. "08"
  return r, init
end

return M
