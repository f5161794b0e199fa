-- tests/redact_card.t: what a suite gets back when it sends a sealed APDU
-- (docs/keys.md): the answer's apdu is the label, never the bytes sent,
-- which hold the PIN. sealed.no_sw runs alone (--filter) on a card with
-- the verify-no-sw defect: the error names the label and the byte sent
-- back, never the PIN.
suite { title = "Sealed APDUs on the simulated card", standard = "GF 61/T PT002-2014 §9.2" }

local PIN = "482916073518" -- card/holder of bench/fixtures/keys/sim-keys.yaml

test { id = "sealed.answer", title = "the answer to a sealed VERIFY names the APDU by its label",
  clause = "GF 61/T PT002-2014 §10.4 (VERIFY)", roles = { "card" },
  run = function(t)
    local card = t.roles.card
    card:transmit("00A40000023F0000")
    local r = card:transmit(bench.keys.verify_apdu(bench.keys.pin("card", "holder")))
    t:sw(r, "9000", "VERIFY with the holder PIN")
    t:eq(r.apdu, "<apdu 00200000 <pin:card/holder>>", "the answer's apdu is the label")
    t:ok(not r.apdu:gsub("%X", ""):find(PIN, 1, true), "no PIN digits in the answer's apdu")
  end }

test { id = "sealed.no_sw", title = "a sealed VERIFY answered with one byte fails, sealed",
  clause = "GF 61/T PT002-2014 §10.4 (VERIFY)", roles = { "card" },
  run = function(t)
    local card = t.roles.card
    card:transmit("00A40000023F0000")
    local ok, err = pcall(card.transmit, card, bench.keys.verify_apdu(bench.keys.pin("card", "holder")))
    err = tostring(err)
    t:ok(not ok, "the exchange fails", err)
    t:ok(err:find("transmit <apdu 00200000 <pin:card/holder>>: ", 1, true), "the error names the APDU by its label", err)
    t:ok(err:find("no status word (short answer: 1 byte 90)", 1, true), "the error shows the byte the card sent", err)
    t:ok(not err:gsub("%X", ""):find(PIN, 1, true), "no PIN digits in the error", err)
  end }
