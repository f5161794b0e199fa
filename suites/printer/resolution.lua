-- Print resolution from the printer's IPP attributes (seed 000: >= 600 dpi
-- desktop and self-service, >= 300 dpi portable).
local P = require "printerlib"

suite {
  title = "Card printer: resolution",
  standard = "DB43/T 3.3 (seed 000)",
}

test {
  id = "printer.resolution",
  title = "Printer resolution meets the DUT class limit",
  clause = "DB43/T 3.3 §6.3.1 表1-1; §6.3.2 表2-1; §6.3.3 表3-1",
  roles = { "printer" },
  run = function(t)
    local lim = P.limits(t)
    local a = t.roles.printer:attributes()
    t:note("state", a.state .. " " .. table.concat(a.reasons, ","))
    t:measure { name = "resolution", value = a.resolution, unit = "dpi", min = lim.dpi }
  end,
}
