-- 卡片打印功能, DB43/T 3.3 §6.3.3 表3-1 (the self-service device's table
-- only): "支持打印各种文本、图形、图案，各类标识、数字化签名，各类条形码、二维
-- 码等图像". A card printer prints symbols as any image, so what can go
-- wrong is the print: dots that bleed or drop, a resolution the modules do
-- not survive. A QR Code (0.38 mm modules) and a Code 128 (0.25 mm) are
-- printed on a registration target and must decode from its scan to what
-- was printed; text and pictures are the operator's (operator.lua).
local P = require "printerlib"

suite {
  title = "Card printer: bar codes and QR codes",
  standard = "DB43/T 3.3",
}

-- The symbols of a card, as zbar decodes its scan: sym -> the texts read.
local function decoded(list)
  local by, seen = {}, {}
  for _, s in ipairs(list) do
    by[s.sym] = by[s.sym] or {}
    table.insert(by[s.sym], s.text)
    seen[#seen + 1] = s.type .. " '" .. s.text .. "'"
  end
  return by, #seen > 0 and table.concat(seen, "; ") or "none"
end

local function holds(list, want)
  for _, v in ipairs(list or {}) do if v == want then return true end end
  return false
end

local SYMBOLS = { { "qr", "QR Code" }, { "code128", "Code 128" } }

-- Scans below this show a 0.25 mm module in fewer than 3 pixels: a code
-- unread there may be the scanner's.
local MIN_SCAN_DPI = 300

test {
  id = "printer.codes",
  title = "Prints a QR Code and a bar code that read back from the card",
  title_zh = "支持打印条形码、二维码",
  clause = "DB43/T 3.3 §6.3.3 表3-1 卡片打印功能",
  roles = { "printer" },
  uses = { "scanner" }, -- where the station has one (printerlib.scan)
  dut_class = "self-service",
  timeout = 3600,
  run = function(t)
    local card = P.print_target(t, { sides = "one-sided", codes = true })
    if not t:eq(card.state, "completed", "the card's job completed") then
      t:note("reasons", table.concat(card.reasons, ",") .. ": " .. card.msg)
      return
    end
    local scan, sha, scanner = P.scan(t, card)
    if not t:ok(scan ~= nil, "the card of job " .. card.name .. " scanned", sha) then return end
    -- The marks and serial say whether this is the card's scan; marks a
    -- bleeding head smeared leave that to the QR Code, which names the job.
    local r, why = P.measure_scan(card, scan, sha, scanner)
    if not r and not why:find("registration mark unreadable", 1, true) then
      t:ok(false, "the scan shows the card of job " .. card.name, why)
      return
    end
    t:note("marks", r and string.format("read; serial %s", r.serial) or why)
    local dpi = r and r.dpi or scanner and scanner.dpi
    local list, err = bench.barcode.read(scan)
    if not t:ok(list ~= nil, "the scan decoded", err) then return end
    local by, seen = decoded(list)
    t:note("symbols", seen)
    t:note("scan", (scanner and scanner.file or scan) .. " sha256 " .. sha)
    for _, s in ipairs(SYMBOLS) do
      if not holds(by[s[1]], card.codes[s[1]]) and dpi and dpi < MIN_SCAN_DPI then
        t:inconclusive(string.format("the %s did not read from a scan of %g dpi, under %d: "
          .. "the scanner's, perhaps", s[2], dpi, MIN_SCAN_DPI))
        return
      end
    end
    for _, s in ipairs(SYMBOLS) do
      local want, got = card.codes[s[1]], by[s[1]]
      t:ok(holds(got, want), string.format("the %s printed reads back '%s'", s[2], want),
        got and ("read instead: '" .. table.concat(got, "', '") .. "'")
          or ("no " .. s[2] .. " read on the scan (" .. seen .. ")"))
    end
  end,
}
