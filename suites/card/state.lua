-- The card's security state machine: what a warm reset, a cold reset,
-- power-off, SELECT of another DF and a failed authentication each do to
-- the PIN-verified state, the external-authentication state, a pending
-- challenge, the PIN try counter and the application/card blocks.
--
-- A reset ends every session state (ISO/IEC 7816-3 §6.2.2 cold, §6.2.3
-- warm reset: the card restarts; ISO/IEC 7816-4 §5.4 security status);
-- what the card stores — blocks (GF 61/T PT002-2014 §9.7) and try counters
-- (ISO/IEC 7816-4 §7.5.6) — outlives them. Selecting another application
-- ends what was proven in the first (the firewall: GF 61/T PT002-2014
-- §9.1.1; 社会保障卡加载金融功能通用规范 §9.4). A failed authentication
-- grants nothing and uses up its challenge; whether it also drops a state
-- proven before, ISO/IEC 7816-4 §7.5.6 leaves open ("may be modified"), so
-- both are accepted and the diagnostic says which the card did.
suite {
  title = "Security state: resets, power-off, selection, failed authentication",
  standard = "ISO/IEC 7816-3, ISO/IEC 7816-4; GF 61/T PT002-2014 §9",
}

local cardlib = require "cardlib"
local S = require "seclib"

local ex = S.ex

-- The events that end a session. Power-off: the reader cuts the power
-- (SCardDisconnect with SCARD_UNPOWER_CARD) and powers the card again.
local EVENTS = {
  { "warm reset", function(card) card:reset("warm") end },
  { "cold reset", function(card) card:reset("cold") end },
  { "power-off", function(card)
      card:disconnect("unpower")
      card:reconnect()
    end },
}

-- DIR (MF EF01) is read under a key (appendix F.1.9: UK MF): the probe of
-- the external-authentication state of the MF.
local function dir_read(card)
  return card:transmit("00B2010C00") -- a 6Cxx answer to Le 00 is asked again
end

local function mf_auth(t, card, what)
  card:transmit(S.MF)
  local ch = card:transmit("0084000008").data
  t:require(t:sw(S.ext_auth(t, card, "MF", ch), "9000", what), "external authentication at the MF")
end

test {
  id = "card.state.pin",
  title = "The PIN-verified state ends at a warm or cold reset and power-off; kept or ended "
          .. "across another DF",
  title_zh = "PIN 已校验状态在热复位、冷复位和断电时结束；选择其他 DF 后保持或结束",
  clause = "ISO/IEC 7816-3 §6.2.2, §6.2.3; ISO/IEC 7816-4 §5.4; GF 61/T PT002-2014 §9.1.1, "
           .. "appendix F.1.4 (EF08 read: PIN)",
  roles = { "card" },
  run = function(t)
    local card = t.roles.card
    for _, ev in ipairs(EVENTS) do
      card:transmit(S.MF)
      t:sw(card:transmit(S.pin_apdu()), "9000", "VERIFY before the " .. ev[1])
      t:sw(S.pin_state(card), "9000", "EF08 readable before the " .. ev[1])
      ev[2](card)
      card:transmit(S.MF)
      S.sw_in(t, S.pin_state(card), "security", "EF08 after the " .. ev[1])
    end
    card:transmit(S.MF)
    t:sw(card:transmit(S.pin_apdu()), "9000", "VERIFY before selecting the SSSE")
    card:transmit(S.select_name("SSSE"))
    card:transmit(S.MF)
    S.kept_or_ended(t, S.pin_state(card), "pin_across_df", "EF08 after the SSSE and back")
    -- A failed VERIFY after a good one: kept or dropped, both allowed.
    card:transmit(S.MF)
    card:transmit(S.pin_apdu())
    local w = card:transmit(S.WRONG_PIN)
    S.sw_in(t, w, "wrong_pin", "a wrong PIN after a good one")
    local r = S.pin_state(card)
    t:note("after_failed_verify", r.sw == "9000" and "PIN state kept" or "PIN state dropped")
    t:ok(r.sw == "9000" or S.allowed("security", r.sw), "EF08 after a failed VERIFY: kept "
         .. "(9000) or dropped (6982)", ex(r))
    t:sw(card:transmit(S.pin_apdu()), "9000", "VERIFY right: counter full again")
  end,
}

