-- Negative behaviour: each malformed or impossible command must get a
-- status word ISO/IEC 7816-4 (tables 5-6) assigns to it. Where the standard
-- gives more than one, every one is accepted (lib/answers.lua) and the
-- diagnostics note which the card chose.
suite {
  title = "Error status words",
  standard = "ISO/IEC 7816-4:2013; GF 61/T PT002-2014 §10.4",
}

local A = require "answers"
local cardlib = require "cardlib"

local MF = "00A40000023F0000"
local T0_DATA = "not sent: in T=0 the P3 of a case 2 command is its Le " ..
                "(ISO/IEC 7816-3:2006 §12.2.3); data on it cannot be expressed"

local function fresh(t)
  local card = t.roles.card
  card:transmit(MF)
  return card
end

-- Most status words need no more than a command from the MF and its
-- answer: such tests are rows of (APDU, acceptable SWs, what [, t1: T=1
-- only]) here, sent raw so the driver does not act on the status word.
local function refusals(list)
  for _, v in ipairs(list) do
    test {
      id = v.id,
      title = v.title,
      title_zh = v.title_zh,
      clause = v.clause,
      roles = { "card" },
      run = function(t)
        -- v.reset: a warm reset first, which ends every security state
        -- (ISO/IEC 7816-3 §6.2.3): one gained at the MF by an earlier test
        -- may be global and outlive selections (ISO/IEC 7816-4 §5.4).
        if v.reset then t.roles.card:reset("warm") end
        local card = fresh(t)
        local t0 = card:protocol() == "T=0"
        for i, c in ipairs(v.apdus) do
          local sws = type(c[2]) == "table" and c[2] or { c[2] }
          if c.t1 and t0 then
            t:note("answer" .. i, T0_DATA)
          else
            A.check(t, card:transmit_raw(c[1]), { key = "answer" .. i, what = c[3],
                                                   clause = v.clause,
                                                   accept = A.any(A.sws(sws), c.also or {}) })
          end
        end
      end,
    }
  end
end

refusals {
  {
    id = "card.neg.cla",
    title = "Unsupported class byte is refused (6E00, or 68xx for the functions it names)",
    title_zh = "不支持的 CLA 被拒绝（6E00，或其所指功能的 68xx）",
    clause = "ISO/IEC 7816-4:2005 §5.1.1; §5.1.3 table 6 (6E00 class not supported, 68xx)",
    apdus = {
      -- A0: a proprietary class; a card may know it but not its INS A4.
      { "A0A40000023F00", { "6E00", "6800", "6D00" }, "SELECT with CLA A0" },
      -- 70: logical channel 4, chaining and SM bits (further interindustry).
      { "70B0000000", { "6E00", "6800", "6881", "6882", "6884" }, "READ BINARY with CLA 70" },
    },
  },
  {
    id = "card.neg.ins",
    title = "Unknown instruction answers 6D00",
    title_zh = "未知指令应答 6D00",
    clause = "ISO/IEC 7816-4:2013 §5.6 table 6 (6D00 instruction not supported)",
    -- INS values no standard this card follows assigns: not FE, which
    -- ISO/IEC 7816-4:2005 table 4 gives to TERMINATE CARD USAGE (a card that
    -- has it may refuse it with 6982 or, worse, carry it out). INS 50 is
    -- JR/T 0025's INITIALIZE FOR LOAD in class 80: a card that looks at the
    -- INS before the class may answer 6E00 to it in class 00.
    apdus = {
      { "0050000000", { "6D00", "6E00" }, "INS 50 in class 00" },
      { "0002000000", "6D00", "INS 02" },
    },
  },
  {
    id = "card.neg.p1p2",
    title = "Wrong P1/P2 answers 6A86 or 6B00",
    title_zh = "P1/P2 错误应答 6A86 或 6B00",
    clause = "ISO/IEC 7816-4:2005 §5.1.3 tables 5-6 (6A86 incorrect, 6B00 wrong P1-P2)",
    apdus = {
      { "00A40700023F00", A.P1P2, "SELECT with P1 07" },
      -- P1 00 is the current record (§7.3.3): none is current after SELECT
      -- MF; a card may also take the unset pointer as the first record.
      { "00B2002C00", { "6A86", "6B00", "6A83", "6985", "6986" }, "READ RECORD with record 00",
        also = { { sw = "9000", data = function(d) return d:sub(1, 4) == "0110" end,
                   says = "record 1 of EF05" } } },
      -- GET CHALLENGE's P1 references an algorithm (§7.5.3): one P1 01
      -- refers to may be served, or be none the card has (6A88).
      { "0084010008", { "6A86", "6B00", "6A88" }, "GET CHALLENGE with P1 01",
        also = { { sw = "9000", data = function(d) return #d == 16 end,
                   says = "8 bytes of the algorithm P1 01 refers to" } } },
    },
  },
  {
    id = "card.neg.lc",
    title = "Wrong Lc answers 6700 (or 6A87, 6A80)",
    title_zh = "Lc 错误应答 6700（或 6A87、6A80）",
    clause = "ISO/IEC 7816-4:2005 §5.1.3 table 6 (6700 wrong length, 6A87 Nc inconsistent " ..
             "with P1-P2, 6A80)",
    apdus = {
      { "00A40000033F0000", { "6700", "6A87", "6A80", "6A82" }, "SELECT by FID with Lc 03" },
      { "00B2012C01AA", A.LC, "READ RECORD carrying data", t1 = true },
    },
  },
}

