-- Authentication (GF 61/T PT002-2014 §9.6: 8-byte authentication data,
-- keys of §9.4.2): EXTERNAL AUTHENTICATE (the terminal proves it holds the
-- DF's master key by encrypting the card's challenge) and INTERNAL
-- AUTHENTICATE (the card proves it holds its internal authentication key,
-- type 19). The bench computes every cryptogram from the key file.
suite {
  title = "External and internal authentication",
  standard = "GF 61/T PT002-2014 §9.6",
}

local cardlib = require "cardlib"
local S = require "seclib"

local C = bench.crypto

local ex = cardlib.ex

-- Authentication data is 8 bytes (§9.6.1): so is the challenge it encrypts.
local function ssse_challenge8(t)
  return cardlib.ssse_challenge(t, 8, "GET CHALLENGE (8 bytes)")
end

-- §9.6.3 with the key's algorithm (3DES; SM4 keeps 8 bytes of its 16-byte
-- block: bench.crypto.auth_data, docs/card-security.md "SM4 cards").
local function cryptogram(keyname, data)
  return C.auth_data(bench.keys.get("card", keyname), data)
end

test {
  id = "card.auth.external",
  title = "EXTERNAL AUTHENTICATE with the master key's cryptogram answers 9000",
  title_zh = "以主控密钥计算的密文进行外部认证，应答 9000",
  clause = "GF 61/T PT002-2014 §9.6.1, §9.6.3; §9.4.2.2 (00 application master key)",
  roles = { "card" },
  run = function(t)
    local card, ch = ssse_challenge8(t)
    local crypt = cryptogram("ssse.master", ch)
    t:eq(#crypt // 2, 8, "authentication data is 8 bytes (§9.6.1)")
    local t0 = bench.mono()
    t:sw(card:transmit(cardlib.ext_auth_apdu(t, crypt)), "9000", "EXTERNAL AUTHENTICATE, right key")
    t:measure { name = "ext_auth_time", value = (bench.mono() - t0) * 1000, unit = "ms",
                max = S.op_limit(t) }
  end,
}

test {
  id = "card.auth.external_wrong",
  title = "EXTERNAL AUTHENTICATE with a wrong key, without or with a used challenge is refused",
  title_zh = "以错误密钥、无随机数或已用随机数进行外部认证被拒绝",
  clause = "GF 61/T PT002-2014 §9.6.3; §9.1.2 (a key serves one function only); ISO/IEC 7816-4 "
           .. "§7.5.4, §5.6 table 5 (6300, 63CX)",
  roles = { "card" },
  run = function(t)
    local card, ch = ssse_challenge8(t)
    -- The maintenance key is a real key of this DF, just not the one.
    local wrong = cryptogram("ssse.maint", ch)
    local r = card:transmit(cardlib.ext_auth_apdu(t, wrong))
    t:ok(r.sw ~= "9000", "cryptogram of the maintenance key refused", ex(r))
    S.sw_in(t, r, "auth_failed", "the refusal")
    -- The right cryptogram for the consumed challenge must not pass either.
    local right = cryptogram("ssse.master", ch)
    r = card:transmit(cardlib.ext_auth_apdu(t, right))
    t:ok(r.sw ~= "9000", "a challenge serves one authentication only", ex(r))
  end,
}

test {
  id = "card.auth.internal",
  title = "INTERNAL AUTHENTICATE answers the data encrypted with the internal auth key",
  title_zh = "内部认证返回以内部认证密钥加密的数据",
  clause = "GF 61/T PT002-2014 §9.6.2, §9.6.3; §9.4.2.2 (19 internal authentication key; "
           .. "15-18 reserved)",
  roles = { "card" },
  run = function(t)
    local card = cardlib.select_ssse(t)
    local rnd = string.format("%08X%08X", math.random(0, 0x7FFFFFFF), math.random(0, 0x7FFFFFFF))
    local t0 = bench.mono()
    local r = card:transmit(cardlib.int_auth_apdu(t, rnd))
    t:measure { name = "int_auth_time", value = (bench.mono() - t0) * 1000, unit = "ms",
                max = S.op_limit(t) }
    if t:sw(r, "9000", "INTERNAL AUTHENTICATE") then
      t:bytes(r.data, cryptogram("ssse.int_auth", rnd),
              "answer = E(internal auth key, data) (§9.6.3)")
    end
    -- Key types 15-18 are reserved (§9.4.2.2), but "以上密钥在不同的行业规范中
    -- 定义的ID号有所不同": a card may hold a key of another use at 17. What
    -- no card may do is ignore P2 and answer with the internal
    -- authentication key; a refusal or another key's answer passes.
    local other = 0x17
    while other == cardlib.key_ref(t, "int_auth_ref") do other = other - 1 end
    local what = string.format("key reference %02X (reserved in §9.4.2.2)", other)
    local o = card:transmit(cardlib.int_auth_apdu(t, rnd, other))
    if o.sw == "9000" then
      t:note("other_reference", what .. " served: a key of the card's own numbering")
      t:ok(o.data ~= r.data, what .. " is not answered with the internal authentication key "
           .. "(P2 ignored)", ex(o))
    else
      S.sw_in(t, o, "other_key", what)
    end
  end,
}