test {
  id = "card.state.auth",
  title = "External authentication ends at a warm or cold reset and power-off, kept or "
          .. "ended across another DF; the SSSE's key opens nothing at the MF",
  title_zh = "外部认证状态在热复位、冷复位和断电时结束，选择其他 DF 后保持或结束；SSSE 的密钥不能开放 MF 的权限",
  clause = "ISO/IEC 7816-3 §6.2.2, §6.2.3; ISO/IEC 7816-4 §5.4, §7.5.4; GF 61/T PT002-2014 "
           .. "§9.1.1, §9.6, appendix F.1.9 (DIR read: key); 社会保障卡加载金融功能通用规范 §9.4",
  roles = { "card" },
  run = function(t)
    local card = t.roles.card
    card:transmit(S.MF)
    S.sw_in(t, dir_read(card), "security", "DIR before any authentication")
    for _, ev in ipairs(EVENTS) do
      mf_auth(t, card, "EXTERNAL AUTHENTICATE before the " .. ev[1])
      t:sw(dir_read(card), "9000", "DIR readable before the " .. ev[1])
      ev[2](card)
      card:transmit(S.MF)
      S.sw_in(t, dir_read(card), "security", "DIR after the " .. ev[1])
    end
    mf_auth(t, card, "EXTERNAL AUTHENTICATE before selecting the SSSE")
    card:transmit(S.select_name("SSSE"))
    card:transmit(S.MF)
    S.kept_or_ended(t, dir_read(card), "auth_across_df", "DIR after the SSSE and back")
    -- What the firewall does ask: the SSSE's key proves nothing at the MF.
    card:reset("warm") -- no state left from the MF's authentication
    card:transmit(S.select_name("SSSE"))
    local sch = card:transmit("0084000008").data
    t:sw(S.ext_auth(t, card, "SSSE", sch), "9000", "EXTERNAL AUTHENTICATE in the SSSE")
    card:transmit(S.MF)
    S.sw_in(t, dir_read(card), "security", "DIR after authenticating with the SSSE's key")
    -- A failed authentication after a good one: both answers allowed.
    mf_auth(t, card, "EXTERNAL AUTHENTICATE")
    local ch = card:transmit("0084000008").data
    local bad = card:transmit_raw(cardlib.ext_auth_apdu(t, bench.crypto.auth_data(
      bench.keys.get("card", "mf.maint"), ch), select(2, cardlib.dir_key(t))))
    S.sw_in(t, bad, "auth_failed", "EXTERNAL AUTHENTICATE with the maintenance key's cryptogram")
    local r = dir_read(card)
    t:note("after_failed_auth", r.sw == "9000" and "authentication kept" or "dropped")
    t:ok(r.sw == "9000" or S.allowed("security", r.sw), "DIR after a failed authentication: "
         .. "kept (9000) or dropped (6982)", ex(r))
  end,
}

test {
  id = "card.state.challenge",
  title = "A challenge does not survive a reset or power-off, nor a failed authentication",
  title_zh = "随机数在复位、断电或认证失败后失效",
  clause = "ISO/IEC 7816-4 §7.5.3 (challenge for one use), §7.5.4; ISO/IEC 7816-3 §6.2; "
           .. "GF 61/T PT002-2014 §9.6",
  roles = { "card" },
  run = function(t)
    local card = t.roles.card
    for _, ev in ipairs(EVENTS) do
      card:transmit(S.MF)
      local ch = card:transmit("0084000008").data
      ev[2](card)
      card:transmit(S.MF)
      S.sw_in(t, S.ext_auth(t, card, "MF", ch), "no_challenge",
              "EXTERNAL AUTHENTICATE over the challenge given before the " .. ev[1])
    end
    -- A failed authentication uses its challenge up.
    card:transmit(S.MF)
    local ch = card:transmit("0084000008").data
    S.sw_in(t, S.ext_auth(t, card, "SSSE", ch), "auth_failed",
            "EXTERNAL AUTHENTICATE at the MF with the SSSE master key's cryptogram")
    S.sw_in(t, S.ext_auth(t, card, "MF", ch), "no_challenge",
            "the right cryptogram over the challenge a failed attempt used")
    -- SELECT of another DF: the firewall ends it where the challenge serves
    -- the next command only; otherwise the standards do not say.
    local life = S.choice(t, "challenge")
    card:transmit(S.MF)
    ch = card:transmit("0084000008").data
    card:transmit(S.select_name("SSSE"))
    card:transmit(S.MF)
    local r = S.ext_auth(t, card, "MF", ch)
    if life == "next-command" then
      S.sw_in(t, r, "no_challenge", "after SELECT of the SSSE and back (challenge: next-command)")
    else
      t:note("challenge_after_select", r.sw == "9000" and "still valid" or "ended (" .. r.sw .. ")")
      t:ok(r.sw == "9000" or S.allowed("no_challenge", r.sw),
           "after SELECT of the SSSE and back: still valid or refused", ex(r))
    end
  end,
}

