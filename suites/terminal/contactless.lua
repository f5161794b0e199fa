-- ISO/IEC 14443 Type A and Type B cards read through PC/SC (DB43/T 3.3
-- §6.3.4 表4 (9) 非接卡 "支持 ISO14443 TypeA/B", §6.3.5 表5 (5)). A
-- PC/SC reader shows a contactless card by a pseudo-ATR it builds itself
-- (PC/SC part 3 §3.1.3.2.3: 3B 8n 80 01, then the ATS historical bytes of
-- a Type A card, or for Type B the ATQB's application data, protocol info
-- and MBLI) and answers GET DATA (FF CA, §3.2.2.1.3): P1 00 the UID (Type
-- B: the PUPI), P1 01 the ATS historical bytes (Type A). Neither table
-- asks for PC/SC, and readers outside part 3 (ACS's) answer P1 01 with the
-- whole ATS and put the whole 12-byte ATQB in a Type B pseudo-ATR: both
-- layouts pass, noted; a refusal of P1 01 is noted, not failed. The
-- station says which type it put on which reader: `rf_type: A|B`.
suite {
  title = "Contactless cards of ISO/IEC 14443 Type A and Type B",
  standard = "DB43/T 3.3 §6.3.4, §6.3.5; PC/SC part 3; ISO/IEC 14443-3/-4",
  -- Which roles it opens is the station's to say (the roles that declare
  -- the card or scanner), not known when the suite loads: under
  -- `bench run --jobs` it runs alone rather than beside a suite that may
  -- hold one of them.
  exclusive = true,
}

local term = require "terminal"

local UID_LENGTHS = { [4] = true, [7] = true, [10] = true } -- 14443-3 §6.5.4: single, double, triple

local function get_data(t, card, p1, what)
  local r = card:transmit(string.format("FFCA%02X0000", p1))
  t:note(what, r.sw == "9000" and r.data or ("SW " .. r.sw))
  return r
end

-- The part both types share: the pseudo-ATR's frame, then an exchange.
local function pseudo_atr(t, card)
  local hex = card:atr()
  t:note("pseudo_atr", hex)
  local a, why = bench.atr.parse(hex)
  t:require(a ~= nil, "the pseudo-ATR parses (ISO 7816-3 §8)", why)
  t:ok(a.ts == "3B" and a.td[1] == "80" and a.td[2] == "01",
       "pseudo-ATR is 3B 8n 80 01 ... (PC/SC part 3 §3.1.3.2.3)", hex)
  t:ok(a.tck_ok, "pseudo-ATR TCK is right", hex)
  return a
end

local function exchange(t, card)
  local r = card:transmit("00A40000023F00")
  t:sw(r, "9000", "SELECT MF through the contactless link")
end

-- The historical bytes of a whole ATS (ISO/IEC 14443-4 §5.2: TL, T0 whose
-- b5-b7 say TA, TB, TC follow, then the historical bytes), or nil when the
-- bytes are not one.
local function ats_historical(hex)
  local n = #hex // 2
  local tl = tonumber(hex:sub(1, 2), 16)
  if n < 2 or tl ~= n then return nil end
  local t0 = tonumber(hex:sub(3, 4), 16)
  local skip = 2 + ((t0 >> 4) & 1) + ((t0 >> 5) & 1) + ((t0 >> 6) & 1)
  if skip > n then return nil end
  return hex:sub(2 * skip + 1)
end

local function type_a(t, card)
  local a = pseudo_atr(t, card)
  local uid = get_data(t, card, 0, "uid")
  if t:sw(uid, "9000", "GET DATA UID (FF CA 00 00)") then
    local n = #uid.data // 2
    t:ok(UID_LENGTHS[n], "Type A UID is 4, 7 or 10 bytes (ISO/IEC 14443-3 §6.5.4)",
         "UID " .. uid.data .. " (" .. n .. " bytes)")
    t:ok(uid.data:sub(1, 2) ~= "88", "UID0 is not the cascade tag 88", uid.data)
  end
  local ats = get_data(t, card, 1, "ats_historical")
  local refused = { ["6A81"] = true, ["6300"] = true, ["6A86"] = true, ["6B00"] = true }
  if refused[ats.sw] then
    t:note("ats_get_data", "the reader does not give the ATS (" .. ats.sw .. "): allowed")
  elseif t:sw(ats, "9000", "GET DATA ATS historical bytes (FF CA 01 00)") then
    local hist, layout = ats.data, "the historical bytes (PC/SC part 3)"
    if ats.data ~= a.historical then
      local full = ats_historical(ats.data)
      if full then hist, layout = full, "the whole ATS (TL T0 TA TB TC, then them)" end
    end
    t:note("ats_layout", layout)
    t:bytes(a.historical, hist,
            "pseudo-ATR historical bytes are the ATS's (PC/SC part 3 §3.1.3.2.3.2)")
  end
  exchange(t, card)
