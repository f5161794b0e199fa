-- bench.keys handles and bench.crypto end to end (tests/crypto_run.t). The
-- key file of the run holds published-vector keys, so results are checkable.
suite { title = "Crypto and key handles", standard = "GF 61/T PT002-2014" }

test { id = "crypto.handle", title = "a key handle prints as its label only",
  clause = "GF 61/T PT002-2014 §9.4",
  run = function(t)
    local k = bench.keys.get("card", "icao.kmac")
    t:eq(tostring(k), "<key:card/icao.kmac>", "tostring is the label")
    t:eq(k.alg, "3des", "algorithm is visible")
    t:ok(not pcall(function() return "x" .. k end), "concatenation is refused")
    t:ok(not pcall(bench.log, k), "a handle is not a string")
    t:note("key", tostring(k))
  end }

test { id = "crypto.retail_mac", title = "retail MAC with a key handle (ICAO 9303-11 D.3)",
  clause = "GF 61/T PT002-2014 §9.3.2",
  run = function(t)
    local k = bench.keys.get("card", "icao.kmac")
    t:bytes(bench.crypto.mac3(k, nil,
      "72C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F2"),
      "5F1448EEA8AD90A7", "M_IFD")
  end }

test { id = "crypto.purse", title = "purchase MAC1/MAC2 from the DPK handle",
  clause = "GF 61/T PT002-2014 §11.8",
  run = function(t)
    local dpk = bench.keys.get("card", "purse.dpk")
    local inp = bench.crypto.purse { kind = "purchase", amount = 0x1000, type = 6,
      terminal = "001122334455", random = "11223344", counter = 0, term_seq = 1,
      date = "20120229", time = "135100" }
    local ses = bench.crypto.session_key(dpk, inp.session)
    t:eq(tostring(ses), "<key:card/purse.dpk/session>", "derived key stays a handle")
    t:bytes(bench.crypto.mac1(ses, nil, inp.mac1):sub(1, 8), "F15CAB75", "MAC1")
    t:bytes(bench.crypto.mac1(ses, nil, inp.mac2):sub(1, 8), "56988A13", "MAC2")
  end }

test { id = "crypto.sm4", title = "SM4 with a key handle (GB/T 32907-2016 A.1)",
  clause = "GF 61/T PT002-2014 §9.3.3.3",
  run = function(t)
    local k = bench.keys.get("card", "sm4.test")
    t:bytes(bench.crypto.sm4_ecb(k, "0123456789ABCDEFFEDCBA9876543210"),
      "681EDF34D206965E86B3E94F536E4246", "ciphertext")
    local apdu = bench.crypto.sm_wrap(0x00, 0xD6, 0x81, 0x00, "AABBCC", k, "01020304")
    t:match(apdu, "^04D6810007AABBCC%x%x%x%x%x%x%x%x$", "SM APDU shape")
  end }

test { id = "crypto.errors", title = "bad keys and arguments are Lua errors naming the problem",
  clause = "GF 61/T PT002-2014 §9.3",
  run = function(t)
    local ok, err = pcall(bench.crypto.mac3, "0011", nil, "00")
    t:ok(not ok and err:find("3DES needs 16 or 24", 1, true), "2-byte key refused", err)
    ok, err = pcall(bench.crypto.mac1, bench.keys.pin("card", "holder"), nil, "00")
    t:ok(not ok and err:find("PIN handle is not a key", 1, true), "PIN handle is not a key", err)
    ok, err = pcall(bench.crypto.sm4_ecb, bench.keys.get("card", "icao.kmac"), "00")
    t:ok(not ok and err:find("is a 3des key, sm4 needed", 1, true), "wrong algorithm named", err)
    ok, err = pcall(bench.keys.get, "card", "nope")
    t:ok(not ok and err:find("no key card/nope", 1, true), "missing key named", err)
    ok, err = pcall(bench.crypto.mac3, "7962D9ECE03D1ACD4C76089DCE131543", nil, "0G")
    t:ok(not ok and err:find("not hex", 1, true), "bad data hex", err)
    t:eq(bench.crypto.sm3("616263"),
      "66C7F0F462EEEDD9D1F2D46BDC10E4E24167C4875CF2F7A2297DA02B8F4BA8E0", "SM3 abc")
  end }

test { id = "crypto.fail_with_handle", title = "a failing check about a key shows only its label",
  clause = "GF 61/T PT002-2014 §9.4",
  run = function(t)
    local k = bench.keys.get("card", "icao.kmac")
    t:eq(tostring(k), "something else", "deliberate failure")
    t:ok(bench.keys.verify_apdu(bench.keys.pin("card", "holder")) ~= nil, "VERIFY built")
    error("deliberate error mentioning " .. tostring(bench.keys.get("card", "purse.dpk")))
  end }

test { id = "crypto.same_pin", title = "same_pin: whether two PIN handles hold the same digits",
  clause = "社会保障卡加载金融功能通用规范 §9.4 (card.firewall.pin asks it)",
  run = function(t)
    local P = function(id) return bench.keys.pin("card", id) end
    t:eq(bench.keys.same_pin(P("holder"), P("pse")), true, "same digits")
    t:eq(bench.keys.same_pin(P("holder"), P("other")), false, "one digit differs")
    t:eq(bench.keys.same_pin(P("holder"), P("longer")), false, "a digit more")
    local ok, err = pcall(bench.keys.same_pin, P("holder"), bench.keys.get("card", "icao.kmac"))
    t:ok(not ok and err:find("a PIN handle is needed", 1, true), "a key is not a PIN", err)
  end }
