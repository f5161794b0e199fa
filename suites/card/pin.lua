-- The holder PIN (GF 61/T PT002-2014 §9.2: kept safe in the card; §10.4
-- VERIFY, PIN CHANGE/UNBLOCK): the retry counter (63Cx), the block at zero
-- (6983), the reset on success, and unblock under secure messaging with
-- the PIN unblock key (§9.4.2.2 type 03; appendix C PUK). The PIN comes
-- from the key file as a handle and reaches the card only inside sealed
-- APDUs (docs/keys.md): trace and diagnostics show it redacted, and the
-- suite itself never holds its digits. So does the temporary PIN of
-- card.pin.change (bench.keys.temp_pin).
suite {
  title = "PIN verification, retry counter, block and unblock",
  standard = "GF 61/T PT002-2014 §9.2, §10.4",
}

local cardlib = require "cardlib"

local C = bench.crypto
local WRONG = "0020000003111111" -- a PIN (111111) the key file's is not

local ex = cardlib.ex

local function holder()
  return bench.keys.pin("card", "holder")
end

local function pin_apdu()
  return bench.keys.verify_apdu(holder())
end

local select_ssse = cardlib.select_ssse

-- PIN UNBLOCK (84 24): the PIN block encrypted (§9.3.3.2) and MACed under
-- the PIN unblock key; resets the counter. sm_wrap takes the PIN handle as
-- the data (its BCD block, as VERIFY sends it) and gives a sealed APDU.
local function unblock(t, card)
  local ch = card:transmit("0084000004").data
  local puk = bench.keys.get("card", "ssse.pin_unblock")
  return card:transmit(C.sm_wrap(0x80, 0x24, 0x00, 0x00, holder(), puk, ch, { enc = puk }))
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
    local bad = C.sm_wrap(0x80, 0x24, 0x00, 0x00, holder(), wrongkey, ch, { enc = wrongkey })
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
    local old = holder()
    -- Random digits, redacted from every output before the card sees them.
    local new = bench.keys.temp_pin(old)
    t:sw(card:transmit(bench.keys.change_pin_apdu(old, new)), "9000", "CHANGE PIN old -> new")
    t:sw(card:transmit(pin_apdu()), "63C2", "the old PIN is refused")
    t:sw(card:transmit(bench.keys.verify_apdu(new)), "9000", "the new PIN verifies")
    t:sw(card:transmit(bench.keys.change_pin_apdu(new, old)), "9000", "CHANGE PIN back")
    t:sw(card:transmit(pin_apdu()), "9000", "the original PIN verifies again")
  end,
}
