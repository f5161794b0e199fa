-- Print registration: the personalised content sits within 1 mm of its
-- nominal place in all four directions (DB43/T 3.3 table 1 item 5; tables 2
-- and 3 alike). The card prints edge to edge (item 1: "全幅面边到边打印"),
-- so every point of it counts: each card prints the bench's target, its
-- scan is measured by bench.register at all four marks, and the bilinear
-- field they define (offset, rotation, shear of the head, scale along and
-- across the feed) is judged at the card's corners, where it is largest.
local P = require "printerlib"

suite {
  title = "Card printer: print registration",
  standard = "DB43/T 3.3",
}

test {
  id = "printer.registration",
  title = "Registration offset < 1 mm up, down, left and right at every point of N cards",
  title_zh = "N 张卡每个测点的上、下、左、右套印偏差均 < 1 mm",
  clause = "DB43/T 3.3 §6.3.1 表1-5; §6.3.2 表2; §6.3.3 表3",
  roles = { "printer" },
  uses = { "scanner" }, -- where the station has one (printerlib.scan)
  timeout = 3600, -- `cards` cards printed and scanned one by one
  run = function(t)
    local n = t.roles.printer:config().cards
    local worst, where = nil, nil
    for i = 1, n do
      local card = P.print_target(t, { sides = "one-sided" })
      if t:eq(card.state, "completed", "card " .. i .. " printed") then
        local r, why = P.measure(t, card)
        if t:ok(r ~= nil, "card " .. i .. " scanned and measured as job " .. card.name, why) then
          for _, side in ipairs(P.SIDES) do
            t:measure { name = "registration_" .. side, value = r[side], unit = "mm", lt = 1.0 }
          end
          local mm, side = P.worst_side(r)
          if not worst or mm > worst then
            worst, where = mm, string.format("card %d, towards the %s", i, side)
          end
          t:note("card" .. i, P.geometry(r))
        end
      else
        t:note("card" .. i .. "_reasons", table.concat(card.reasons, ",") .. ": " .. card.msg)
      end
    end
    if worst then
      t:measure { name = "registration_max", value = worst, unit = "mm", lt = 1.0 }
      t:note("registration_max_at", where)
    end
  end,
}
