-- Two-sided printing, DB43/T 3.3 打印功能: "支持单面或双面打印、全卡打印"
-- (表1-1 desktop, 表3-1 self-service). The portable device's table words it
-- "支持单面或双面打印（可选升级）", two-sided an optional upgrade; so bench
-- reads the desktop's and the self-service device's, where it is no option,
-- as "prints one face or both, as asked", and a portable DUT SKIPs the test.
--
-- A card printer may flip cards through IPP (sides-supported, RFC 8011) or
-- only through its own driver. Over IPP the card is a two-page job, red
-- front and blue back, with the two-sided `sides` the printer lists; it
-- must take that attribute and complete, and the operator looks at the
-- card: one card, both faces printed (a printer that prints the pages on
-- two cards, or the front only, completes the job as well). A printer that
-- lists no two-sided printing is asked of the operator: does the device
-- print both faces by its own means?
local carddoc = require "carddoc"

suite {
  title = "Card printer: two-sided printing",
  standard = "DB43/T 3.3",
}

-- The two-sided value the printer lists (long edge first), or nil.
local function two_sided(sides)
  for _, want in ipairs { "two-sided-long-edge", "two-sided-short-edge" } do
    for _, s in ipairs(sides) do
      if s == want then return want end
    end
  end
end

test {
  id = "printer.two_sided",
  title = "Prints both faces of one card",
  title_zh = "支持双面打印",
  clause = "DB43/T 3.3 §6.3.1 表1-1 打印功能; §6.3.3 表3-1 打印功能",
  roles = { "printer" },
  dut_class = "desktop|self-service",
  timeout = 3600,
  run = function(t)
    local p = t.roles.printer
    local a = p:attributes()
    local listed = #a.sides > 0 and table.concat(a.sides, ", ") or "not given"
    t:note("sides_supported", listed)
    local sides = two_sided(a.sides)
    if not sides then
      t:ask { key = "other_means", kind = "yesno", expect = true,
        prompt = "The printer offers no two-sided printing over IPP (sides-supported: " .. listed
          .. "). Does the device print both faces of a card by its own means (its driver, "
          .. "a flip module)?" }
      return
    end
    local doc, why = carddoc.two_sided(t)
    if not doc then t:skip(why) end
    local name = p:reserve()
    local job, ignored = p:print { file = doc, name = name, sides = sides }
    t:ok(not ignored, "the printer took the job's sides (" .. sides .. ")",
         "ignored or substituted: " .. tostring(ignored))
    local state, reasons, msg = job:wait()
    if not t:eq(state, "completed", "the two-page card job completed") then
      t:note("reasons", table.concat(reasons, ",") .. ": " .. msg)
      return
    end
    t:ask { key = "both_faces", kind = "yesno", expect = true,
      prompt = string.format("The card of job %s: is its front printed red and its back blue, "
        .. "on one card (not two cards of one face each, not the front only)?", name) }
  end,
}
