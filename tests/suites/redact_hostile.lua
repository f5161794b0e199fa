-- A hostile suite (tests/redact_run.t): each test tries one way to get a key
-- or PIN of the run's key file out of bench, in clear or in a form the
-- redaction filter must see through. leak.* tests write secrets into every
-- output there is; the .t greps the run directory, stdout and stderr.
-- recover.* tests try to get a secret's value into a Lua string at all: each
-- passes only when the attempt fails. The values below are the .t's key file.
suite { title = "Redaction against a hostile suite", standard = "GF 61/T PT002-2014 §9.4" }

local KMAC = "7962D9ECE03D1ACD4C76089DCE131543" -- card/icao.kmac
local DPK = "11223344556677888877665544332211" -- card/purse.dpk
local SM4 = "0123456789ABCDEFFEDCBA9876543210" -- card/sm4.test
local PIN = "482916073518" -- card/holder

-- Every test id, title, clause and measurement name reaches the journal,
-- junit.xml, report.html and the LAVA lines.
test { id = "leak.meta." .. KMAC, title = "title holding " .. DPK,
  clause = "GF 61/T PT002-2014 §9.4 with PIN 4829-1607-3518",
  run = function(t)
    t:measure { name = "m." .. SM4, value = 1, unit = "u" .. PIN }
    t:ok(false, "fails, so every report shows this test in full")
  end }

test { id = "leak.checkpoint", title = "t:checkpoint with key and PIN values",
  clause = "GF 61/T PT002-2014 §9.4",
  run = function(t)
    t:checkpoint { k = KMAC, pin = PIN, n = tonumber(PIN), tab = KMAC:sub(1, 8) .. "\t" .. KMAC:sub(9),
      dash = "4829-1607-3518", [DPK] = "a key as a table key" }
    t:ok(true, "checkpointed")
  end }

test { id = "leak.print", title = "print() with key and PIN values",
  clause = "GF 61/T PT002-2014 §9.4",
  run = function(t)
    print("print:", KMAC, "pin", PIN)
    t:ok(true, "printed")
  end }

-- The same values with separators between their digits.
local function spaced(hex, sep, every)
  local out = {}
  for i = 1, #hex, every do out[#out + 1] = hex:sub(i, i + every - 1) end
  return table.concat(out, sep)
end

test { id = "leak.separators", title = "secrets with separators between digits",
  clause = "GF 61/T PT002-2014 §9.4",
  run = function(t)
    for i, sep in ipairs { "-", ".", "_", " ", ":", "\t", " - ", "  " } do
      t:note("kmac" .. i, spaced(KMAC, sep, 2))
      t:note("dpk" .. i, spaced(DPK, sep, 4))
      t:note("pin" .. i, spaced(PIN, sep, 4))
      t:note("digit" .. i, spaced(PIN, sep, 1))
    end
    bench.log("log 4829-1607-3518 and " .. spaced(SM4, "-", 4))
    t:eq(spaced(KMAC, "-", 8), "x", "a failing check whose got is a dashed key")
    t:eq("4829.1607.3518", "x", "a failing check whose got is a dotted PIN")
  end }

-- A PIN handle reaches the card only in a sealed APDU.
test { id = "recover.verify_apdu", title = "the VERIFY APDU does not give the PIN",
  clause = "GF 61/T PT002-2014 §9.2",
  run = function(t)
    local a = bench.keys.verify_apdu(bench.keys.pin("card", "holder"))
    t:ok(type(a) ~= "string", "VERIFY APDU is not a string")
    t:ok(not tostring(a):find(PIN, 1, true), "its text has no PIN digits")
    t:ok(not pcall(function() return a .. "" end), "it cannot be concatenated")
    t:ok(not pcall(bench.crypto.sha256, a), "bench.crypto does not read it")
    t:ok(not pcall(bench.hex, a), "bench.hex does not read it")
  end }

test { id = "recover.sm_wrap_pin", title = "a PIN sent under secure messaging stays sealed",
  clause = "GF 61/T PT002-2014 §9.3",
  run = function(t)
    local k = bench.keys.get("card", "icao.kmac")
    local ok, a = pcall(bench.crypto.sm_wrap, 0x80, 0x24, 0x00, 0x00,
      bench.keys.pin("card", "holder"), k, "01020304", { enc = k })
    t:ok(ok and type(a) == "userdata", "sm_wrap with a PIN handle gives a sealed APDU",
      tostring(a))
    t:ok(not pcall(bench.crypto.sm_decrypt, k, a), "sm_decrypt cannot read it back")
  end }

test { id = "recover.change_pin", title = "a temporary PIN is a handle too",
  clause = "GF 61/T PT002-2014 §10.4",
  run = function(t)
    local old = bench.keys.pin("card", "holder")
    local ok, new = pcall(bench.keys.temp_pin, old)
    t:ok(ok and tostring(new) == "<pin:card/holder/temp>", "temp_pin gives a PIN handle",
      tostring(new))
    local ok2, a = pcall(bench.keys.change_pin_apdu, old, new)
    t:ok(ok2 and type(a) == "userdata", "CHANGE PIN APDU is sealed", tostring(a))
  end }

-- A derived key is a ciphertext of its parent: no ciphering with the parent
-- may give it back (docs/keys.md "Derivation keys").
local function same_key(hex, handle)
  local data = "00112233445566778899AABBCCDDEEFF"
  return bench.crypto.mac1(hex, nil, data) == bench.crypto.mac1(handle, nil, data)
end

test { id = "recover.session_key", title = "the DPK cannot encrypt its way to a session key",
  clause = "GF 61/T PT002-2014 §11.8",
  run = function(t)
    local dpk = bench.keys.get("card", "purse.dpk")
    local input = "1122334400000001"
    local ses = bench.crypto.session_key(dpk, input)
    local ok, v = pcall(bench.crypto.tdes_ecb, dpk, input)
    t:ok(not (ok and same_key(v, ses)), "tdes_ecb(DPK, input) is not the session key")
    -- MAC alg 3 over no data with IV = input xor 80 00.. is 3DES(DPK, input).
    local iv = string.format("%02X", tonumber(input:sub(1, 2), 16) ~ 0x80) .. input:sub(3)
    ok, v = pcall(bench.crypto.mac3, dpk, iv, "")
    t:ok(not (ok and same_key(v, ses)), "mac3(DPK, iv, '') is not the session key")
  end }

test { id = "recover.diversify", title = "a master key cannot encrypt its way to a card key",
  clause = "GF 61/T PT002-2014 §9.4",
  run = function(t)
    local m = bench.keys.get("card", "purse.dpk")
    local f, nf = "0102030405060708", "FEFDFCFBFAF9F8F7"
    local div = bench.crypto.diversify(m, f)
    local ok, l = pcall(bench.crypto.tdes_ecb, m, f)
    local ok2, r = pcall(bench.crypto.tdes_ecb, m, nf)
    local data = "00112233445566778899AABBCCDDEEFF"
    t:ok(not (ok and ok2 and bench.crypto.tdes_ecb(l .. r, data) ==
      bench.crypto.tdes_ecb(div, data)), "tdes_ecb(master, f || ~f) is not the card key")
  end }
