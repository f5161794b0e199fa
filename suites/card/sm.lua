-- Secure messaging (GF 61/T PT002-2014 §9.3): CLA x4, the 4-byte MAC as
-- the last data element over the whole command (header included), for the
-- four command cases of §9.3.2.3. The bench recomputes every MAC from the
-- station key file (docs/keys.md) and checks the card rejects a wrong one.
-- The card's SM key is the DF's maintenance key (appendix C "STK": MAC of
-- UPDATE BINARY/RECORD, application/card block); IV = the card challenge.
-- The file written is the one the card profile declares (seclib.sm_binary).
suite {
  title = "Secure messaging",
  standard = "GF 61/T PT002-2014 §9.3",
}

local cardlib = require "cardlib"
local S = require "seclib"

local C = bench.crypto

local ex = cardlib.ex

-- The MAC's IV is the challenge zero-padded to the key's block (8 bytes,
-- 16 for SM4): 4 bytes of it.
local function ssse_challenge(t)
  return cardlib.ssse_challenge(t, 4, "GET CHALLENGE")
end

-- The MAC the bench expects for a wrapped APDU: key's MAC over
-- CLA' INS P1 P2 Lc data (without the MAC), IV = challenge zero-padded.
local function expect_mac(key, challenge, apdu, le)
  local body = apdu:sub(1, #apdu - 8 - (le and 2 or 0))
  local iv = challenge .. string.rep("0", (key.alg == "sm4" and 32 or 16) - #challenge)
  return C.mac(key, iv, body):sub(1, 8)
end

-- §9.3.1: the card's FCI says which commands take secure messaging; the
-- standard asks for none in particular beyond those the suites write and
-- block with. A command the card serves under SM must come out right; one
-- it refuses must say SM is not supported (6882) or the SM class is not
-- (6E00), noted. True when served.
local function served_or_not_taken(t, r, what)
  if r.sw == "6882" or r.sw == "6E00" then
    t:note("not_taken", string.format("%s under SM: %s, the card takes no secure messaging for "
                                      .. "it (§9.3.1: its FCI says which commands do)", what, r.sw))
    return false
  end
  return t:sw(r, "9000", what .. " under SM")
end

local function check_format(t, apdu, cla, ndata, le, what)
  t:eq(apdu:sub(1, 2), cla, what .. ": CLA has the SM nibble 4")
  t:eq(tonumber(apdu:sub(9, 10), 16), ndata + 4, what .. ": Lc = data + MAC length")
  t:eq(#apdu // 2, 5 + ndata + 4 + (le and 1 or 0), what .. ": APDU length")
end

-- The four command cases wrap under the maintenance key with a fresh
-- challenge, and each is checked for form before the card sees it. The SM
-- CLA is the plain one with b3 set (00 -> 04, 80 -> 84).
local function wrapped(t, what, cla, ins, p1, p2, data, opts)
  local card, ch = ssse_challenge(t)
  local key = bench.keys.get("card", "ssse.maint")
  local apdu = C.sm_wrap(cla, ins, p1, p2, data, key, ch, opts)
  check_format(t, apdu, string.format("%02X", cla | 0x04), #data // 2, opts ~= nil, what)
  return card, ch, key, apdu
end

test {
  id = "card.sm.case3",
  title = "Case 3: UPDATE BINARY with MAC is accepted and written",
  title_zh = "情形 3：带 MAC 的更新二进制被接受并写入",
  clause = "GF 61/T PT002-2014 §9.3.2.3 (case 3, figure 13); §9.3.2.1; §9.3.2.2",
  roles = { "card" },
  run = function(t)
    local f = S.sm_binary(t)
    local data = bench.hex(string.format("SM%06d", math.random(0, 999999)))
    local card, ch, key, apdu = wrapped(t, "UPDATE BINARY", 0x00, 0xD6, f.p1, 0x00, data)
    t:bytes(apdu:sub(-8), expect_mac(key, ch, apdu), "MAC = leftmost 4 bytes of the bench's MAC")
    local t0 = bench.mono()
    t:sw(card:transmit(apdu), "9000", "UPDATE BINARY of " .. f.name .. " under SM")
    t:measure { name = "sm_update_time", value = (bench.mono() - t0) * 1000, unit = "ms",
                max = S.op_limit(t) }
    local r = card:transmit(f.read(#data // 2))
    if t:sw(r, "9000", "READ BINARY of " .. f.name) then
      t:bytes(r.data, data, "it holds what was written")
    end
  end,
}

test {
  id = "card.sm.case1",
  title = "Case 1: a command with only a MAC (APPLICATION BLOCK, then UNBLOCK)",
  title_zh = "情形 1：只带 MAC 的命令（应用锁定，再解锁）",
  clause = "GF 61/T PT002-2014 §9.3.2.3 (case 1, figure 9); §9.7.1",
  roles = { "card" },
  run = function(t)
    local card, ch, key, apdu = wrapped(t, "APPLICATION BLOCK", 0x80, 0x1E, 0x00, 0x00, "")
    t:bytes(apdu:sub(-8), expect_mac(key, ch, apdu), "MAC over the header alone")
    t:sw(card:transmit(apdu), "9000", "APPLICATION BLOCK")
    local r = card:transmit("0084000004")
    local lk = bench.keys.get("card", S.unblock_key())
    t:sw(card:transmit(C.sm_wrap(0x80, 0x18, 0x00, 0x00, "", lk, r.data)), "9000",
         "APPLICATION UNBLOCK")
  end,
}

test {
  id = "card.sm.case2",
  title = "Case 2: READ BINARY with MAC and Le returns the data, or SM is refused as not taken",
  title_zh = "情形 2：带 MAC 和 Le 的读二进制返回数据，或以不支持安全报文拒绝",
  clause = "GF 61/T PT002-2014 §9.3.2.3 (case 2, figure 11)",
  roles = { "card" },
  run = function(t)
    local f = S.sm_binary(t)
    local card, ch, key, apdu = wrapped(t, "READ BINARY", 0x00, 0xB0, f.p1, 0x00, "", { le = 8 })
    t:eq(apdu:sub(-2), "08", "Le follows the MAC")
    t:bytes(apdu:sub(-10, -3), expect_mac(key, ch, apdu, true), "MAC before Le")
    local r = card:transmit(apdu)
    if served_or_not_taken(t, r, "READ BINARY") and t:eq(#r.data // 2, 8, "8 bytes returned") then
      -- The file is read plainly too (card.sm.case3 does): the bytes must be its own.
      local plain = card:transmit(f.read(8))
      if t:sw(plain, "9000", "plain READ BINARY of " .. f.name) then
        t:bytes(r.data, plain.data, "the 8 bytes are the file's (a plain READ BINARY of them)")
      end
    end
  end,
}

test {
  id = "card.sm.case4",
  title = "Case 4: INTERNAL AUTHENTICATE with data, MAC and Le, or SM refused as not taken",
  title_zh = "情形 4：带数据、MAC 和 Le 的内部认证，或以不支持安全报文拒绝",
  clause = "GF 61/T PT002-2014 §9.3.2.3 (case 4, figure 15); §9.6",
  roles = { "card" },
  run = function(t)
    local rnd = "0123456789ABCDEF"
    local card, ch, key, apdu = wrapped(t, "INTERNAL AUTHENTICATE", 0x00, 0x88, 0x00,
                                        cardlib.key_ref(t, "int_auth_ref"), rnd, { le = 8 })
    t:bytes(apdu:sub(-10, -3), expect_mac(key, ch, apdu, true), "MAC before Le")
    local r = card:transmit(apdu)
    if served_or_not_taken(t, r, "INTERNAL AUTHENTICATE") then
      t:bytes(r.data, C.auth_data(bench.keys.get("card", "ssse.int_auth"), rnd),
              "the card's answer is the data encrypted with the internal auth key")
    end
  end,
}

test {
  id = "card.sm.bad_mac",
  title = "A wrong MAC is refused (6988, or 6982) and nothing is written",
  title_zh = "MAC 错误被拒绝（6988 或 6982），不写入",
  clause = "GF 61/T PT002-2014 §9.3.2 (integrity and authentication of the sender); "
           .. "ISO/IEC 7816-4 §5.6 table 6",
  roles = { "card" },
  run = function(t)
    -- The file read first: a challenge may serve the next command only.
    local f = S.sm_binary(t)
    local card = cardlib.select_ssse(t)
    local key = bench.keys.get("card", "ssse.maint")
    local before = card:transmit(f.read(8))
    local ch = card:transmit("0084000004").data
    local apdu = C.sm_wrap(0x00, 0xD6, f.p1, 0x00, "DEADBEEFDEADBEEF", key, ch)
    local last = tonumber(apdu:sub(-2), 16)
    local bad = apdu:sub(1, -3) .. string.format("%02X", last ~ 0xFF)
    S.sw_in(t, card:transmit_raw(bad), "sm_bad_mac", "UPDATE BINARY with a corrupted MAC")
    local after = card:transmit(f.read(8))
    t:bytes(after.data, before.data, f.name .. " unchanged after the refused update")
    -- A key other than the maintenance key makes a wrong MAC too.
    local r = card:transmit("0084000004")
    local other = C.sm_wrap(0x00, 0xD6, f.p1, 0x00, "DEADBEEF",
                            bench.keys.get("card", "ssse.master"), r.data)
    S.sw_in(t, card:transmit_raw(other), "sm_bad_mac", "UPDATE BINARY MACed with the wrong key")
  end,
}

test {
  id = "card.sm.required",
  title = "Without secure messaging the protected file is not updated (6982 or 6987)",
  title_zh = "不用安全报文时受保护文件不被更新（6982 或 6987）",
  clause = "GF 61/T PT002-2014 §9.3.1 (table 5); §9.3.3.4; ISO/IEC 7816-4:2005 §5.1.3 table 6",
  roles = { "card" },
  run = function(t)
    local f = S.sm_binary(t)
    local card = ssse_challenge(t)
    local before = card:transmit(f.read(4))
    -- 6982 security status not satisfied, 6985 conditions of use not
    -- satisfied, or 6987 expected SM data objects missing: ISO/IEC 7816-4
    -- table 6 answers all (card.neg.write_uk takes the same three), noted.
    local r = card:transmit_raw(string.format("00D6%02X0004CAFEBABE", f.p1))
    t:note("answer", r.sw)
    t:ok(r.sw == "6982" or r.sw == "6985" or r.sw == "6987",
         "plain UPDATE BINARY of " .. f.name .. " refused (6982, 6985 or 6987)", ex(r))
    local after = card:transmit(f.read(4))
    t:eq(after.data, before.data, "its first bytes unchanged after the refused update")
  end,
}

test {
  id = "card.sm.replay",
  title = "A secure-messaging APDU cannot be replayed (the challenge serves once)",
  title_zh = "安全报文 APDU 不能重放（随机数只用一次）",
  clause = "GF 61/T PT002-2014 §9.3.2; §9.3.2.4",
  roles = { "card" },
  run = function(t)
    local f = S.sm_binary(t)
    local card, ch = ssse_challenge(t)
    local apdu = C.sm_wrap(0x00, 0xD6, f.p1, 0x00, "0102030405060708",
                           bench.keys.get("card", "ssse.maint"), ch)
    t:sw(card:transmit(apdu), "9000", "first use")
    local r = card:transmit(apdu)
    t:ok(r.sw ~= "9000", "the replayed APDU is refused", ex(r))
  end,
}
