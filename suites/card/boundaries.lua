-- Command boundaries: what the card answers at the edges of READ/UPDATE
-- BINARY and RECORD, SELECT, VERIFY, GET CHALLENGE and GET RESPONSE: an
-- offset or Le running past the end, Le 00, a wrong Lc, every P1/P2 the
-- command does not define, a wrong class byte.
--
-- ISO/IEC 7816-4:2005 (identical to GB/T 16649.4-2010, which GF 61/T
-- PT002-2014 §10.4 names for its basic commands) often allows more than
-- one status word for an error. Each case lists every answer the standard
-- allows (lib/answers.lua, with the meaning of each SW from §5.1.3 tables
-- 5 and 6), never just the one our simulated card gives; the diagnostics
-- note which one the card chose. Data a card returns at a boundary must be
-- exactly the file's bytes: never padding, never more than Le.
--
-- RFU bits (an SFI P1's bits 7-6, SELECT's P2 bits 8-5): ISO/IEC 7816-4
-- has the sender set them to 0 and says nothing of the receiver. A card
-- may refuse them (6A86, 6B00) or read them as 0, answering exactly what
-- the command without them gets; any other answer fails.
--
-- In T=0 a case 2 command's P3 is its Le (ISO/IEC 7816-3:2006 §12.2.3):
-- "data on a command that takes none" cannot be sent there, so those
-- cases run on T=1 only (noted).
suite {
  title = "Command boundaries",
  standard = "ISO/IEC 7816-4:2005 (GB/T 16649.4-2010); GF 61/T PT002-2014 §10.4",
}

local A = require "answers"
local cardlib = require "cardlib"
local S = require "seclib"
local session = require "session"

local C = bench.crypto
local MF = "00A40000023F0000"
local EF07_SIZE = 0x300 -- GF 61/T PT002-2014 appendix F.1.3
local T0_DATA = "not sent: in T=0 the P3 of a case 2 command is its Le " ..
                "(ISO/IEC 7816-3:2006 §12.2.3); data on it cannot be expressed"

