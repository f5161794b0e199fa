-- Locking and unlocking (GF 61/T PT002-2014 §9.7): APPLICATION BLOCK and
-- UNBLOCK under the application maintenance key (appendix C: STK "MAC of
-- application block, card block, update"), CARD BLOCK, and card unlock
-- with the MF maintenance key (the seed names card unlocking, §9.7.2, but
-- no APDU: the simulated card takes 84 18 01 00 at the MF).
suite {
  title = "Application and card block/unblock",
  standard = "GF 61/T PT002-2014 §9.7",
}

local cardlib = require "cardlib"

local C = bench.crypto

local ex = cardlib.ex

local function sm(card, ins, p1, keyid)
  local ch = card:transmit("0084000004").data
  return card:transmit(C.sm_wrap(0x80, ins, p1, 0x00, "", bench.keys.get("card", keyid), ch))
end

-- Both blocks are given from inside the SSSE, under its maintenance key.
local function in_ssse(t)
  local card = t.roles.card
  card:transmit("00A40000023F0000")
  t:require(t:sw(card:transmit("00A4000002DDF100"), "9000", "SELECT SSSE"), "SSSE")
  return card
end

test {
  id = "card.block.app",
  title = "A blocked application answers 6283 to SELECT and refuses commands until unblocked",
  clause = "GF 61/T PT002-2014 §9.7.1; §10.4 (APPLICATION BLOCK/UNBLOCK)",
  roles = { "card" },
  run = function(t)
    local card = in_ssse(t)
    t:sw(sm(card, 0x1E, 0x00, "ssse.maint"), "9000", "APPLICATION BLOCK")
    local r = card:transmit_raw("00B0950004")
    t:ok(r.sw ~= "9000", "READ BINARY in the blocked application refused", ex(r))
    card:transmit("00A40000023F0000")
    t:sw(card:transmit_raw("00A4000002DDF100"), "6283", "SELECT of the blocked SSSE")
    t:sw(card:transmit("0088001908" .. "0011223344556677" .. "08"), "6985",
         "INTERNAL AUTHENTICATE while blocked")
    t:sw(sm(card, 0x18, 0x00, "ssse.maint"), "9000", "APPLICATION UNBLOCK")
    card:transmit("00A40000023F0000")
    t:sw(card:transmit("00A4000002DDF100"), "9000", "SELECT SSSE after unblock")
    t:sw(card:transmit("00B0950004"), "9000", "READ BINARY after unblock")
  end,
}

test {
  id = "card.block.card",
  title = "A blocked card answers 6A81 to applications until unlocked at the MF",
  clause = "GF 61/T PT002-2014 §9.7.2; §10.4 (CARD BLOCK)",
  roles = { "card" },
  run = function(t)
    local card = in_ssse(t)
    t:sw(sm(card, 0x16, 0x00, "ssse.maint"), "9000", "CARD BLOCK")
    t:sw(card:transmit_raw("00B2010C00"), "6A81", "READ RECORD on a blocked card")
    t:sw(card:transmit("00A40000023F0000"), "9000", "SELECT MF still served")
    t:sw(card:transmit_raw("00A4000002DDF200"), "6A81", "SELECT PSE on a blocked card")
    local r = sm(card, 0x18, 0x01, "mf.maint")
    t:sw(r, "9000", "card unlock with the MF maintenance key")
    t:sw(card:transmit("00A4000002DDF200"), "9000", "SELECT PSE after unlock")
  end,
}
