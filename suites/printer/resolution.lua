-- Print resolution (DB43/T 3.3: >= 600 dpi desktop and self-service, >= 300
-- dpi portable), believed from nothing: the advertised IPP resolution is
-- read on both axes (600x300dpi is 300 dpi along the feed), and a card of
-- one-dot line pairs at the limit is printed, scanned and measured, so a
-- printer that advertises 600 dpi and prints 300 fails. The card asks for
-- the finest resolution advertised, not the printer's default.
local P = require "printerlib"

suite {
  title = "Card printer: resolution",
  standard = "DB43/T 3.3",
}

-- Line pairs count as printed when their contrast is at least a tenth of
-- that of four-dot lines (the usual limiting-resolution criterion, MTF10):
-- a printer with coarser dots smears them into flat grey (about 0).
local RESOLVED = 0.1

test {
  id = "printer.resolution",
  title = "Printer resolution meets the DUT class limit, advertised on both axes and printed",
  title_zh = "打印分辨率满足设备类别要求（两个方向的标称值与实际打印）",
  clause = "DB43/T 3.3 §6.3.1 表1-1; §6.3.2 表2-1; §6.3.3 表3-1",
  roles = { "printer" },
  uses = { "scanner" }, -- where the station has one (printerlib.scan)
  run = function(t)
    local lim = P.limits(t)
    local a = t.roles.printer:attributes()
    t:note("state", a.state .. " " .. table.concat(a.reasons, ","))
    -- printer-resolution-supported is optional outside IPP Everywhere: a
    -- printer that does not advertise it is judged by what it prints.
    -- The card is printed at the finest resolution on offer, asked as the
    -- job's printer-resolution (PWG 5100.13): a printer's default may be a
    -- coarser, faster one, and the limit is what the printer can do.
    local ask
    if #a.resolutions == 0 then
      t:note("advertised", "none (no printer-resolution-supported): the printed line pairs "
             .. "decide")
    else
      ask = a.resolution_finest
      t:note("advertised", table.concat(a.resolutions, ", ") .. "; default "
             .. (a.resolution_default ~= "" and a.resolution_default or "not given")
             .. "; the card asks " .. ask)
      t:measure { name = "resolution", value = a.resolution, unit = "dpi", min = lim.dpi }
    end
    local card = P.print_target(t, { sides = "one-sided", dpi = lim.dpi, resolution = ask })
    t:require(card.state == "completed", "line-pair card printed",
              table.concat(card.reasons, ",") .. ": " .. card.msg)
    local r, why = P.measure(t, card, lim.dpi)
    t:require(r ~= nil, "line-pair card scanned and measured as job " .. card.name, why)
    t:require(r.lines ~= nil, lim.dpi .. " dpi line pairs measurable in the scan", r.lines_err)
    t:note("line_pairs", string.format(
      "%d dpi one-dot lines: amplitude x %.1f y %.1f, four-dot reference x %.1f y %.1f grey "
      .. "levels; scan %s", lim.dpi, r.lines.fine_x, r.lines.fine_y, r.lines.coarse_x,
      r.lines.coarse_y, r.scan))
    -- x: along the card's long edge, the feed; y: along the head.
    t:measure { name = "printed_lines_feed", value = r.lines.x, unit = "", min = RESOLVED }
    t:measure { name = "printed_lines_head", value = r.lines.y, unit = "", min = RESOLVED }
  end,
}
