-- ISO/IEC 14443 Type A and Type B cards read through PC/SC (DB43/T 3.3
-- §6.3.4 表4 (9) 非接卡 "支持 ISO14443 TypeA/B", §6.3.5 表5 (5)). A
-- PC/SC reader shows a contactless card by a pseudo-ATR it builds itself
-- (PC/SC part 3 §3.1.3.2.3: 3B 8n 80 01, then the ATS historical bytes of
-- a Type A card, or for Type B the ATQB's application data, protocol info
-- and MBLI) and answers GET DATA (FF CA, §3.2.2.1.3): P1 00 the UID (Type
-- B: the PUPI), P1 01 the ATS historical bytes (Type A; a reader may
-- refuse it with 6A81, which is noted, not failed). The station says
-- which type it put on which reader: `rf_type: A|B` on the role.
suite {
  title = "Contactless cards of ISO/IEC 14443 Type A and Type B",
  standard = "DB43/T 3.3 §6.3.4, §6.3.5; PC/SC part 3; ISO/IEC 14443-3/-4",
}

local UID_LENGTHS = { [4] = true, [7] = true, [10] = true } -- 14443-3 §6.5.4: single, double, triple

local function role_of(t, typ)
  local names = {}
  for name, opts in pairs(t.station.roles) do
    if opts.rf_type == typ then names[#names + 1] = name end
  end
  table.sort(names)
  return names[1]
end

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
  if ats.sw == "6A81" then
    t:note("ats_get_data", "the reader does not give the ATS (6A81): allowed")
  elseif t:sw(ats, "9000", "GET DATA ATS historical bytes (FF CA 01 00)") then
    t:bytes(a.historical, ats.data,
            "pseudo-ATR historical bytes are the ATS's (PC/SC part 3 §3.1.3.2.3.2)")
  end
  exchange(t, card)
end

local function type_b(t, card)
  local a = pseudo_atr(t, card)
  local h = a.historical
  if t:ok(#h == 16, "Type B pseudo-ATR has 8 historical bytes: ATQB application data (4), "
            .. "protocol info (3), MBLI (PC/SC part 3 §3.1.3.2.3.1)", "historical: " .. h) then
    local b2, b3 = tonumber(h:sub(11, 12), 16), tonumber(h:sub(13, 14), 16)
    t:ok(b2 & 0x0F == 0x01, "protocol info: ISO/IEC 14443-4 compliant, Protocol_Type 0001 "
         .. "(ISO/IEC 14443-3 §7.9.4.3)", string.format("byte 2 = %02X", b2))
    t:ok(b2 >> 4 <= 12, "protocol info: Max_Frame_Size code 0..12", string.format("%02X", b2))
    t:ok(b3 >> 4 <= 14, "protocol info: FWI 0..14 (15 is RFU)", string.format("byte 3 = %02X", b3))
  end
  local uid = get_data(t, card, 0, "pupi")
  if t:sw(uid, "9000", "GET DATA PUPI (FF CA 00 00)") then
    t:ok(#uid.data == 8, "Type B PUPI is 4 bytes (ISO/IEC 14443-3 §7.9.2)", "PUPI " .. uid.data)
  end
  exchange(t, card)
end

for _, v in ipairs { { "A", type_a }, { "B", type_b } } do
  test {
    id = "terminal.rf.type_" .. v[1]:lower(),
    title = "An ISO/IEC 14443 Type " .. v[1] .. " card is identified and exchanged with",
    clause = "DB43/T 3.3 §6.3.4 表4 (9), §6.3.5 表5 (5); ISO/IEC 14443-3",
    run = function(t)
      local role = role_of(t, v[1])
      if not role then t:skip("no role declares rf_type: " .. v[1]) end
      t:note("role", role)
      v[2](t, t.roles[role])
    end,
  }
end
