-- Helpers the card suites share.
local M = {}

local apdu = require "apdu"
M.ex = apdu.ex

-- The DF names of SSSE and PSE, and SELECT by one (from the MF): apdu.lua.
M.DF_NAME = apdu.DF_NAME
M.select_name = apdu.select_name

-- Key references. GF 61/T PT002-2014 §9.4.2.2 lists the key types (00
-- master, 19 internal authentication, ...) and says the industry specs give
-- them other IDs: the card profile's choices ext_auth_ref, int_auth_ref and
-- purse_key_index name the card's, else the types themselves and key
-- index 01 (docs/card-security.md "Issuer choices").
local REF = { ext_auth_ref = 0x00, int_auth_ref = 0x19, purse_key_index = 0x01 }

function M.key_ref(t, name)
  local p = t.station.card_profile
  local v = p and not p.error and p[name]
  if v then t:note("choice_" .. name, string.format("%02X (declared by %s)", v, p.path)) end
  return v or REF[name]
end

-- EXTERNAL AUTHENTICATE with the 8-byte cryptogram (hex), P2 the card's
-- ext_auth_ref or ref.
function M.ext_auth_apdu(t, crypt, ref)
  return string.format("008200%02X08", ref or M.key_ref(t, "ext_auth_ref")) .. crypt
end

-- The MF's authentication that opens the DIR (appendix F.1.9: read UK MF,
-- appendix C's update key): the key file's mf.uk with the profile's
-- dir_auth_ref where it has one, else mf.master (a card whose DIR opens
-- with its master key) with ext_auth_ref. The key and P2.
-- A key of role card the key file may lack (an appendix C key a card
-- holds or not): the handle, or nil.
function M.optional_key(id)
  local ok, k = pcall(bench.keys.get, "card", id)
  return ok and k or nil
end

function M.dir_key(t)
  local uk = M.optional_key("mf.uk")
  if not uk then return bench.keys.get("card", "mf.master"), M.key_ref(t, "ext_auth_ref") end
  t:note("dir_key", "mf.uk (UK MF, appendix F.1.9)")
  local p = t.station.card_profile
  return uk, p and p.dir_auth_ref or M.key_ref(t, "ext_auth_ref")
end

-- That authentication over challenge ch (hex, zero-padded to 8 bytes).
function M.dir_auth_apdu(t, ch)
  local key, ref = M.dir_key(t)
  return M.ext_auth_apdu(t, bench.crypto.auth_data(key, ch), ref)
end

-- INTERNAL AUTHENTICATE of 8 bytes of data (hex) with the internal
-- authentication key, or with the key reference ref.
function M.int_auth_apdu(t, data, ref)
  return string.format("008800%02X08", ref or M.key_ref(t, "int_auth_ref")) .. data .. "08"
end

-- INITIALIZE FOR LOAD (p1 00, Le 10) or FOR PURCHASE (p1 01, Le 0F) of
-- amount fen at terminal, with the card's purse key index.
function M.purse_init_apdu(t, p1, amount, terminal)
  return string.format("8050%02X020B%02X%08X%s%02X", p1, M.key_ref(t, "purse_key_index"),
                       amount, terminal, p1 == 0 and 0x10 or 0x0F)
end

-- Selects the MF, then the application df ("SSSE" or "PSE") by its name;
-- ends the test if it cannot be selected. Returns the card.
function M.select_df(t, df)
  local card = t.roles.card
  card:transmit("00A40000023F0000")
  t:require(t:sw(card:transmit(M.select_name(df)), "9000", "SELECT " .. df .. " by name"),
            df .. " selectable")
  return card
end

-- The two applications of the dual-environment card
-- (社会保障卡加载金融功能通用规范 §7.2, §7.3).
function M.select_ssse(t)
  return M.select_df(t, "SSSE")
end

function M.select_pse(t)
  return M.select_df(t, "PSE")
end

-- Selects the SSSE and gets a fresh n-byte challenge there (the check is
-- named `what`); ends the test without one. Returns the card and the
-- challenge.
function M.ssse_challenge(t, n, what)
  local card = M.select_ssse(t)
  local r = card:transmit(string.format("00840000%02X", n))
  t:require(t:sw(r, "9000", what), "a challenge")
  return card, r.data
end

-- SELECT of an EF of the current DF by its FID (4 hex digits), P2 p2 ("00"
-- FCI, the default; "04" FCP; "0C" none). ISO/IEC 7816-4:2005 §7.1.1 has
-- P1 02 (EF under the current DF) and P1 00 (by identifier, a child of
-- the current DF), neither mandatory: a card that refuses one as a
-- parameter (6A86, 6B00) is asked with the other. The answer and the APDU
-- that gave it; `raw`: no 61xx/6Cxx handling.
local P1_REFUSED = { ["6A86"] = true, ["6B00"] = true }
function M.select_ef(card, fid, p2, raw)
  local send = raw and card.transmit_raw or card.transmit
  local le = (p2 or "00") == "0C" and "" or "00"
  for _, p1 in ipairs { "02", "00" } do
    local apdu = string.format("00A4%s%s02%s%s", p1, p2 or "00", fid, p2 and le or "")
    local r = send(card, apdu)
    if not P1_REFUSED[r.sw] or p1 == "00" then return r, apdu end
  end
end

return M
