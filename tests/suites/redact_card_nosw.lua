-- tests/redact_card.t, with the card's verify-no-sw defect: a sealed VERIFY
-- the card answers with one byte fails the exchange, and the error names
-- the APDU by its label and shows what the card sent, never the PIN.
suite { title = "A sealed APDU answered without a status word", standard = "GF 61/T PT002-2014 §9.2" }

local PIN = "482916073518" -- card/holder of bench/fixtures/keys/sim-keys.yaml

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
