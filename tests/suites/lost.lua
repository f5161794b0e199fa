-- A device lost in the middle of a run (tests/lost.t, docs/drivers.md
-- "Lost devices"): lost.event says when to take it away; the tests after
-- it find it gone, frozen or back.
test {
  id = "lost.event", title = "the device goes away during this test",
  clause = "docs/drivers.md Lost devices", roles = { "card" },
  run = function(t)
    local card = t.roles.card
    t:sw(card:transmit("00A40000023F00"), "9000", "SELECT MF before")
    bench.log("lost.event: take the device away now")
    bench.sleep(1)
    t:sw(card:transmit("00A40000023F00"), "9000", "SELECT MF after")
  end,
}

for i = 1, 8 do
  test {
    id = "lost.after" .. i, title = "a test after the event",
    clause = "docs/drivers.md Lost devices", roles = { "card" },
    run = function(t)
      t:sw(t.roles.card:transmit("00A40000023F00"), "9000", "SELECT MF")
    end,
  }
end
