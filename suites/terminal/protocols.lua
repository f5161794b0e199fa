-- ISO 7816-3 T=0 and T=1 through the terminal's reader: the protocol the
-- ATR offers is the one negotiated, a case-4 answer's data arrive (in T=0
-- through 61xx + GET RESPONSE, sent by the host or by the reader itself:
-- ISO/IEC 7816-3 leaves the procedure to the interface device), a wrong Le
-- gets the record (6Cxx and the re-issued command, again by either side,
-- or the card's 6700), and a 256-byte answer arrives whole. DB43/T 3.3
-- §6.3.4 表4 (9): "接触卡: 符合 ISO7816 1/2/3 T=0 T=1", both asked of the
-- user-card slot: the `card` role's reader, with a social security card in
-- it (a PSAM slot proves nothing of that slot, and a PSAM has none of the
-- files read here). The reader is judged by what arrives, not by which side
-- of it ran the procedure.
suite {
  title = "Reader protocols T=0 / T=1",
  standard = "DB43/T 3.3 §6.3.4; GF 61/T PT002-2014 §8.2",
}

local term = require "terminal"
local apdu = require "apdu"

-- The card role's card when it talks proto; else the operator puts a
-- card of proto in the same slot (no answer SKIPs). Returns the card and
-- whether it was swapped.
local function user_card(t, proto)
  local card = t.roles.card
  local had = card:protocol()
  if had == proto then return card, false end
  local prompt = string.format("The user-card slot's card talks %s: put a %s social security "
                               .. "card in that slot (the card role's reader). Done?", had, proto)
  t:ask { key = "inserted", kind = "yesno", expect = true, prompt = prompt }
  card:reconnect()
  t:require(t:eq(card:protocol(), proto, "the card in the user-card slot talks " .. proto),
            "a " .. proto .. " card in the user-card slot")
  return card, true
end

-- Case 4 sent raw: a SELECT that answers data (the MF, or the PSE by name
-- where the MF answers none); its data must arrive, in one exchange or
-- after 61xx and GET RESPONSE.
local function case4(t, card, proto)
  card:transmit("00A40000023F0000")
  local raw = card:transmit_raw("00A40000023F0000")
  if raw.sw == "9000" and raw.data == "" then
    raw = card:transmit_raw("00A404000E315041592E5359532E444446303100")
  end
  if raw.sw1 == 0x61 then
    t:note("case4", proto .. ": 61" .. raw.sw:sub(3) .. ", GET RESPONSE sent by the host")
    raw = card:transmit_raw(string.format("00C00000%02X", raw.sw2))
  elseif raw.sw == "9000" and proto == "T=0" then
    t:note("case4", "T=0: data and 9000 at once, GET RESPONSE sent by the reader")
  end
  if t:sw(raw, "9000", proto .. " case 4: SELECT answered") then
    t:ok(raw.data ~= "", proto .. " case 4: the answer's data arrived", term.ex(raw))
  end
end

-- Wrong Le: EF05 record 1 is 18 bytes (GF 61/T PT002-2014 F.1.1); Le 05
-- gets 6C12 (then transmit's re-issue with Le 12 the record), the record
-- with 9000 when the reader re-issued it, or 6700 from a card that does not
-- give the exact length (ISO/IEC 7816-4:2005 §5.1.3). Case 4 may have left
-- the PSE selected: EF05 is read where the card keeps it, the MF or the
-- SSSE.
local function wrong_le(t, card)
  local where, bad = term.identity_df(card)
  if not t:ok(where ~= nil, "the identity files' DF selected", bad and term.ex(bad)) then return end
  t:note("identity_df", where)
  local wrong = card:transmit_raw("00B2012C05")
  if wrong.sw == "6700" then
    t:note("wrong_le", "6700 from the card: no exact length to re-issue with")
    return
  end
  if wrong.sw == "9000" then
    t:note("wrong_le", "the record and 9000: the reader re-issued the command")
    t:eq(#wrong.data // 2, 0x12, "record length after the reader's re-issue")
    return
  end
  t:sw(wrong, "6C12", "READ RECORD with Le 05 of an 18-byte record")
  local r = card:transmit("00B2012C05")
  if t:sw(r, "9000", "READ RECORD re-issued with the Le from 6Cxx") then
    t:eq(#r.data // 2, 0x12, "record length after 6Cxx")
  end
end

local function check_protocol(t, proto)
  local card, swapped = user_card(t, proto)
  local atr = bench.atr.parse(card:atr())
  if t:ok(atr ~= nil, "ATR parses") then
    local offered = false
    for _, p in ipairs(atr.protocols) do
      offered = offered or ("T=" .. p) == proto
    end
    t:ok(offered, "the ATR offers " .. proto)
  end
  case4(t, card, proto)
  wrong_le(t, card)
  -- Long answer: 256 bytes of EF07 (SFI 7, 0x300 bytes), in the MF
  -- (F.1.3) or, where the MF has none, in the SSSE beside EF05.
  card:transmit("00A40000023F0000")
  local long = card:transmit("00B0870000")
  if long.sw == "6A82" and card:transmit(apdu.select_name("SSSE")).sw == "9000" then
    long = card:transmit("00B0870000")
  end
  if t:sw(long, "9000", "READ BINARY Le 00 (256 bytes)") then
    t:measure { name = "long_response", value = #long.data // 2, unit = "bytes", equal = 256 }
  end
  -- Extended APDUs: the pcsc driver cannot ask the reader whether it
  -- claims them (no SCardGetAttrib), so they are not sent.
  t:note("extended_apdu", "not checked: reader support is not queried")
  if swapped then
    t:note("slot", "the user-card slot now holds the " .. proto .. " card: put the station's own "
                   .. "card back before the suites that read it")
  end
end

for _, v in ipairs {
  { id = "terminal.proto.t0", proto = "T=0",
    title = "T=0: protocol, 61xx/GET RESPONSE, 6Cxx, 256-byte answer",
    title_zh = "T=0 协议：61xx/GET RESPONSE、6Cxx、256 字节应答" },
  { id = "terminal.proto.t1", proto = "T=1",
    title = "T=1: protocol, case 4 in one exchange, 6Cxx, 256-byte answer",
    title_zh = "T=1 协议：情形 4 一次交换完成、6Cxx、256 字节应答" },
} do
  test {
    id = v.id,
    title = v.title,
    title_zh = v.title_zh,
    clause = "DB43/T 3.3 §6.3.4 表4 (9); ISO/IEC 7816-3",
    roles = { "card" },
    run = function(t) check_protocol(t, v.proto) end,
  }
end