test {
  id = "card.state.tries",
  title = "The PIN try counter survives resets and power-off; only a right PIN refills it",
  title_zh = "PIN 重试计数器在复位和断电后保持；只有正确的 PIN 使其恢复",
  clause = "ISO/IEC 7816-4 §7.5.6 (retry counter, 63CX), §5.6 table 5; GF 61/T PT002-2014 §9.2, "
           .. "§10.4 (VERIFY)",
  roles = { "card" },
  run = function(t)
    local card = t.roles.card
    card:transmit(S.MF)
    local max = S.pin_max(t, card)
    if max < 2 then t:skip("a PIN of one try: nothing to count down") end
    t:sw(card:transmit(S.WRONG_PIN), string.format("63C%X", max - 1), "a wrong PIN")
    for _, ev in ipairs(EVENTS) do
      ev[2](card)
      card:transmit(S.MF)
      S.tries_left(t, card, max - 1, max, "tries left after the " .. ev[1])
    end
    -- A failed key authentication spends no PIN try.
    local ch = card:transmit("0084000008").data
    S.sw_in(t, S.ext_auth(t, card, "SSSE", ch), "auth_failed", "a failed EXTERNAL AUTHENTICATE")
    S.tries_left(t, card, max - 1, max, "tries left after a failed key authentication")
    t:sw(card:transmit(S.pin_apdu()), "9000", "the right PIN")
    S.sw_in(t, card:transmit(S.PIN_QUERY), "pin_query", "after the right PIN")
    card:reset("warm")
    S.tries_left(t, card, max, max, "full again after a reset")
  end,
}

-- APPLICATION BLOCK/UNBLOCK of the SSSE under its maintenance key.
local function ssse_sm(card, ins, keyid, corrupt)
  S.select(card, "SSSE")
  local apdu = S.sm(card, 0x80, ins, 0x00, 0x00, "",
                    keyid or ins == 0x18 and S.unblock_key() or "ssse.maint")
  return card:transmit_raw(corrupt and S.flip_mac(apdu, 4) or apdu)
end

local function still_blocked(t, card, what)
  local probe, cmd = S.ssse_probe(t)
  S.sw_in(t, S.select(card, "SSSE"), "blocked_select", "SELECT of the SSSE " .. what)
  S.sw_in(t, card:transmit_raw(probe), "blocked_command", cmd .. " in it " .. what)
end

test {
  id = "card.state.app_block",
  title = "A blocked application stays blocked over resets, power-off, selection, a bad unblock",
  title_zh = "应用锁定在复位、断电、选择和错误解锁后保持锁定",
  clause = "GF 61/T PT002-2014 §9.7.1; §10.4 (APPLICATION BLOCK/UNBLOCK); ISO/IEC 7816-3 §6.2",
  roles = { "card" },
  run = function(t)
    local card = t.roles.card
    t:require(t:sw(ssse_sm(card, 0x1E), "9000", "APPLICATION BLOCK of the SSSE"), "blocked")
    for _, ev in ipairs(EVENTS) do
      ev[2](card)
      still_blocked(t, card, "after the " .. ev[1])
    end
    S.select(card, "PSE")
    still_blocked(t, card, "after selecting the PSE")
    S.sw_in(t, ssse_sm(card, 0x18, nil, true), "sm_bad_mac", "APPLICATION UNBLOCK, wrong MAC")
    still_blocked(t, card, "after an unblock with a wrong MAC")
    t:sw(ssse_sm(card, 0x18), "9000", "APPLICATION UNBLOCK")
    t:sw(S.select(card, "SSSE"), "9000", "SELECT of the SSSE after the unblock")
  end,
}

