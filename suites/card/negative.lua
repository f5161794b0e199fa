-- Negative behaviour: each malformed or impossible command must get the
-- status word ISO/IEC 7816-4:2013 §5.6 (tables 5-6) assigns to it.
suite {
  title = "Error status words",
  standard = "ISO/IEC 7816-4:2013; GF 61/T PT002-2014 §10.4",
}

local MF = "00A40000023F0000"

local function fresh(t)
  local card = t.roles.card
  card:transmit(MF)
  return card
end

-- Most status words need no more than a command from the MF and its
-- answer: such tests are rows of (APDU, expected SW, what) here, sent raw so
-- the driver does not act on the status word.
local function refusals(list)
  for _, v in ipairs(list) do
    test {
      id = v.id,
      title = v.title,
      clause = v.clause,
      roles = { "card" },
      run = function(t)
        local card = fresh(t)
        for _, c in ipairs(v.apdus) do
          t:sw(card:transmit_raw(c[1]), c[2], c[3])
        end
      end,
    }
  end
end

refusals {
  {
    id = "card.neg.cla",
    title = "Unsupported class byte answers 6E00",
    clause = "ISO/IEC 7816-4:2013 §5.6 table 6 (6E00 class not supported); §5.4.1",
    apdus = {
      { "A0A40000023F00", "6E00", "SELECT with CLA A0" },
      { "70B0000000", "6E00", "READ BINARY with CLA 70" },
    },
  },
  {
    id = "card.neg.ins",
    title = "Unknown instruction answers 6D00",
    clause = "ISO/IEC 7816-4:2013 §5.6 table 6 (6D00 instruction not supported)",
    apdus = {
      { "0050000000", "6D00", "INS 50" },
      { "00FE000000", "6D00", "INS FE" },
    },
  },
  {
    id = "card.neg.p1p2",
    title = "Wrong P1/P2 answers 6A86",
    clause = "ISO/IEC 7816-4:2013 §5.6 table 6 (6A86 incorrect P1-P2)",
    apdus = {
      { "00A40700023F00", "6A86", "SELECT with P1 07" },
      { "00B2002C00", "6A86", "READ RECORD with record 00" },
      { "0084010008", "6A86", "GET CHALLENGE with P1 01" },
    },
  },
  {
    id = "card.neg.lc",
    title = "Wrong Lc answers 6700",
    clause = "ISO/IEC 7816-4:2013 §5.6 table 6 (6700 wrong length)",
    apdus = {
      { "00A40000033F0000", "6700", "SELECT by FID with Lc 03" },
      { "00B2012C01AA", "6700", "READ RECORD carrying data" },
    },
  },
}

test {
  id = "card.neg.le",
  title = "Wrong Le on READ RECORD answers 6Cxx with the exact length",
  clause = "ISO/IEC 7816-4:2013 §5.6 table 6 (6CXX wrong Le, XX exact); ISO/IEC 7816-3 §10.3.4",
  roles = { "card" },
  run = function(t)
    local card = fresh(t)
    local r = card:transmit_raw("00B2012C05")
    if t:sw(r, "6CXX", "READ RECORD 1 of EF05 with Le 05") then
      t:ok(r.sw2 > 5, "6Cxx gives a length other than the wrong Le",
           r.apdu .. " -> " .. r.sw)
      -- The driver re-issues with Le = XX: the record must then come whole.
      local again = card:transmit("00B2012C05")
      if t:sw(again, "9000", "READ RECORD re-issued with Le from 6Cxx") then
        t:eq(#again.data // 2, r.sw2, "record length equals XX of 6CXX")
      end
    end
    local g = card:transmit_raw("0084000005")
    t:sw(g, "6700", "GET CHALLENGE with Le 05 (only 4 or 8)")
  end,
}

refusals {
  {
    id = "card.neg.not_found",
    title = "Missing file answers 6A82, missing record 6A83",
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
  title = "READ BINARY at an offset past the end answers 6B00",
  clause = "ISO/IEC 7816-4:2013 §5.6 table 6 (6B00 wrong parameters, offset outside the EF)",
  roles = { "card" },
  run = function(t)
    local card = fresh(t)
    if t:sw(card:transmit("00A4020002EF07"), "9000", "SELECT EF07 (binary, 0300 bytes)") then
      t:sw(card:transmit_raw("00B0030010"), "6B00", "READ BINARY at offset 0300")
      t:sw(card:transmit_raw("00B07FF010"), "6B00", "READ BINARY at offset 7FF0")
    end
  end,
}

refusals {
  {
    id = "card.neg.security",
    title = "EF08 (read needs PIN) is refused without PIN with 6982",
    clause = "GF 61/T PT002-2014 appendix F.1.4 (EF08 read: PIN); ISO/IEC 7816-4 §5.6 table 6",
    apdus = {
      { "00B2014400", "6982", "READ RECORD 1 of EF08 without PIN" },
    },
  },
}
