-- Hopper and consumable capacities, DB43/T 3.3 tables 1-3, row 1
-- (基本参数): 卡槽容量 (hoppers, cards of 0.76 mm) and 耗材 (prints per roll).
-- The printer's own IPP records are read where it gives a count
-- (printer-input-tray, printer-output-tray, printer-supply; marker-levels are
-- percentages and only name a consumable); where it gives none (-2 unknown,
-- a percentage, no record) the operator is asked the number.
local P = require "printerlib"

suite {
  title = "Card printer: hopper and consumable capacities",
  standard = "DB43/T 3.3",
}

-- Per class, each item's limit and the row that sets it; an item a class's
-- table does not name has none (the test SKIPs saying so).
--   表1 desktop:      入卡槽容量≥125张，出卡槽容量≥125张; 彩色带、转印膜 不低于500张/卷
--   表2 portable:     入卡槽容量≥80张，废卡槽容量≥30张; 1/2 YMCKO 彩色色带 不低于350张/卷,
--                     YMCKO 彩色色带 不低于250张/卷 (no film)
--   表3 self-service: 入卡槽容量≥125张，废卡槽容量≥25张; 彩色带、转印膜 不低于500张/卷
local LIMITS = {
  desktop = { row = "§6.3.1 表1-1", input = 125, output = 125, ribbon = 500, film = 500 },
  portable = { row = "§6.3.2 表2-1", input = 80, reject = 30,
               ribbon = { ["1/2 YMCKO"] = 350, YMCKO = 250 } },
  ["self-service"] = { row = "§6.3.3 表3-1", input = 125, reject = 25, ribbon = 500, film = 500 },
}

local ITEMS = {
  { item = "input", id = "printer.input_hopper", what = "input hopper (入卡槽)", unit = "cards",
    clause = "卡槽容量 入卡槽容量: ≥125 (desktop, self-service), ≥80 (portable)" },
  { item = "output", id = "printer.output_hopper", what = "output hopper (出卡槽)", unit = "cards",
    clause = "卡槽容量 出卡槽容量: ≥125 (desktop)" },
  { item = "reject", id = "printer.reject_hopper", what = "reject hopper (废卡槽)", unit = "cards",
    clause = "卡槽容量 废卡槽容量: ≥25 (self-service), ≥30 (portable)" },
  { item = "ribbon", id = "printer.ribbon_roll", what = "colour ribbon (彩色带)", unit = "prints",
    clause = "耗材 彩色带容量: ≥500/卷 (desktop, self-service); portable 1/2 YMCKO ≥350, YMCKO ≥250" },
  { item = "film", id = "printer.film_roll", what = "transfer film (转印膜)", unit = "prints",
    clause = "耗材 转印膜容量: ≥500/卷 (desktop, self-service)" },
}

-- A portable's ribbon limit depends on the ribbon: the kind the printer
-- names, else the operator's word.
local function ribbon_limit(t, lim, c)
  local kind = c.kind
  if kind == "" then
    local half = t:ask { key = "half_panel", kind = "yesno",
      prompt = "Is the loaded colour ribbon a 1/2 YMCKO (half-panel) ribbon? (no: full YMCKO)" }
    kind = half and "1/2 YMCKO" or "YMCKO"
    t:note("ribbon_kind", kind .. " (operator)")
  else
    t:note("ribbon_kind", kind .. " (" .. c.attr .. ")")
  end
  return lim[kind]
end

local function judge(t, v)
  P.limits(t) -- a class it knows, noted
  local lim = LIMITS[t.station.dut.class]
  local min = lim[v.item]
  if not min then
    t:skip(string.format("DB43/T 3.3 %s (%s) sets no %s capacity", lim.row,
                         t.station.dut.class, v.what))
  end
  local c = t.roles.printer:attributes().capacities[v.item]
  if type(min) == "table" then min = ribbon_limit(t, min, c) end
  local name = v.item .. "_capacity"
  if c.count then
    t:note("reported", string.format("%s: %d %s from \"%s\"", c.attr, c.count, v.unit, c.record))
    t:measure { name = name, value = c.count, unit = v.unit, min = min }
    return
  end
  -- No count from the printer: never a guess, the operator counts.
  t:note("reported", c.attr ~= "" and string.format("%s: \"%s\": %s", c.attr, c.record, c.why)
    or c.why)
  local n = t:ask { key = v.unit, kind = "number", unit = v.unit, min = min,
    prompt = string.format("The printer reports no %s capacity (%s). How many %s does the %s "
      .. "hold (cards of 0.76 mm; a roll: prints per roll)?", v.what, c.why, v.unit, v.what) }
  t:note("operator", string.format("%s %s", tostring(n), v.unit))
end

for _, v in ipairs(ITEMS) do
  test {
    id = v.id,
    title = "Capacity of the " .. v.what .. " meets the DUT class limit",
    clause = "DB43/T 3.3 §6.3.1 表1-1; §6.3.2 表2-1; §6.3.3 表3-1 " .. v.clause,
    roles = { "printer" },
    run = function(t) judge(t, v) end,
  }
end
