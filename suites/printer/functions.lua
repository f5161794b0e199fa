-- 打印功能, DB43/T 3.3 表1-1, 表2-1, 表3-1: "支持单色和全色打印" (every
-- class) and "支持单面或双面打印" (表1-1 desktop, 表3-1 self-service). Full
-- colour is printer.rate's (its cards are asked in colour); here, the
-- monochrome card and the two-sided one.
--
-- The portable device's table words the second "支持单面或双面打印（可选升
-- 级）", two-sided an optional upgrade; so bench reads the desktop's and the
-- self-service device's, where it is no option, as "prints one face or
-- both, as asked", and a portable DUT SKIPs printer.two_sided.
--
-- A card printer may offer a function through IPP (print-color-mode-
-- supported, PWG 5100.13; sides-supported, RFC 8011) or only through its
-- own driver. Over IPP the card is printed with the value the printer
-- lists; it must take that attribute and complete, and the operator looks
-- at the card (a printer that prints the two pages on two cards, or in
-- colour, completes its job as well). A printer that lists no such value
-- is asked of the operator: does the device do it by its own means?
local carddoc = require "carddoc"
local P = require "printerlib"

suite {
  title = "Card printer: print functions",
  standard = "DB43/T 3.3",
}

-- The first of `wanted` that `list` holds, or nil.
local function first_of(list, wanted)
  local have = {}
  for _, v in ipairs(list) do have[v] = true end
  for _, w in ipairs(wanted) do
    if have[w] then return w end
  end
end

-- The function offered over IPP: `attr` of the printer lists (noted as
-- attr with underscores) one of `wanted`, or nil after the operator's answer whether the device
-- does it by its own means (`does`, `how`).
local function offered(t, attr, list, wanted, does, how)
  local listed = #list > 0 and table.concat(list, ", ") or "not given"
  t:note((attr:gsub("-", "_")), listed)
  local v = first_of(list, wanted)
  if v then return v end
  t:ask { key = "other_means", kind = "yesno", expect = true,
    prompt = string.format("The printer lists no %s in %s (%s). Does the device %s by its own "
      .. "means (%s)?", table.concat(wanted, " or "), attr, listed, does, how) }
end

-- Prints `doc` with `spec` (the attribute `what` asked), and the operator
-- looks at the card (ask `key`; `prompt` has the job's name as %s).
local function print_and_look(t, doc, spec, what, key, prompt)
  local p = t.roles.printer
  spec.file, spec.name = doc, p:reserve()
  local job, ignored = p:print(spec)
  t:ok(not ignored, "the printer took the job's " .. what,
       "ignored or substituted: " .. tostring(ignored))
  local state, reasons, msg = job:wait()
  P.undecided_if_purged(t, state, msg)
  if not t:eq(state, "completed", "the card's job completed") then
    t:note("reasons", table.concat(reasons, ",") .. ": " .. msg)
    return
  end
  t:ask { key = key, kind = "yesno", expect = true, prompt = string.format(prompt, spec.name) }
end

test {
  id = "printer.monochrome",
  title = "Prints a card in one colour (monochrome) as well as in full colour",
  title_zh = "支持单色打印",
  clause = "DB43/T 3.3 §6.3.1 表1-1 打印功能; §6.3.2 表2-1; §6.3.3 表3-1",
  roles = { "printer" },
  timeout = 3600,
  run = function(t)
    local a = t.roles.printer:attributes()
    local mode = offered(t, "print-color-mode-supported", a.color_modes,
      { "monochrome", "process-monochrome", "bi-level", "process-bi-level" },
      "print a card in one colour", "a monochrome ribbon, the K panel")
    if not mode then return end
    local doc, why = carddoc.card(t)
    if not doc then t:skip(why) end
    print_and_look(t, doc, { sides = "one-sided", color_mode = mode },
      "print-color-mode (" .. mode .. ")", "one_colour",
      "The card of job %s: is it printed in one colour only (its red face black or grey)?")
  end,
}

test {
  id = "printer.two_sided",
  title = "Prints both faces of one card",
  title_zh = "支持双面打印",
  clause = "DB43/T 3.3 §6.3.1 表1-1 打印功能; §6.3.3 表3-1 打印功能",
  roles = { "printer" },
  dut_class = "desktop|self-service",
  timeout = 3600,
  run = function(t)
    local a = t.roles.printer:attributes()
    local sides = offered(t, "sides-supported", a.sides,
      { "two-sided-long-edge", "two-sided-short-edge" }, "print both faces of a card",
      "its driver, a flip module")
    if not sides then return end
    local doc, why = carddoc.two_sided(t)
    if not doc then t:skip(why) end
    print_and_look(t, doc, { sides = sides }, "sides (" .. sides .. ")", "both_faces",
      "The card of job %s: is its front printed red and its back blue, on one card (not two "
      .. "cards of one face each, not the front only)?")
  end,
}