-- A refusal of RFU bits, or the answer `served` the command gets without
-- them (the bits read as 0).
local function rfu(served)
  local a = A.sws(A.P1P2)
  a[#a + 1] = served
  return a
end
local RFU = " (the sender sets them to 0; a card refuses them or reads them as 0)"

-- Runs cases {key, what, clause, apdu, accept [, t1] [, before]} in order.
local function run_cases(t, card, cases)
  local t0 = card:protocol() == "T=0"
  for _, c in ipairs(cases) do
    if c.t1 and t0 then
      t:note(c.key, T0_DATA)
    else
      if c.before then c.before() end
      A.check(t, A.send(card, c.apdu), c)
    end
  end
end

-- EF07 selected, and its bytes read in whole 128-byte pieces (reference).
local function ef07(t, card)
  card:transmit(MF)
  t:require(t:sw((cardlib.select_ef(card, "EF07")), "9000", "SELECT EF07"), "EF07 selected")
  local ref = ""
  for off = 0, EF07_SIZE - 1, 0x80 do
    local r = card:transmit(string.format("00B0%04X80", off))
    t:require(t:sw(r, "9000", string.format("READ BINARY EF07 at %04X", off)) and
              #r.data == 0x100, "EF07 read in pieces")
    ref = ref .. r.data
  end
  return ref
end

-- The bytes of ref from offset off on (hex).
local function from(ref, off, n)
  return ref:sub(2 * off + 1, n and 2 * (off + n) or nil)
end

local RB = "ISO/IEC 7816-4:2005 §7.2.1, §7.2.3 READ BINARY"

test {
  id = "card.bounds.read_binary",
  title = "READ BINARY past the end, at the end, with Le 00, RFU P1 bits, data",
  title_zh = "读二进制：越过文件末尾、恰在末尾、Le 为 00、P1 保留位、带数据",
  clause = RB .. "; GF 61/T PT002-2014 appendix F.1.3",
  roles = { "card" },
  run = function(t)
    local card = t.roles.card
    local ref = ef07(t, card)
    local tail = from(ref, 0x2F0)
    run_cases(t, card, {
      { key = "rb_past_end", what = "offset 02F0 + Le 20 runs 10 bytes past the end",
        clause = RB, apdu = "00B002F020",
        accept = { { sw = "6282", data = tail }, { sw = "9000", data = tail },
                   { sw = "6C10" }, { sw = "6700" } } },
      { key = "rb_at_end", what = "offset 0300, the end exactly", clause = RB,
        apdu = "00B0030001", accept = A.sws { "6B00", "6A86", "6282", "6700" } },
      { key = "rb_beyond", what = "offset 7FF0, far past the end", clause = RB,
        apdu = "00B07FF010", accept = A.sws { "6B00", "6A86" } },
      { key = "rb_le00_full", what = "Le 00 with 0300 bytes left: 256 bytes",
        clause = RB .. " (Le 00: up to 256)", apdu = "00B0000000",
        accept = { { sw = "9000", data = from(ref, 0, 256) } } },
      { key = "rb_le00_tail", what = "Le 00 with 80 bytes left: the 80 bytes",
        clause = RB .. " (Le 00: all bytes to the end)", apdu = "00B0028000",
        accept = { { sw = "9000", data = from(ref, 0x280) }, { sw = "6282", data = from(ref, 0x280) },
                   { sw = "6C80" } } },
      { key = "rb_p1_rfu", what = "P1 E7: SFI form with RFU bits 7-6 set",
        clause = "ISO/IEC 7816-4:2005 §7.2.2 (P1 b8=1: b7-b6 00)" .. RFU, apdu = "00B0E70010",
        accept = rfu { sw = "9000", data = from(ref, 0, 16) } },
      { key = "rb_p1_rfu2", what = "P1 A7: SFI form with RFU bit 6 set",
        clause = "ISO/IEC 7816-4:2005 §7.2.2 (P1 b8=1: b7-b6 00)" .. RFU, apdu = "00B0A70010",
        accept = rfu { sw = "9000", data = from(ref, 0, 16) } },
      { key = "rb_record_ef", what = "SFI 5 names a record file",
        clause = "ISO/IEC 7816-4:2005 §7.2.2 (aborted on an EF without data units)",
        apdu = "00B0850000", accept = A.sws { "6981", "6986", "6A82" } },
      { key = "rb_data", what = "command data on READ BINARY (Lc 02)", t1 = true,
        clause = RB .. " (no command data field)", apdu = "00B0000002AAAA10",
        accept = A.sws(A.LC) },
    })
  end,
}

local RR = "ISO/IEC 7816-4:2005 §7.3.2, §7.3.3 READ RECORD"

-- The records of EF05 (SFI 5), read with Le 00 (6Cxx handled): reference.
local function ef05(t, card)
  card:transmit(MF)
  local recs = {}
  for i = 1, 7 do
    local r = card:transmit(string.format("00B2%02X2C00", i))
    t:require(t:sw(r, "9000", "READ RECORD " .. i .. " of EF05"), "EF05 readable")
    recs[i] = r.data
  end
  return recs
end

test {
  id = "card.bounds.read_record",
  title = "READ RECORD past the last record, record 00, RFU P1/P2, short/long/00 Le, data",
  title_zh = "读记录：超过最后一条记录、记录号 00、P1/P2 保留值、Le 偏短/偏长/00、带数据",
  clause = RR .. "; GF 61/T PT002-2014 appendix F.1.1",
  roles = { "card" },
  run = function(t)
    local card = t.roles.card
    local recs = ef05(t, card)
    local rec7 = recs[7]
    local n7 = string.format("6C%02X", #rec7 // 2)
    run_cases(t, card, {
      { key = "rr_past_last", what = "record 8 of EF05 (7 records)", clause = RR,
        apdu = "00B2082C00", accept = A.sws { "6A83" } },
      -- A card may also take the record pointer, unset, as the first record.
      { key = "rr_current_none", what = "record 00 (the current one) when none is current",
        clause = RR .. " (P1 00: current record)", apdu = "00B2002C00",
        before = function() card:transmit(MF) end,
        accept = A.any(A.sws { "6A83", "6A86", "6B00", "6985", "6986" },
                       { { sw = "9000", data = recs[1] } }) },
      { key = "rr_p1_ff", what = "record FF (RFU)", clause = "ISO/IEC 7816-4:2005 §7.3.1 (FF RFU)",
        apdu = "00B2FF2C00", accept = A.sws { "6A83", "6A86", "6B00" } },
      { key = "rr_p2_mode", what = "P2 2F: mode 111 (RFU)", clause = RR .. " (P2 b3-b1 111 RFU)",
        apdu = "00B2012F00", accept = A.sws(A.P1P2) },
      { key = "rr_p2_sfi31", what = "P2 FC: SFI 31 (RFU)",
        clause = "ISO/IEC 7816-4:2005 §7.3.1 (short EF identifier 11111 RFU)",
        apdu = "00B201FC00", accept = A.sws { "6A86", "6B00", "6A82" } },
      { key = "rr_le_short", what = "Le 05, shorter than record 7", clause = RR,
        apdu = "00B2072C05", accept = A.sws { n7, "6700" } },
      { key = "rr_le_long", what = "Le 20, longer than record 7", clause = RR,
        apdu = "00B2072C20",
        accept = { { sw = "9000", data = rec7 }, { sw = "6282", data = rec7 }, { sw = n7 },
                   { sw = "6700" } } },
      { key = "rr_le00", what = "Le 00: the whole record", clause = RR .. " (Le 00)",
        apdu = "00B2072C00",
        accept = { { sw = "9000", data = rec7 }, { sw = "6282", data = rec7 }, { sw = n7 } } },
      { key = "rr_data", what = "command data on READ RECORD (Lc 02)", t1 = true,
        clause = RR .. " (no command data field)", apdu = "00B2072C02AAAA00",
        accept = A.sws(A.LC) },
    })
  end,
}

local SEL = "ISO/IEC 7816-4:2005 §7.1.1 SELECT"

test {
  id = "card.bounds.select",
  title = "SELECT with an undefined P1, RFU P2 bits, FIDs of 1 and 3 bytes, a 17-byte name",
  title_zh = "选择：未定义的 P1、P2 保留位、1 字节和 3 字节的文件标识符、17 字节名称",
  clause = SEL,
  roles = { "card" },
  run = function(t)
    local card = t.roles.card
    local reset = function() card:transmit(MF) end
    local fid_lc = A.sws { "6700", "6A87", "6A80", "6A82" }
    reset()
    local mf = A.send(card, MF) -- what P2 10 and 80 get where the card reads them as 00
    t:require(t:sw(mf, "9000", "SELECT MF"), "the MF selected")
    local as_00 = rfu { sw = "9000", data = mf.data ~= "" and mf.data or nil }
    run_cases(t, card, {
      { key = "sel_p1_05", what = "P1 05 (RFU)", clause = SEL .. " (P1 coding)",
        apdu = "00A40500023F0000", accept = A.sws(A.P1P2), before = reset },
      { key = "sel_p1_80", what = "P1 80 (RFU)", clause = SEL .. " (P1 coding)",
        apdu = "00A48000023F0000", accept = A.sws(A.P1P2), before = reset },
      { key = "sel_p2_10", what = "P2 10 (bits 8-5 RFU)", clause = SEL .. " (P2 coding)" .. RFU,
        apdu = "00A40010023F0000", accept = as_00, before = reset },
      { key = "sel_p2_80", what = "P2 80 (bits 8-5 RFU)", clause = SEL .. " (P2 coding)" .. RFU,
        apdu = "00A40080023F0000", accept = as_00, before = reset },
      { key = "sel_fid1", what = "a file identifier of 1 byte (Lc 01)",
        clause = SEL .. " (P1 00-02: a 2-byte file identifier)", apdu = "00A40000013F00",
        accept = fid_lc, before = reset },
      { key = "sel_fid3", what = "a file identifier of 3 bytes (Lc 03)",
        clause = SEL .. " (P1 00-02: a 2-byte file identifier)", apdu = "00A40000033F000000",
        accept = fid_lc, before = reset },
      { key = "sel_name17", what = "a DF name of 17 bytes",
        clause = SEL .. "; ISO/IEC 7816-4:2005 §5.3.1.3 (DF names up to 16 bytes)",
        apdu = "00A4040011" .. string.rep("A0", 17) .. "00", accept = fid_lc, before = reset },
      { key = "sel_lc_short", what = "Lc 03 with 2 data bytes", t1 = true,
        clause = "ISO/IEC 7816-4:2005 §5.1 (Lc gives Nc)", apdu = "00A40000033F00",
        accept = A.sws { "6700" }, before = reset },
    })
  end,
}

test {
  id = "card.bounds.verify",
  title = "VERIFY with P1 other than 00 is refused, the PIN not checked; RFU P2 bits refused "
          .. "or read as 0",
  title_zh = "P1 非 00 的校验命令被拒绝且不校验 PIN；P2 含保留位时被拒绝或按 0 处理",
  clause = "ISO/IEC 7816-4:2005 §7.5.6 VERIFY; GF 61/T PT002-2014 §10.4 (VERIFY)",
  roles = { "card" },
  run = function(t)
    local card = t.roles.card
    card:transmit(MF)
    -- The right PIN in a malformed VERIFY: a card that checks it despite P1
    -- answers 9000 and fails here, and no try of the counter is spent. P2
    -- 60's bits 7-6 are RFU bits: read as 0, it is P2 00, and 9000 right.
    local v = bench.keys.verify_apdu(bench.keys.pin("card", "holder"))
    local V = "ISO/IEC 7816-4:2005 §7.5.6 VERIFY"
    session.then_reset(card, function()
      run_cases(t, card, {
        { key = "vf_p1", what = "P1 01 (only 00 defined)", clause = V .. " (P1 00)",
          apdu = bench.keys.verify_apdu(bench.keys.pin("card", "holder"), 0, 1),
          accept = A.sws(A.P1P2) },
        { key = "vf_p2_rfu", what = "P2 60 (bits 7-6 RFU)", clause = V .. " (P2 coding)" .. RFU,
          apdu = bench.keys.verify_apdu(bench.keys.pin("card", "holder"), 0x60),
          accept = A.sws { "6A86", "6B00", "6A88", "9000" } },
      })
      t:sw(card:transmit(v), "9000", "VERIFY with the right PIN still passes afterwards")
    end)
  end,
}

local GC = "ISO/IEC 7816-4:2005 §7.5.3 GET CHALLENGE"

-- An answer of GET CHALLENGE with n random bytes, 1 <= n <= max.
local function random_bytes(max)
  return function(d) return #d >= 2 and #d // 2 <= max end
end

test {
  id = "card.bounds.get_challenge",
  title = "GET CHALLENGE with P1/P2 other than 00, Le 00, Le 05, data",
  title_zh = "取随机数：P1/P2 非 00、Le 为 00、Le 为 05、带数据",
  clause = GC .. "; GF 61/T PT002-2014 §9.6.1",
  roles = { "card" },
  run = function(t)
    local card = t.roles.card
    card:transmit(MF)
    run_cases(t, card, {
      -- P1 is the reference of an algorithm (§7.5.3: "'00' no information
      -- given", other values reference one): a card may serve one 01 refers
      -- to, or say it has none (6A88).
      { key = "gc_p1", what = "P1 01", clause = GC .. " (P1: reference of an algorithm)",
        apdu = "0084010008",
        accept = A.any(A.sws(A.P1P2), { { sw = "6A88" },
                                        { sw = "9000", data = random_bytes(8),
                                          says = "1-8 bytes, of the algorithm P1 01 refers to" } }) },
      { key = "gc_p2", what = "P2 01", clause = GC .. " (P1-P2 0000)", apdu = "0084000108",
        accept = A.sws(A.P1P2) },
      { key = "gc_le00", what = "Le 00: up to 256 bytes", clause = GC .. " (Le 00: Ne 256)",
        apdu = "0084000000",
        accept = { { sw = "9000", data = random_bytes(256), says = "1-256 bytes" },
                   { sw = "6CXX" }, { sw = "6700" } } },
      { key = "gc_le05", what = "Le 05", clause = GC,
        apdu = "0084000005",
        accept = { { sw = "9000", data = random_bytes(5), says = "1-5 bytes" }, { sw = "6CXX" },
                   { sw = "6700" } } },
      { key = "gc_data", what = "command data on GET CHALLENGE (Lc 02)", t1 = true,
        clause = GC .. " (no command data field)", apdu = "0084000002AAAA08",
        accept = A.sws(A.LC) },
    })
    -- 6Cxx must name a length the card then serves.
    local r = card:transmit_raw("0084000005")
    if r.sw1 == 0x6C then
      local again = card:transmit_raw(string.format("00840000%02X", r.sw2))
      t:ok(again.sw == "9000" and #again.data // 2 == r.sw2,
           "GET CHALLENGE re-issued with the Le of 6Cxx serves that many bytes",
           cardlib.ex(r) .. "; " .. cardlib.ex(again))
    end
  end,
}

local GR = "ISO/IEC 7816-4:2005 §7.6.1 GET RESPONSE"
local NOTHING = A.sws { "6985", "6D00", "6700", "6F00" }

-- T=0: a SELECT that answers data leaves it waiting (61xx); returns its
-- length. The MF need not answer data (card.select.mf): then the PSE by
-- name, whose FCI 社会保障卡加载金融功能通用规范 §8 asks for.
local function pending(t, card)
  local r = card:transmit_raw(MF)
  if r.sw1 ~= 0x61 then r = card:transmit_raw(cardlib.select_name("PSE")) end
  t:require(r.sw1 == 0x61, "T=0: SELECT MF or PSE answers 61xx", cardlib.ex(r))
  return r.sw2
end

test {
  id = "card.bounds.get_response",
  title = "GET RESPONSE with nothing pending, P1 other than 00, short and 00 Le (T=0)",
  title_zh = "取响应：无待取数据、P1 非 00、Le 偏短和为 00（T=0）",
  clause = GR .. "; ISO/IEC 7816-3:2006 §12.2.4",
  roles = { "card" },
  run = function(t)
    local card = t.roles.card
    card:transmit("00A40000023F00") -- P2 00, no Le: T=1 answers at once
    card:transmit("00A4000C023F00") -- no data: nothing waits
    if card:protocol() ~= "T=0" then
      run_cases(t, card, {
        { key = "gr_nothing", what = "nothing pending", clause = GR, apdu = "00C0000008",
          accept = NOTHING },
        { key = "gr_p1", what = "P1 01, nothing pending", clause = GR .. " (P1-P2 0000)",
          apdu = "00C0010008", accept = A.any(A.sws(A.P1P2), NOTHING) },
      })
      return
    end
    A.check(t, card:transmit_raw("00C0000008"),
            { key = "gr_nothing", what = "nothing pending", clause = GR, accept = NOTHING })
    local n = pending(t, card)
    local fci = card:transmit_raw(string.format("00C00000%02X", n)).data
    n = pending(t, card)
    -- P1-P2 other than 0000 are RFU: refused, or read as 0 (the data
    -- pending served, as RFU bits elsewhere; ISO/IEC 7816-4 has the sender
    -- set them and says nothing of the receiver).
    A.check(t, card:transmit_raw(string.format("00C00100%02X", n)),
            { key = "gr_p1", what = "P1 01 with data pending", clause = GR .. " (P1-P2 0000)",
              accept = A.any(A.sws(A.P1P2),
                             { { sw = "9000", data = function(d) return d == fci end,
                                 says = "read as P1 00: the data pending" } }) })
    n = pending(t, card)
    local head = fci:sub(1, 10)
    A.check(t, card:transmit_raw("00C0000005"),
            { key = "gr_le_short", what = "Le 05, shorter than the data pending",
              clause = GR .. "; ISO/IEC 7816-3:2006 §12.2.4 (61xx: more to come)",
              accept = { { sw = string.format("6C%02X", n) }, { sw = "6700" },
                         { sw = string.format("61%02X", n - 5), data = head } } })
    n = pending(t, card)
    A.check(t, card:transmit_raw("00C0000000"),
            { key = "gr_le00", what = "Le 00: all the data pending", clause = GR,
              accept = { { sw = "9000", data = fci }, { sw = string.format("6C%02X", n) } } })
  end,
}

-- hex, the file's bytes from offset `at` on, with data written at offset 0.
local function over(at, hex, data)
  for k = 0, #data // 2 - 1 do
    local pos = k - at
    if pos >= 0 and pos < #hex // 2 then
      hex = hex:sub(1, 2 * pos) .. data:sub(2 * k + 1, 2 * k + 2) .. hex:sub(2 * pos + 3)
    end
  end
  return hex
end

-- UPDATE under secure messaging (GF 61/T PT002-2014 §9.3) in the SSSE:
-- the SM wrapping is right, so only the boundary can make the card refuse.
local function sm_update(card, ins, p1, p2, data)
  local ch = card:transmit("0084000004").data
  return A.send(card, C.sm_wrap(0x00, ins, p1, p2, data, bench.keys.get("card", "ssse.maint"), ch))
end

local UB = "ISO/IEC 7816-4:2005 §7.2.1, §7.2.5 UPDATE BINARY"

-- The file is the binary EF the card profile declares (seclib.sm_binary);
-- reading it by SFI makes it the current EF, which P1 00 then addresses.
test {
  id = "card.bounds.update_binary",
  title = "UPDATE BINARY (the SSSE's SM binary EF) past the end: refused, nothing written; "
          .. "with RFU P1 bits: refused, or read as 0",
  title_zh = "更新二进制（SSSE 的安全报文二进制文件）越过末尾：被拒绝，不写入；含 P1 保留位：被拒绝或按 0 处理",
  clause = UB .. "; GF 61/T PT002-2014 §9.3",
  roles = { "card" },
  run = function(t)
    local f = S.sm_binary(t)
    local card = cardlib.select_ssse(t)
    local n = math.min(f.size, 255) -- what one short READ BINARY returns
    -- The head by SFI (which makes the EF current), and its last n bytes
    -- by offset, where the writes past the end would land.
    local function snapshot()
      local head = card:transmit(f.read(n))
      local tail = card:transmit(string.format("00B0%04X%02X", f.size - n, n))
      return head.sw == "9000" and tail.sw == "9000" and head.data .. tail.data, head
    end
    local before, r = snapshot()
    t:require(before ~= false,
              string.format("READ BINARY of %s (its first and last %d bytes)", f.name, n),
              cardlib.ex(r))
    local near, past = f.size - 4, f.size + 16
    local cases = {
      { key = "ub_past_end", what = string.format("offset %04X + 8 bytes runs past the %d-byte EF",
                                                  near, f.size),
        p1 = near >> 8, p2 = near & 0xFF, data = "0102030405060708",
        accept = A.sws { "6B00", "6A84", "6A86", "6700", "6A87" } },
      { key = "ub_beyond", what = string.format("offset %04X, past the end", past),
        p1 = past >> 8, p2 = past & 0xFF, data = "01020304",
        accept = A.sws { "6B00", "6A86", "6A84" } },
      { key = "ub_p1_rfu",
        what = string.format("P1 %02X: SFI form with RFU bit 6 set", f.p1 | 0x20),
        p1 = f.p1 | 0x20, p2 = 0x00, data = "01020304", accept = rfu { sw = "9000" },
        clause = UB .. RFU },
    }
    for _, c in ipairs(cases) do
      c.clause = c.clause or UB
      local r = sm_update(card, 0xD6, c.p1, c.p2, c.data)
      A.check(t, r, c)
      if r.sw == "9000" and c.key == "ub_p1_rfu" then
        -- Read as SFI f.p1: the data at offset 0 of this very file, and
        -- nothing else; then put back.
        local want = over(0, before:sub(1, 2 * n), c.data)
                     .. over(f.size - n, before:sub(2 * n + 1), c.data)
        t:bytes(snapshot() or "", want,
                c.what .. ": served as if its RFU bit were 0, the 4 bytes at offset 0 only")
        t:sw(sm_update(card, 0xD6, f.p1, 0x00, before:sub(1, #c.data)), "9000",
             "UPDATE BINARY puts the 4 bytes back")
      end
      t:bytes(snapshot() or "", before, c.what .. ": the file unchanged")
    end
  end,
}

local UR = "ISO/IEC 7816-4:2005 §7.3.2, §7.3.5 UPDATE RECORD"

test {
  id = "card.bounds.update_record",
  title = "UPDATE RECORD (the SSSE's SM record EF) past the last record or with an RFU mode: "
          .. "refused",
  title_zh = "更新记录（SSSE 的安全报文记录文件）超过最后一条记录或使用保留模式：被拒绝",
  clause = UR .. "; GF 61/T PT002-2014 §9.3",
  roles = { "card" },
  run = function(t)
    local f = S.sm_record(t)
    local card = cardlib.select_ssse(t)
    local rec1 = card:transmit(f.read(1))
    t:require(t:sw(rec1, "9000", "READ RECORD 1 of " .. f.name), "the file readable")
    local data = rec1.data:sub(1, 4) .. string.rep("55", #rec1.data // 2 - 2)
    local cases = {
      { key = "ur_past_last", what = string.format("record %d of the %d of %s", f.count + 1,
                                                   f.count, f.name),
        p1 = f.count + 1, p2 = f.p2, accept = A.sws { "6A83" } },
      { key = "ur_p2_mode", what = string.format("P2 %02X: mode 101 (RFU)", f.p2 + 1), p1 = 0x01,
        p2 = f.p2 + 1, accept = A.sws(A.P1P2) },
    }
    for _, c in ipairs(cases) do
      c.clause = UR
      A.check(t, sm_update(card, 0xDC, c.p1, c.p2, data), c)
    end
    t:bytes(card:transmit(f.read(1)).data, rec1.data, "record 1 unchanged")
  end,
}

-- ISO/IEC 7816-4:2005 §5.1.1: CLA 2X-3X RFU; 01-03 logical channels 1-3
-- (none opened here); 0C secure messaging with an authenticated header
-- (§6), here without any SM data object.
local CLA = "ISO/IEC 7816-4:2005 §5.1.1 (class byte), §5.1.3 table 6 (68xx, 6E00)"
local CLAS = {
  { cla = "20", why = "RFU class", accept = A.sws { "6E00", "6800" } },
  { cla = "01", why = "logical channel 1, not opened", accept = A.sws { "6881", "6E00", "6800", "6A81" } },
  { cla = "0C", why = "ISO secure messaging without SM data objects",
    accept = A.sws { "6882", "6987", "6988", "6E00", "6800" } },
}
-- SELECT on a channel not opened may open it (ISO/IEC 7816-4:2005
-- §5.1.1.2): then it answers like SELECT on channel 0 (T=0: 61xx first).
local OPENS = { { sw = "9000", data = true }, { sw = "61XX" } }

-- Every command with every class of CLAS, from the MF.
local function try_classes(t, card, cmds)
  for _, cmd in ipairs(cmds) do
    for _, k in ipairs(CLAS) do
      card:transmit(MF)
      local accept = k.accept
      if cmd.opens and k.cla == "01" then accept = A.any(accept, OPENS) end
      -- A command carrying the PIN is built sealed, with the class in it.
      local apdu = cmd.sealed and cmd.sealed(tonumber(k.cla, 16)) or k.cla .. cmd.apdu
      A.check(t, card:transmit_raw(apdu),
              { key = "cla" .. k.cla .. "_" .. (cmd.ins or cmd.apdu:sub(1, 2)),
                what = cmd.name .. " with CLA " .. k.cla .. " (" .. k.why .. ")",
                clause = CLA, accept = accept })
    end
  end
end

test {
  id = "card.bounds.cla",
  title = "Each command with an RFU class, an unopened logical channel, SM without data: refused",
  title_zh = "各命令使用保留 CLA、未打开的逻辑通道、无数据的安全报文：被拒绝",
  clause = CLA,
  roles = { "card" },
  run = function(t)
    local card = t.roles.card
    local holder = bench.keys.pin("card", "holder")
    -- SELECT last: if it opens channel 1, the commands before it were
    -- still on an unopened channel; the reset after closes it again.
    session.then_reset(card, function()
      try_classes(t, card, {
        { name = "READ BINARY EF07", apdu = "B0870010" },
        { name = "READ RECORD EF05", apdu = "B2012C00" },
        { name = "VERIFY (right PIN)", ins = "20",
          sealed = function(cla) return bench.keys.verify_apdu(holder, 0, 0, cla) end },
        { name = "GET CHALLENGE", apdu = "84000008" },
        { name = "GET RESPONSE", apdu = "C0000008" },
        { name = "SELECT MF", apdu = "A40000023F0000", opens = true },
      })
    end)
  end,
}
