-- The holder PIN (GF 61/T PT002-2014 §9.2: kept safe in the card; §10.4
-- VERIFY, PIN CHANGE/UNBLOCK): the retry counter (63Cx), the block at zero
-- (6983), the reset on success, and unblock under secure messaging with
-- the PIN unblock key (§9.4.2.2 type 03; appendix C PUK). The PIN comes
-- from the key file as a handle; trace and diagnostics show it redacted.
suite {
  title = "PIN verification, retry counter, block and unblock",
  standard = "GF 61/T PT002-2014 §9.2, §10.4",
}

local cardlib = require "cardlib"

local C = bench.crypto
local WRONG = "0020000003111111" -- a PIN (111111) the key file's is not

local ex = cardlib.ex

local function pin_apdu()
  return bench.keys.verify_apdu(bench.keys.pin("card", "holder"))
end

local select_ssse = cardlib.select_ssse

-- PIN UNBLOCK (84 24): the PIN block encrypted (§9.3.3.2) and MACed under
-- the PIN unblock key; resets the counter.
local function unblock(t, card)
  local ch = card:transmit("0084000004").data
  local puk = bench.keys.get("card", "ssse.pin_unblock")
  local block = pin_apdu():sub(11) -- the BCD PIN block of VERIFY
  return card:transmit(C.sm_wrap(0x80, 0x24, 0x00, 0x00, block, puk, ch, { enc = puk }))
end

test {
  id = "card.pin.verify",
  title = "VERIFY with the right PIN answers 9000 and opens the PIN-protected file",
  clause = "GF 61/T PT002-2014 §10.4 (VERIFY); §9.2",
  roles = { "card" },
  run = function(t)
    local card = t.roles.card
    card:transmit("00A40000023F0000")
    t:sw(card:transmit("00B2014400"), "6982", "EF08 before VERIFY")
    local t0 = bench.mono()
    t:sw(card:transmit(pin_apdu()), "9000", "VERIFY, right PIN")
    t:measure { name = "verify_time", value = (bench.mono() - t0) * 1000, unit = "ms", max = 1000 }
    t:sw(card:transmit("00B2014400"), "9000", "EF08 after VERIFY")
  end,
}

test {
  id = "card.pin.retry",
  title = "Each wrong PIN decrements the retry counter (63Cx); at zero the PIN blocks (6983)",
  clause = "GF 61/T PT002-2014 §10.4 (VERIFY); ISO/IEC 7816-4 §5.6 (63CX, 6983)",
  roles = { "card" },
  run = function(t)
    local card = select_ssse(t)
    t:sw(card:transmit(pin_apdu()), "9000", "VERIFY right first: counter full")
    t:sw(card:transmit("0020000000"), "63C3", "tries left query: 3")
    t:sw(card:transmit(WRONG), "63C2", "1st wrong PIN")
    t:sw(card:transmit(WRONG), "63C1", "2nd wrong PIN")
    t:sw(card:transmit(WRONG), "6983", "3rd wrong PIN blocks")
    t:sw(card:transmit(pin_apdu()), "6983", "right PIN while blocked still refused")
    t:sw(unblock(t, card), "9000", "PIN UNBLOCK (cleanup)")
  end,
}

test {
  id = "card.pin.reset",
  title = "The right PIN resets the retry counter",
  clause = "GF 61/T PT002-2014 §10.4 (VERIFY)",
  roles = { "card" },
  run = function(t)
    local card = select_ssse(t)
    t:sw(card:transmit(pin_apdu()), "9000", "VERIFY right")
    t:sw(card:transmit(WRONG), "63C2", "wrong PIN")
    t:sw(card:transmit(pin_apdu()), "9000", "VERIFY right")
    t:sw(card:transmit("0020000000"), "63C3", "counter back to 3")
  end,
}

test {
  id = "card.pin.unblock",
  title = "PIN UNBLOCK under secure messaging clears the block; a wrong MAC does not",
  clause = "GF 61/T PT002-2014 §10.4 (PIN CHANGE/UNBLOCK); §9.3; appendix C (PUK)",
  roles = { "card" },
  run = function(t)
    local card = select_ssse(t)
    for i = 1, 3 do card:transmit(WRONG) end
    t:sw(card:transmit(pin_apdu()), "6983", "PIN blocked")
    local ch = card:transmit("0084000004").data
    local wrongkey = bench.keys.get("card", "ssse.maint")
    local bad = C.sm_wrap(0x80, 0x24, 0x00, 0x00, pin_apdu():sub(11), wrongkey, ch,
                          { enc = wrongkey })
    local r = card:transmit(bad)
    t:ok(r.sw ~= "9000", "PIN UNBLOCK MACed with another key refused", ex(r))
    t:sw(unblock(t, card), "9000", "PIN UNBLOCK with the PIN unblock key")
    t:sw(card:transmit(pin_apdu()), "9000", "VERIFY after unblock")
  end,
}

test {
  id = "card.pin.change",
  title = "CHANGE PIN replaces the PIN (old refused afterwards), then back",
  clause = "GF 61/T PT002-2014 §10.4 (PIN CHANGE/UNBLOCK)",
  roles = { "card" },
  run = function(t)
    local card = select_ssse(t)
    local old = pin_apdu():sub(11)
    local new = "135791"
    t:sw(card:transmit("805E0100" .. string.format("%02X", #old // 2 + 4) .. old .. "FF" .. new),
         "9000", "CHANGE PIN old -> new")
    t:sw(card:transmit(pin_apdu()), "63C2", "the old PIN is refused")
    t:sw(card:transmit("0020000003" .. new), "9000", "the new PIN verifies")
    t:sw(card:transmit("805E0100" .. string.format("%02X", #old // 2 + 4) .. new .. "FF" .. old),
         "9000", "CHANGE PIN back")
    t:sw(card:transmit(pin_apdu()), "9000", "the original PIN verifies again")
  end,
}
