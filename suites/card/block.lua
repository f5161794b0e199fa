-- Locking and unlocking (GF 61/T PT002-2014 §9.7): APPLICATION BLOCK and
-- UNBLOCK under the application maintenance key (appendix C: STK "MAC of
-- application block, card block, update"), CARD BLOCK, and card unlock
-- with the MF maintenance key (§9.7.2 names card unlocking but gives no
-- APDU: the card profile declares how, `card_unlock:`; the simulated card
-- takes 84 18 01 00 at the MF). The status words of a blocked application
-- or card are those the standards allow (seclib.SW).
suite {
  title = "Application and card block/unblock",
  standard = "GF 61/T PT002-2014 §9.7",
}

local cardlib = require "cardlib"
local S = require "seclib"

local C = bench.crypto

local function sm(card, ins, p1, keyid)
  local ch = card:transmit("0084000004").data
  return card:transmit(C.sm_wrap(0x80, ins, p1, 0x00, "", bench.keys.get("card", keyid), ch))
end

-- Both blocks are given from inside the SSSE, under its maintenance key.
local function in_ssse(t)
  local card = t.roles.card
  card:transmit("00A40000023F0000")
  t:require(t:sw(card:transmit(S.select_name("SSSE")), "9000", "SELECT SSSE"), "SSSE")
  return card
end

test {
  id = "card.block.app",
  title = "A blocked application answers 6283 to SELECT and refuses commands until unblocked; "
          .. "the other environment is still served",
  title_zh = "应用锁定后选择应答 6283，解锁前拒绝命令；另一应用环境不受影响",
  clause = "GF 61/T PT002-2014 §9.7.1; §10.4 (APPLICATION BLOCK/UNBLOCK); "
           .. "社会保障卡加载金融功能通用规范 §9.4 (相互隔离，互不影响)",
  roles = { "card" },
  run = function(t)
    local card = in_ssse(t)
    local probe, what = S.ssse_probe(t)
    t:sw(sm(card, 0x1E, 0x00, "ssse.maint"), "9000", "APPLICATION BLOCK")
    S.sw_in(t, card:transmit_raw(probe), "blocked_command", what .. " in the blocked application")
    card:transmit("00A40000023F0000")
    S.sw_in(t, card:transmit_raw(S.select_name("SSSE")), "blocked_select",
            "SELECT of the blocked SSSE")
    S.sw_in(t, card:transmit_raw(cardlib.int_auth_apdu(t, "0011223344556677")), "blocked_command",
            "INTERNAL AUTHENTICATE while blocked")
    -- The firewall: "通过应用防火墙相互隔离，互不影响" (§9.4). The SSSE's
    -- block leaves the PSE as it was, then the SSSE is selected again.
    card:transmit("00A40000023F0000")
    t:sw(card:transmit(S.select_name("PSE")), "9000", "SELECT PSE while the SSSE is blocked")
    card:transmit("00A40000023F0000")
    card:transmit_raw(S.select_name("SSSE"))
    t:sw(sm(card, 0x18, 0x00, S.unblock_key()), "9000", "APPLICATION UNBLOCK")
    card:transmit("00A40000023F0000")
    t:sw(card:transmit(S.select_name("SSSE")), "9000", "SELECT SSSE after unblock")
    t:sw(card:transmit(probe), "9000", what .. " after unblock")
  end,
}

test {
  id = "card.block.card",
  title = "A blocked card answers 6A81 to applications until unlocked at the MF",
  title_zh = "卡片锁定后对应用应答 6A81，直至在 MF 下解锁",
  clause = "GF 61/T PT002-2014 §9.7.2; §10.4 (CARD BLOCK); JR/T 0025 (6A81 card blocked)",
  roles = { "card" },
  run = function(t)
    -- Blocking a card with no declared way back would end it.
    local how = S.choice(t, "card_unlock")
    if how ~= "mf-84-18-01" then
      t:skip("the card profile declares no card unlock (card_unlock: " .. tostring(how)
             .. "): CARD BLOCK would end the card")
    end
    local card = in_ssse(t)
    t:sw(sm(card, 0x16, 0x00, "ssse.maint"), "9000", "CARD BLOCK")
    S.sw_in(t, card:transmit_raw("00B2010C00"), "card_blocked", "READ RECORD on a blocked card")
    t:sw(card:transmit("00A40000023F0000"), "9000", "SELECT MF still served (card_unlock: at the MF)")
    S.sw_in(t, card:transmit_raw(S.select_name("PSE")), "card_blocked", "SELECT PSE on a blocked card")
    local r = sm(card, 0x18, 0x01, S.unlock_key())
    t:sw(r, "9000", "card unlock with " .. S.unlock_key())
    t:sw(card:transmit(S.select_name("PSE")), "9000", "SELECT PSE after unlock")
  end,
}
