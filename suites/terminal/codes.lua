-- The code scanner (DB43/T 3.3 §6.3.4 表4 (10) 扫码: "支持普通条码和二维码，
-- 支持 QR Code, EAN-13/UPC-A, UPC-E, EAN-8, Code 128, Code39,
-- Interleaved 2of5"). bench renders each symbology with a known payload
-- (libzint, bench.barcode), puts it on the station's screen (the
-- code-scanner role's `display:`) and compares what the scanner sends over
-- USB CDC serial or as a HID keyboard. What scanners may be set to send is
-- accepted: an AIM symbology identifier first (]Q1, ]E0, ...; its letter
-- must match), UPC-A as EAN-13 (a leading 0), UPC-E as 8, 7 or 6 digits or
-- expanded to UPC-A / EAN-13, Code 39 with its * start/stop, ITF without
-- its check digit (the payload carries a valid one). Anything else fails.
suite {
  title = "Code scanner symbologies",
  standard = "DB43/T 3.3 §6.3.4",
  -- Which roles it opens is the station's to say (the roles that declare
  -- the card or scanner), not known when the suite loads: under
  -- `bench run --jobs` it runs alone rather than beside a suite that may
  -- hold one of them.
  exclusive = true,
}

local term = require "terminal"

local CODES = {
  { sym = "qr", name = "QR Code", data = "BENCH-QR-2026:DB43T-3.3", aim = "Q" },
  { sym = "ean13", name = "EAN-13", data = "6901234567892", aim = "E" },
  { sym = "upca", name = "UPC-A", data = "036000291452", aim = "E", also = { "0036000291452" } },
  { sym = "upce", name = "UPC-E", data = "04252614", aim = "E",
    also = { "0425261", "425261", "042100005264", "0042100005264" } },
  { sym = "ean8", name = "EAN-8", data = "96385074", aim = "E" },
  { sym = "code128", name = "Code 128", data = "Bench-128 #42", aim = "C" },
  { sym = "code39", name = "Code 39", data = "BENCH-39 TEST", aim = "A", also = { "*BENCH-39 TEST*" } },
  { sym = "itf", name = "Interleaved 2 of 5", data = "1234567895", aim = "I", also = { "123456789" } },
}

-- got is the payload, in one of the forms the symbology allows.
local function matches(c, got)
  local aim = got:match("^%](.)%w")
  if aim then
    if aim ~= c.aim then return false, "AIM identifier ]" .. aim .. " is not ]" .. c.aim end
    got = got:sub(4)
  end
  if got == c.data then return true end
  for _, a in ipairs(c.also or {}) do
    if got == a then return true end
  end
  return false
end

for _, c in ipairs(CODES) do
  test {
    id = "terminal.codes." .. c.sym,
    title = c.name .. " is read as encoded",
    title_zh = c.name .. " 扫码结果与编码内容一致",
    clause = "DB43/T 3.3 §6.3.4 表4 (10)",
    run = function(t)
      local role = term.roles_with(t, "driver", "code-scanner")[1]
      if not role then t:skip("no code-scanner role on this station") end
      local sc = t.roles[role]
      local disp = sc:display()
      if not disp then
        t:skip("role " .. role .. " has no display: (the file the station's screen shows)")
      end
      local png = disp:gsub("%.png$", "") .. "-" .. c.sym .. ".png"
      bench.barcode.render(c.sym, c.data, png)
      sc:flush()
      sc:show(png)
      local got, why = sc:read()
      t:note("encoded", c.data)
      t:note("read", got or why)
      if t:ok(got ~= nil, c.name .. ": the scanner sends a symbol", "nothing within the timeout") then
        local ok, detail = matches(c, got)
        t:ok(ok, c.name .. ": it sends what the symbol encodes",
             detail or ("sent '" .. got .. "', the symbol encodes '" .. c.data .. "'"))
      end
    end,
  }
end