test {
  id = "card.neg.le",
  title = "Wrong Le on READ RECORD answers 6Cxx with the exact length (or 6700)",
  title_zh = "读记录的 Le 错误时应答 6Cxx 并给出确切长度（或 6700）",
  clause = "ISO/IEC 7816-4:2005 §5.1.3 table 6 (6CXX wrong Le, XX exact; 6700); " ..
           "ISO/IEC 7816-3:2006 §12.2.3",
  roles = { "card" },
  run = function(t)
    local card = fresh(t)
    local r = card:transmit_raw("00B2012C05")
    A.check(t, r, { key = "record_le", what = "READ RECORD 1 of EF05 with Le 05",
                    clause = "ISO/IEC 7816-4:2005 §7.3.3", accept = A.sws { "6CXX", "6700" } })
    if r.sw1 == 0x6C then
      t:ok(r.sw2 > 5, "6Cxx gives a length other than the wrong Le",
           r.apdu .. " -> " .. r.sw)
      -- The driver re-issues with Le = XX: the record must then come whole.
      local again = card:transmit("00B2012C05")
      if t:sw(again, "9000", "READ RECORD re-issued with Le from 6Cxx") then
        t:eq(#again.data // 2, r.sw2, "record length equals XX of 6CXX")
      end
    end
    local g = card:transmit_raw("0084000005")
    A.check(t, g, { key = "challenge_le", what = "GET CHALLENGE with Le 05",
                    clause = "ISO/IEC 7816-4:2005 §7.5.3",
                    accept = { { sw = "9000", data = function(d) return #d >= 2 and #d <= 10 end,
                                 says = "1-5 bytes" }, { sw = "6CXX" }, { sw = "6700" } } })
  end,
}

refusals {
  {
    id = "card.neg.not_found",
    title = "Missing file answers 6A82, missing record 6A83",
    title_zh = "文件不存在应答 6A82，记录不存在应答 6A83",
    clause = "ISO/IEC 7816-4:2013 §5.6 table 6 (6A82 file not found, 6A83 record not found)",
    apdus = {
      { "00A40000021234", "6A82", "SELECT FID 1234" },
      { "00B2018C00", "6A82", "READ RECORD of SFI 17 (absent)" },
      { "00B2142C00", "6A83", "READ RECORD 20 of EF05 (7 records)" },
    },
  },
}

test {
  id = "card.neg.read_past_end",
  title = "READ BINARY at an offset past the end answers 6B00 (or 6A86; 6282 at the end)",
  title_zh = "读二进制偏移越过末尾应答 6B00（或 6A86；恰在末尾 6282）",
  clause = "ISO/IEC 7816-4:2005 §7.2.1 (a data unit outside the EF is an error); " ..
           "§5.1.3 table 6",
  roles = { "card" },
  run = function(t)
    local card = fresh(t)
    if t:sw((cardlib.select_ef(card, "EF07")), "9000", "SELECT EF07 (binary, 0300 bytes)") then
      A.check(t, card:transmit_raw("00B0030010"),
              { key = "at_end", what = "READ BINARY at offset 0300", clause = "§7.2.1",
                accept = A.sws { "6B00", "6A86", "6282", "6700" } })
      A.check(t, card:transmit_raw("00B07FF010"),
              { key = "beyond", what = "READ BINARY at offset 7FF0", clause = "§7.2.1",
                accept = A.sws { "6B00", "6A86" } })
    end
  end,
}

refusals {
  {
    id = "card.neg.security",
    title = "EF08-EF0C (read needs PIN) are refused without PIN with 6982 (EF09-EF0C: or 6A83)",
    title_zh = "未校验 PIN 读 EF08-EF0C（读需 PIN）被拒绝，应答 6982（EF09-EF0C 亦可 6A83）",
    clause = "GF 61/T PT002-2014 appendix F.1.4-F.1.8 (EF08, EF09, EF0B read: PIN; EF0A read: "
             .. "PIN 或 UK MF; EF0C read: PIN 或 UK); ISO/IEC 7816-4 §5.6 table 6",
    reset = true,
    apdus = {
      { "00B2014400", "6982", "READ RECORD 1 of EF08 without PIN" },
      -- A card may look for the record before the access rule: one not
      -- written yet (6A83) shows nothing either.
      { "00B2014C00", { "6982", "6A83" }, "READ RECORD 1 of EF09 without PIN" },
      { "00B2015400", { "6982", "6A83" }, "READ RECORD 1 of EF0A without PIN or UK MF" },
      { "00B2015C00", { "6982", "6A83" }, "READ RECORD 1 of EF0B without PIN" },
      { "00B2016400", { "6982", "6A83" }, "READ RECORD 1 of EF0C without PIN or UK" },
    },
  },
}

-- Appendix F.1's files are written with UK MF only: "写：UKMF" in every one
-- of F.1.1-F.1.9, whatever reads them. Neither a plain command nor the
-- holder's PIN may write any: the holder's identity (EF06) or fingerprint
-- template (EF07) changed by anyone who holds the card is the fault. Each
-- file is sent back its own bytes (record 1; EF07's first 16 bytes), so a
-- card that wrongly takes them changes nothing; the free files before and
-- after VERIFY, the PIN-read ones after (record 1 as it reads then: one not
-- written yet is noted, not tried). A card may refuse for the missing key
-- (6982), for the state (6985) or for the missing secure messaging (6987):
-- each says "refused".
local UK_FILES = {
  { ef = "EF05", sfi = 0x05, free = true }, { ef = "EF06", sfi = 0x06, free = true },
  { ef = "EF07", sfi = 0x07, free = true, binary = 16 }, { ef = "EF08", sfi = 0x08 },
  { ef = "EF09", sfi = 0x09 }, { ef = "EF0A", sfi = 0x0A }, { ef = "EF0B", sfi = 0x0B },
  { ef = "EF0C", sfi = 0x0C },
}

local function uk_read(card, f)
  if f.binary then return card:transmit(string.format("00B0%02X00%02X", 0x80 | f.sfi, f.binary)) end
  return card:transmit(string.format("00B201%02X00", f.sfi << 3 | 4))
end

local function uk_update(f, data)
  if f.binary then return string.format("00D6%02X00%02X%s", 0x80 | f.sfi, #data // 2, data) end
  return string.format("00DC01%02X%02X%s", f.sfi << 3 | 4, #data // 2, data)
end

test {
  id = "card.neg.write_uk",
  title = "Appendix F.1's files (write: UK MF) refuse a plain UPDATE, before and after VERIFY",
  title_zh = "附录 F.1 各文件（写：UK MF）拒绝明文更新，校验 PIN 前后均如此",
  clause = "GF 61/T PT002-2014 appendix F.1.1-F.1.9 (写：UKMF); ISO/IEC 7816-4 §5.6 table 6",
  roles = { "card" },
  run = function(t)
    t.roles.card:reset("warm")
    local card = fresh(t)
    local refused = A.sws { "6982", "6985", "6987" }
    local before = {}
    local function try(f, key, what)
      A.check(t, card:transmit_raw(uk_update(f, before[f.ef])), { key = f.ef .. key,
        clause = "appendix F.1 " .. f.ef .. " 写：UKMF", accept = refused,
        what = string.format("plain UPDATE of %s (its own bytes) %s", f.ef, what) })
    end
    for _, f in ipairs(UK_FILES) do
      if f.free then
        local r = uk_read(card, f)
        t:require(t:sw(r, "9000", f.ef .. " read (read: free)") and #r.data > 0, f.ef .. " read")
        before[f.ef] = r.data
        try(f, "_without_pin", "without PIN or UK MF")
      end
    end
    t:require(t:sw(card:transmit(bench.keys.verify_apdu(bench.keys.pin("card", "holder"))),
                   "9000", "VERIFY (holder PIN)"), "PIN verified")
    for _, f in ipairs(UK_FILES) do
      local r = uk_read(card, f)
      if not f.free and r.sw == "9000" and #r.data > 0 then before[f.ef] = r.data end
      if before[f.ef] then
        try(f, "_with_pin", "after VERIFY: the holder PIN is not UK MF")
      else
        t:note(f.ef .. "_with_pin", "not tried: record 1 reads " .. r.sw .. " after VERIFY")
      end
    end
    for _, f in ipairs(UK_FILES) do
      if before[f.ef] then t:eq(uk_read(card, f).data, before[f.ef], f.ef .. " unchanged") end
    end
    card:reset("warm") -- no later test inherits the PIN
  end,
}