end

local function type_b(t, card)
  local a = pseudo_atr(t, card)
  local h = a.historical
  -- PC/SC part 3: application data (4), protocol info (3), MBLI; ACS: the
  -- whole ATQB, 50, PUPI (4), application data (4), protocol info (3).
  local whole = #h == 24 and h:sub(1, 2) == "50"
  t:note("atqb_layout", whole and "the whole ATQB (50, PUPI, application data, protocol info)"
         or "PC/SC part 3 (application data, protocol info, MBLI)")
  if t:ok(#h == 16 or whole, "Type B pseudo-ATR has 8 historical bytes (application data, "
            .. "protocol info, MBLI: PC/SC part 3 §3.1.3.2.3.1) or the whole 12-byte ATQB",
            "historical: " .. h) then
    local at = whole and 19 or 9 -- protocol info's first byte, in hex digits
    local b2, b3 = tonumber(h:sub(at + 2, at + 3), 16), tonumber(h:sub(at + 4, at + 5), 16)
    -- Protocol_Type: b1 = 1 ISO/IEC 14443-4 compliant, b4 = 0; b3-b2 may
    -- carry the card's minimum TR2 (later editions), any value.
    t:ok(b2 & 0x09 == 0x01, "protocol info: ISO/IEC 14443-4 compliant, Protocol_Type x001 "
         .. "(ISO/IEC 14443-3 §7.9.4.3)", string.format("byte 2 = %02X", b2))
    t:ok(b2 >> 4 <= 12, "protocol info: Max_Frame_Size code 0..12", string.format("%02X", b2))
    t:ok(b3 >> 4 <= 14, "protocol info: FWI 0..14 (15 is RFU)", string.format("byte 3 = %02X", b3))
  end
  local uid = get_data(t, card, 0, "pupi")
  if t:sw(uid, "9000", "GET DATA PUPI (FF CA 00 00)") then
    t:ok(#uid.data == 8, "Type B PUPI is 4 bytes (ISO/IEC 14443-3 §7.9.2)", "PUPI " .. uid.data)
    if whole then
      t:bytes(h:sub(3, 10), uid.data, "the ATQB's PUPI is the one GET DATA gives")
    end
  end
  exchange(t, card)
end

-- A DUT with one antenna (the `contactless` role) must read both types
-- (表4 (9) "支持 ISO14443 TypeA/B"): where no role declares the type, the
-- operator puts a card of that type on it (`on_antenna`), then the
-- station's card back (`put_back`).
local ANTENNA = "on the contactless antenna"
local function on_antenna(t, want, check)
  local other = t.station.roles.contactless and t.station.roles.contactless.rf_type
  if not other or other == want then t:skip("no role declares rf_type: " .. want) end
  t:note("role", "contactless")
  term.other_type(t, "on_antenna", want, ANTENNA, function(card) check(t, card) end)
end

-- A run that died while the operator's card was on the antenna: asked again.
local function card_back(t)
  term.ask_back(t, term.card_back(t, ANTENNA))
end

for _, v in ipairs { { "A", type_a }, { "B", type_b } } do
  test {
    id = "terminal.rf.type_" .. v[1]:lower(),
    title = "An ISO/IEC 14443 Type " .. v[1] .. " card is identified and exchanged with",
    title_zh = "ISO/IEC 14443 Type " .. v[1] .. " 卡片可识别并可交互",
    clause = "DB43/T 3.3 §6.3.4 表4 (9), §6.3.5 表5 (5); ISO/IEC 14443-3",
    rest_at_resume = card_back,
    run = function(t)
      local role = term.roles_with(t, "rf_type", v[1])[1]
      if not role then return on_antenna(t, v[1], v[2]) end
      t:note("role", role)
      v[2](t, t.roles[role])
    end,
  }
end

-- MIFARE Classic (表4 (9): MF1ICS50 1K, MF1ICS70 4K; Mini as well) through
-- the storage-card commands of PC/SC part 3 §3.2.2.1: the reader does
-- CRYPTO1, bench sees LOAD KEYS, GENERAL AUTHENTICATE, READ/UPDATE BINARY
-- of 16-byte blocks. The station names the card (`mifare: 1k`) and its key
-- (`mifare_key:`, default the transport key). What the test writes it
-- writes back.
local MIFARE = {
  mini = { name = "0026", blocks = 20 },
  ["1k"] = { name = "0001", blocks = 64 },
  ["4k"] = { name = "0002", blocks = 256 },
}

local function mf_auth(card, block, slot)
  return card:transmit(string.format("FF860000050100%02X60%02X", block, slot))
end

local function mf_read(card, block)
  return card:transmit(string.format("FFB000%02X10", block))
end

local function storage_atr(t, card, kind)
  local a = pseudo_atr(t, card)
  local h = a.historical
  t:ok(h:sub(1, 16) == "804F0CA000000306" and #h == 30,
       "storage-card pseudo-ATR: 80 4F 0C, RID A0 00 00 03 06 (PC/SC part 3 §3.1.3.2.3.2)", h)
  t:ok(h:sub(17, 18) == "03", "standard byte 03: ISO/IEC 14443 A part 3", h)
  t:ok(h:sub(19, 22) == MIFARE[kind].name,
       "card name " .. MIFARE[kind].name .. " (MIFARE Classic " .. kind .. ")", h)
end

-- Write a pattern, read it back, write the old bytes back.
local function mf_write(t, card, block)
  local old = mf_read(card, block)
  if not t:sw(old, "9000", string.format("READ BINARY block %d", block)) then return end
  t:ok(#old.data == 32, "a block is 16 bytes", old.data)
  local pattern = string.format("%02X", block):rep(4) .. "A55AC33C0FF0BE11EF22DD33"
  local w = card:transmit(string.format("FFD600%02X10", block) .. pattern)
  t:sw(w, "9000", string.format("UPDATE BINARY block %d", block))
  t:bytes(mf_read(card, block).data, pattern, "the block reads back as written")
  t:sw(card:transmit(string.format("FFD600%02X10", block) .. old.data), "9000",
       "the old contents written back")
end

local function mifare(t, card, kind, key)
  storage_atr(t, card, kind)
  local uid = get_data(t, card, 0, "uid")
  if t:sw(uid, "9000", "GET DATA UID (FF CA 00 00)") then
    t:ok(#uid.data == 8 or #uid.data == 14, "UID is 4 or 7 bytes", uid.data)
  end
  t:require(card:transmit("FF82000006" .. key).sw == "9000", "LOAD KEYS into slot 0")
  t:sw(mf_auth(card, 4, 0), "9000", "GENERAL AUTHENTICATE block 4 with key A")
  mf_write(t, card, 4)
  local last = MIFARE[kind].blocks - 2
  if t:sw(mf_auth(card, last, 0), "9000", "authenticate the last sector (block " .. last .. ")") then
    t:sw(mf_read(card, last), "9000", "READ BINARY of the last data block")
  end
  local other = mf_read(card, 8)
  t:ok(other.sw ~= "9000", "block 8 of a sector not authenticated does not read",
       "SW " .. other.sw .. " " .. other.data)
  -- A wrong key: the last byte's bits flipped.
  local wrong = key:sub(1, 10) .. string.format("%02X", tonumber(key:sub(11, 12), 16) ~ 0xFF)
  t:require(card:transmit("FF82000106" .. wrong).sw == "9000", "LOAD KEYS of a wrong key into slot 1")
  local bad = mf_auth(card, 8, 1)
  t:ok(bad.sw ~= "9000", "a wrong key does not authenticate", "SW " .. bad.sw)
  local after = mf_read(card, 8)
  t:ok(after.sw ~= "9000", "after a failed authentication the block does not read",
       "SW " .. after.sw .. " " .. after.data)
end

test {
  id = "terminal.rf.mifare",
  title = "MIFARE Classic cards: keys, authentication, read and write per PC/SC part 3",
  title_zh = "MIFARE Classic 卡：装载密钥、认证、读写（PC/SC 第 3 部分）",
  clause = "DB43/T 3.3 §6.3.4 表4 (9), §6.3.5 表5 (5); PC/SC part 3 §3.2.2.1",
  run = function(t)
    term.each_declared(t, "mifare", "no role declares mifare: mini|1k|4k", function(name, opts)
      t:note(name, "MIFARE Classic " .. opts.mifare)
      mifare(t, t.roles[name], opts.mifare, (opts.mifare_key or "FFFFFFFFFFFF"):upper())
    end)
  end,
}
