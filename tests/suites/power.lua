-- The DUT's power through the `dut_power` role: off, read back, on, read back.
suite { title = "DUT power", standard = "bench self-test" }

test { id = "power.cycle", title = "switch the DUT off and on", clause = "self §1",
  roles = { "dut_power" },
  run = function(t)
    local p = t.roles.dut_power
    p:set(1, false)
    t:eq(p:get(1), false, "off after off")
    p:set(1, true)
    t:eq(p:get(1), true, "on after on")
  end }
