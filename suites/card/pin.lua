-- The holder PIN (GF 61/T PT002-2014 §9.2: kept safe in the card; §10.4
-- VERIFY, PIN CHANGE/UNBLOCK): the retry counter (63Cx), the block at zero,
-- the reset on success, the exact comparison, CHANGE PIN's check of the old
-- PIN, and unblock under secure messaging with the PIN unblock key
-- (§9.4.2.2 type 03; appendix C PUK). The try limit is the issuer's: the
-- card's own count (and the profile's pin_tries, where declared), not a
-- number of ours. Where ISO/IEC 7816-4 allows several answers (63C0 or 6983
-- at the last try, 9000 or 63CX to a query), each is accepted (seclib.SW).
-- The PIN comes from the key file as a handle and reaches the card only
-- inside sealed APDUs (docs/keys.md): trace and diagnostics show it
-- redacted, and the suite itself never holds its digits. So do the
-- temporary PIN the tests change it to (bench.keys.temp_pin) and the
-- near-misses of it (bench.keys.pin_variant).
--
-- The temporary PIN has 9 digits so that its shortest near miss (without
-- its last 2) still has 7: every PIN the run registers is redacted from
-- every later output wherever its digits appear, and one of 4 digits
-- replaced a number in 10 000 there (sequence numbers, timestamps, the
-- GET CHALLENGE APDU 0084000008 in a failing test's diagnostic). 9 is the
-- most that leaves room for the longest near miss (3 more: 12 digits).
-- A card may take only PINs as long as the one personalised (ISO/IEC
-- 7816-4 §7.5.7 leaves the reference data's format to the card: 6700 or
-- 6A80): the temporary PIN then has the holder PIN's length, and a near
-- miss shorter than 7 digits (and than the holder PIN) is not sent, noted.
local TEMP_DIGITS = 9

local S = require "seclib"

-- How many digits each near miss has more than the PIN (bench.keys.pin_variant).
local SHIFT = { short1 = -1, short2 = -2, long1 = 1, long3 = 3 }

local function refused_length(r) return r.sw == "6700" or r.sw == "6A80" end

-- CHANGE PIN from old to a temporary PIN of 9 digits, else (a card taking
-- only its PIN's length) of the holder PIN's length. The answer and the
-- temporary PIN sent.
local function change_to_temp(t, card, old, holder)
  local temp = bench.keys.temp_pin(holder, TEMP_DIGITS)
  local r = S.change_pin(t, card, old, temp)
  if refused_length(r) and bench.keys.digits(holder) ~= TEMP_DIGITS then
    t:note("temp_pin", string.format("a %d-digit PIN refused (%s): the temporary PIN has the " ..
                                     "holder PIN's %d digits", TEMP_DIGITS, r.sw,
                                     bench.keys.digits(holder)))
    temp = bench.keys.temp_pin(holder)
    r = S.change_pin(t, card, old, temp)
  end
  return r, temp
end

suite {
  title = "PIN verification, retry counter, block and unblock",
  standard = "GF 61/T PT002-2014 §9.2, §10.4",
}

local WRONG = S.WRONG_PIN

local ex = S.ex

local function select_ssse(t)
  local card = t.roles.card
  t:require(t:sw(S.select(card, "SSSE"), "9000", "SELECT SSSE"), "SSSE selectable")
  return card
end

-- A warm reset and the SSSE again: nothing verified, so a query answers the
-- count (a card may keep a verified state across a failed VERIFY and then
-- answer a query 9000, ISO/IEC 7816-4 §7.5.6).
local function unverified(t, card)
  card:reset("warm")
  select_ssse(t)
end

test {
  id = "card.pin.verify",
  title = "VERIFY with the right PIN answers 9000 and opens the PIN-protected file",
  title_zh = "以正确 PIN 校验应答 9000，并可访问受 PIN 保护的文件",
  clause = "GF 61/T PT002-2014 §10.4 (VERIFY); §9.2; appendix F.1.4 (EF08 read: PIN)",
  roles = { "card" },
  run = function(t)
    local card = t.roles.card
    card:reset("warm") -- no PIN state left from an earlier test (it may be global)
    card:transmit(S.MF)
    S.sw_in(t, S.pin_state(card), "security", "EF08 before VERIFY")
    local t0 = bench.mono()
    t:sw(card:transmit(S.pin_apdu()), "9000", "VERIFY, right PIN")
    t:measure { name = "verify_time", value = (bench.mono() - t0) * 1000, unit = "ms",
                max = S.op_limit(t) }
    t:sw(S.pin_state(card), "9000", "EF08 after VERIFY")
  end,
}

test {
  id = "card.pin.retry",
  title = "Each wrong PIN decrements the retry counter (63Cx); the last one blocks the PIN",
  title_zh = "每次 PIN 错误重试计数器减一（63Cx）；最后一次错误锁定 PIN",
  clause = "GF 61/T PT002-2014 §10.4 (VERIFY); ISO/IEC 7816-4 §7.5.6, §5.6 (63CX, 63C0, 6983)",
  roles = { "card" },
  run = function(t)
    S.keys_to_unblock_pin(t)
    local card = select_ssse(t)
    local max = S.pin_max(t, card)
    S.sw_in(t, card:transmit(S.PIN_QUERY), "pin_query", "tries-left query while verified")
    unverified(t, card)
    for i = 1, max - 1 do
      t:sw(card:transmit(WRONG), string.format("63C%X", max - i), "wrong PIN #" .. i)
      S.query_tries(t, card, max - i, "query after it")
    end
    S.sw_in(t, card:transmit(WRONG), "last_try", "wrong PIN #" .. max .. " (the last try)")
    S.sw_in(t, card:transmit(S.pin_apdu()), "pin_blocked", "right PIN while blocked still refused")
    t:sw(S.pin_unblock(card), "9000", "PIN UNBLOCK (cleanup)")
  end,
}

test {
  id = "card.pin.reset",
  title = "The right PIN resets the retry counter",
  title_zh = "正确的 PIN 使重试计数器复位",
  clause = "GF 61/T PT002-2014 §10.4 (VERIFY); ISO/IEC 7816-4 §7.5.6",
  roles = { "card" },
  run = function(t)
    local card = select_ssse(t)
    local max = S.pin_max(t, card)
    if max < 2 then t:skip("a PIN of one try: no count between full and blocked") end
    t:sw(card:transmit(WRONG), string.format("63C%X", max - 1), "wrong PIN")
    t:sw(card:transmit(S.pin_apdu()), "9000", "VERIFY right")
    t:sw(card:transmit(WRONG), string.format("63C%X", max - 1), "a wrong PIN counts from full again")
    t:sw(card:transmit(S.pin_apdu()), "9000", "VERIFY right (cleanup)")
  end,
}

test {
  id = "card.pin.saturate",
  title = "A blocked PIN stays blocked: more wrong PINs neither wrap nor refill the counter",
  title_zh = "PIN 锁定后保持锁定：继续输错既不回绕也不恢复计数器",
  clause = "ISO/IEC 7816-4 §7.5.6 (retry counter), §5.6 table 6 (6983); GF 61/T PT002-2014 §9.2",
  roles = { "card" },
  run = function(t)
    S.keys_to_unblock_pin(t)
    local card = select_ssse(t)
    local max = S.pin_max(t, card)
    unverified(t, card)
    for _ = 1, max do card:transmit(WRONG) end
    for i = 1, 3 do
      S.sw_in(t, card:transmit(WRONG), "pin_blocked", "wrong PIN #" .. i .. " past the block")
    end
    S.query_tries(t, card, 0, "query on the blocked PIN")
    S.sw_in(t, card:transmit(S.pin_apdu()), "pin_blocked", "the right PIN, still blocked")
    t:sw(S.pin_unblock(card), "9000", "PIN UNBLOCK")
    S.tries_left(t, card, max, max, "counter full after unblock")
  end,
}

-- The holder PIN to a temporary PIN and back, around body(temp); the
-- holder PIN is put back whatever happened in between.
local function with_temp_pin(t, card, body)
  local holder = bench.keys.pin("card", "holder")
  local r, temp = change_to_temp(t, card, holder, holder)
  t:require(t:sw(r, "9000", "CHANGE PIN holder -> temporary PIN"), "a temporary PIN")
  local ok, err = pcall(body, temp)
  card:transmit(bench.keys.verify_apdu(temp))
  t:sw(S.change_pin(t, card, temp, holder), "9000", "CHANGE PIN back")
  t:sw(card:transmit(S.pin_apdu()), "9000", "the holder PIN verifies again")
  if not ok then error(err, 0) end
end

test {
  id = "card.pin.exact",
  title = "VERIFY compares value and length exactly: a prefix, a longer PIN, one digit off fail",
  title_zh = "校验严格比较值与长度：前缀、更长的 PIN、一位不同均失败",
  clause = "GF 61/T PT002-2014 §9.2, §10.4 (VERIFY); ISO/IEC 7816-4 §7.5.6; ISO 9564-1 (PIN "
           .. "4 to 12 digits)",
  roles = { "card" },
  run = function(t)
    local card = t.roles.card
    card:transmit(S.MF)
    local least = math.min(7, bench.keys.digits(bench.keys.pin("card", "holder")))
    with_temp_pin(t, card, function(temp)
      for _, c in ipairs { { "short1", "the PIN without its last digit" },
                           { "short2", "the PIN without its last 2 digits" },
                           { "long1", "the PIN and one digit more" },
                           { "long3", "the PIN and three digits more" },
                           { "last", "the last digit wrong" },
                           { "first", "the first digit wrong" } } do
        -- Its length decided before it exists: a variant is registered for
        -- redaction as soon as it is made.
        local n = bench.keys.digits(temp) + (SHIFT[c[1]] or 0)
        local v, why
        if n < least then
          why = string.format("not sent: a %d-digit near miss would be redacted from every " ..
                              "later output (fewer than %d digits)", n, least)
        else
          v, why = bench.keys.pin_variant(temp, c[1])
        end
        if v then
          card:reset("warm") -- a clean state: nothing verified
          local r = card:transmit(bench.keys.verify_apdu(v))
          S.sw_in(t, r, "pin_length", "VERIFY with " .. c[2])
          S.sw_in(t, S.pin_state(card), "security", "EF08 after " .. c[2])
          t:sw(card:transmit(bench.keys.verify_apdu(temp)), "9000", "the PIN (tries back)")
        else
          t:note(c[1], why)
        end
      end
    end)
  end,
}

test {
  id = "card.pin.change",
  title = "CHANGE PIN replaces the PIN (old refused afterwards), then back",
  title_zh = "修改 PIN 后新 PIN 生效（旧 PIN 被拒绝），再改回",
  clause = "GF 61/T PT002-2014 §10.4 (PIN CHANGE/UNBLOCK)",
  roles = { "card" },
  run = function(t)
    local card = select_ssse(t)
    local max = S.pin_max(t, card)
    with_temp_pin(t, card, function(temp)
      local r = card:transmit(S.pin_apdu())
      if max > 1 then
        t:sw(r, string.format("63C%X", max - 1), "the old PIN is refused")
      else -- its one try spent: 6983 or 63C0, as any last try
        S.sw_in(t, r, "last_try", "the old PIN is refused")
      end
      t:sw(card:transmit(bench.keys.verify_apdu(temp)), "9000", "the new PIN verifies")
    end)
  end,
}

test {
  id = "card.pin.change_old",
  title = "CHANGE PIN with a wrong old PIN is refused, counts a try, keeps the PIN",
  title_zh = "旧 PIN 错误的修改 PIN 被拒绝，计一次尝试，PIN 不变",
  clause = "GF 61/T PT002-2014 §10.4 (PIN CHANGE/UNBLOCK); ISO/IEC 7816-4 §7.5.7 (CHANGE "
           .. "REFERENCE DATA: the old PIN is verified first)",
  roles = { "card" },
  run = function(t)
    local card = select_ssse(t)
    local max = S.pin_max(t, card)
    if max < 3 then t:skip("fewer than 3 tries: the probes would block the PIN") end
    unverified(t, card)
    local holder = bench.keys.pin("card", "holder")
    local wrong = bench.keys.pin_variant(holder, "last") -- one digit off the holder's
    local r, temp = change_to_temp(t, card, wrong, holder)
    S.sw_in(t, r, "wrong_pin", "CHANGE PIN with a wrong old PIN")
    S.tries_left(t, card, max - 1, max, "it counted one try")
    local n = card:transmit(bench.keys.verify_apdu(temp))
    S.sw_in(t, n, "wrong_pin", "the would-be new PIN does not verify")
    if n.sw == "9000" then -- the card took it: put the holder PIN back
      S.change_pin(t, card, temp, holder)
    end
    t:sw(card:transmit(S.pin_apdu()), "9000", "the holder PIN still verifies")
  end,
}

test {
  id = "card.pin.unblock",
  title = "PIN UNBLOCK under secure messaging clears the block; a wrong key does not",
  title_zh = "安全报文下的 PIN 解锁解除锁定；错误密钥不能解锁",
  clause = "GF 61/T PT002-2014 §10.4 (PIN CHANGE/UNBLOCK); §9.3; appendix C (PUK)",
  roles = { "card" },
  run = function(t)
    S.keys_to_unblock_pin(t, { "ssse.maint" })
    local card = select_ssse(t)
    local max = S.pin_max(t, card)
    for _ = 1, max do card:transmit(WRONG) end
    S.sw_in(t, card:transmit(S.pin_apdu()), "pin_blocked", "PIN blocked")
    local r = S.pin_unblock(card, "ssse.maint")
    t:ok(r.sw ~= "9000", "PIN UNBLOCK MACed with another key refused", ex(r))
    t:sw(S.pin_unblock(card), "9000", "PIN UNBLOCK with the PIN unblock key")
    t:sw(card:transmit(S.pin_apdu()), "9000", "VERIFY after unblock")
  end,
}
