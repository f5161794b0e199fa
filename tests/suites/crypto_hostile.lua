-- A careless suite: key and PIN values as literals end up in diagnostics,
-- notes, errors and the log. The runner's redaction must catch them all
-- (tests/crypto_run.t greps the whole run directory).
test { id = "hostile.literals", title = "secrets written out as literals",
  clause = "GF 61/T PT002-2014 §9.4",
  run = function(t)
    bench.log("kmac is 7962D9ECE03D1ACD4C76089DCE131543, pin 739184")
    t:note("leak", "11 22 33 44 55 66 77 88 88 77 66 55 44 33 22 11")
    t:bytes("7962d9ece03d1acd4c76089dce131543", "00", "literal key compared")
    t:eq("0020000003739184", "x", "VERIFY with the PIN")
    error("0123456789ABCDEFFEDCBA9876543210")
  end }
