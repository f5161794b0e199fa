-- Print registration: the personalised content sits within 1 mm of its
-- nominal place in all four directions (seed 000 table 1 item 5; tables 2
-- and 3 alike). Each card prints the bench's fiducial target; its scan is
-- measured by bench.register.
local P = require "printerlib"

suite {
  title = "Card printer: print registration",
  standard = "DB43/T 3.3 (seed 000)",
}

test {
  id = "printer.registration",
  title = "Registration offset < 1 mm up, down, left and right over N cards",
  clause = "DB43/T 3.3 §6.3.1 表1-5; §6.3.2 表2; §6.3.3 表3",
  roles = { "printer" },
  timeout = 3600, -- `cards` cards printed and scanned one by one
  run = function(t)
    local p = t.roles.printer
    local target = P.target(t)
    local n = p:config().cards
    for i = 1, n do
      local state, reasons, msg, job = P.print_wait(t, { file = target, sides = "one-sided" })
      if t:eq(state, "completed", "card " .. i .. " printed") then
        local scan, why = p:scan(job)
        if t:ok(scan ~= nil, "card " .. i .. " scan delivered", why) then
          local r, err = bench.register.measure(scan)
          if t:ok(r ~= nil, "card " .. i .. " registration measured", err) then
            for _, side in ipairs { "left", "right", "up", "down" } do
              t:measure { name = "registration_" .. side, value = r[side], unit = "mm",
                          gt = -1.0, lt = 1.0 }
            end
            t:note("card" .. i, string.format(
              "rot %.3f deg, card skew %.2f deg, card %.2f x %.2f mm, scan %s",
              r.rot, r.skew, r.card_w, r.card_h, scan))
          end
        end
      else
        t:note("card" .. i .. "_reasons", table.concat(reasons, ",") .. ": " .. msg)
      end
    end
  end,
}