-- The declared way to unlock a blocked card, or nil (then blocking the
-- card would end it: a lab's sample is not destroyed on a guess).
local function card_unlock(t)
  local how = S.choice(t, "card_unlock")
  if how ~= "mf-84-18-01" then
    t:skip("the card profile declares no card unlock (card_unlock: " .. tostring(how)
           .. "): CARD BLOCK would end the card")
  end
  return how
end

local function card_sm(card, ins, p1, keyid, corrupt)
  local apdu = S.sm(card, 0x80, ins, p1, 0x00, "", keyid)
  return card:transmit_raw(corrupt and S.flip_mac(apdu, 1) or apdu)
end

test {
  id = "card.state.card_block",
  title = "A blocked card stays blocked over resets, power-off and an unlock with a wrong MAC",
  title_zh = "卡片锁定在复位、断电和 MAC 错误的解锁后保持锁定",
  clause = "GF 61/T PT002-2014 §9.7.2; §10.4 (CARD BLOCK); ISO/IEC 7816-3 §6.2",
  roles = { "card" },
  run = function(t)
    card_unlock(t)
    local card = t.roles.card
    S.select(card, "SSSE")
    t:require(t:sw(card_sm(card, 0x16, 0x00, "ssse.maint"), "9000", "CARD BLOCK"), "blocked")
    for _, ev in ipairs(EVENTS) do
      ev[2](card)
      card:transmit(S.MF)
      S.sw_in(t, S.select(card, "PSE"), "card_blocked", "SELECT of the PSE after the " .. ev[1])
    end
    card:transmit(S.MF)
    S.sw_in(t, card_sm(card, 0x18, 0x01, S.unlock_key(), true), "sm_bad_mac",
            "card unlock with a wrong MAC")
    S.sw_in(t, S.select(card, "PSE"), "card_blocked", "SELECT of the PSE after it")
    card:transmit(S.MF)
    t:sw(card_sm(card, 0x18, 0x01, S.unlock_key()), "9000", "card unlock with " .. S.unlock_key())
    t:sw(S.select(card, "PSE"), "9000", "SELECT of the PSE after the unlock")
  end,
}

test {
  id = "card.state.unblock_keys",
  title = "PIN UNBLOCK, APPLICATION UNBLOCK and the card unlock take only their own DF's key",
  title_zh = "PIN 解锁、应用解锁和卡片解锁只接受本 DF 的密钥",
  clause = "GF 61/T PT002-2014 §9.1.2 (a key serves one function), §9.4.2.2 (01, 03), §9.7; "
           .. "appendix C (PUK, STK per DF); 社会保障卡加载金融功能通用规范 §9.4",
  roles = { "card" },
  run = function(t)
    local card = t.roles.card
    -- PIN UNBLOCK: the SSSE's PIN unblock key, not its maintenance or master key.
    S.keys_to_unblock_pin(t, { "ssse.maint", "ssse.master", "ssse.int_auth" })
    S.select(card, "SSSE")
    local max = S.pin_max(t, card)
    for _ = 1, max do card:transmit(S.WRONG_PIN) end
    S.sw_in(t, card:transmit(S.pin_apdu()), "pin_blocked", "PIN blocked")
    for _, k in ipairs { "ssse.maint", "ssse.master", "ssse.int_auth" } do
      local r = S.pin_unblock(card, k)
      t:ok(r.sw ~= "9000", "PIN UNBLOCK under " .. k .. " refused", ex(r))
    end
    S.sw_in(t, card:transmit(S.pin_apdu()), "pin_blocked", "PIN still blocked")
    t:sw(S.pin_unblock(card), "9000", "PIN UNBLOCK under the PIN unblock key")
    -- APPLICATION UNBLOCK: the SSSE's lock key only (LK, else its
    -- maintenance key: seclib.unblock_key).
    t:require(t:sw(ssse_sm(card, 0x1E), "9000", "APPLICATION BLOCK of the SSSE"), "blocked")
    for _, k in ipairs { "mf.maint", "pse.maint", "ssse.master", "ssse.pin_unblock" } do
      local r = ssse_sm(card, 0x18, k)
      t:ok(r.sw ~= "9000", "APPLICATION UNBLOCK under " .. k .. " refused", ex(r))
    end
    still_blocked(t, card, "after the wrong keys")
    t:sw(ssse_sm(card, 0x18), "9000", "APPLICATION UNBLOCK under " .. S.unblock_key())
    -- The card unlock: the MF's lock key only (BK, else its maintenance key:
    -- seclib.unlock_key; where the profile declares a card unlock).
    if S.choice(t, "card_unlock") ~= "mf-84-18-01" then return end
    S.select(card, "SSSE")
    t:require(t:sw(card_sm(card, 0x16, 0x00, "ssse.maint"), "9000", "CARD BLOCK"), "blocked")
    card:transmit(S.MF)
    for _, k in ipairs { "ssse.maint", "pse.maint", "mf.master" } do
      local r = card_sm(card, 0x18, 0x01, k)
      t:ok(r.sw ~= "9000", "card unlock under " .. k .. " refused", ex(r))
    end
    S.sw_in(t, S.select(card, "PSE"), "card_blocked", "the card is still blocked")
    card:transmit(S.MF)
    t:sw(card_sm(card, 0x18, 0x01, S.unlock_key()), "9000", "card unlock under " .. S.unlock_key())
  end,
}
