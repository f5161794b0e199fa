-- The full-colour ID-1 card a test prints where it needs a printed card and
-- not a measurement of it (the printer suites' rate, soak and stripe tests;
-- env.power's print at each supply point), in a format the printer takes.
-- A printer may refuse a format it does not list in document-format-
-- supported (RFC 8011 §4.2.1.1), and IPP Everywhere (PWG 5100.14 §4.2)
-- requires PWG raster only: the PDF card, else the same card as PWG
-- raster at the printer's resolution.
local M = {}

-- Whether formats (document-format-supported; empty: not advertised, the
-- document goes as it is) hold one of the wanted ones.
function M.takes(formats, ...)
  if #formats == 0 then return true end
  for _, want in ipairs { "application/octet-stream", ... } do
    for _, f in ipairs(formats) do if f == want then return true end end
  end
  return false
end

-- Why a printer takes none of what: the SKIP reason.
function M.none_of(formats, what)
  return string.format("the printer takes none of %s (document-format-supported: %s)", what,
                       table.concat(formats, ", "))
end

-- A PDF of ID-1 pages, one per content stream (PDF operators).
local function pdf(pages)
  local n = #pages
  local kids = {}
  for i = 1, n do kids[i] = (2 + i) .. " 0 R" end
  local objs = {
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [" .. table.concat(kids, " ") .. "] /Count " .. n .. " >>",
  }
  for i, content in ipairs(pages) do
    objs[2 + i] = "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 242.6 153] /Contents "
      .. (2 + n + i) .. " 0 R >>"
    objs[2 + n + i] = "<< /Length " .. #content .. " >>\nstream\n" .. content .. "endstream"
  end
  local out, offs = { "%PDF-1.4\n" }, {}
  local len = #out[1]
  for i, o in ipairs(objs) do
    offs[i] = len
    local s = i .. " 0 obj\n" .. o .. "\nendobj\n"
    out[#out + 1] = s
    len = len + #s
  end
  local xref = { "xref\n0 " .. (#objs + 1) .. "\n0000000000 65535 f \n" }
  for i = 1, #objs do xref[#xref + 1] = string.format("%010d 00000 n \n", offs[i]) end
  out[#out + 1] = table.concat(xref)
  out[#out + 1] = "trailer\n<< /Size " .. (#objs + 1) .. " /Root 1 0 R >>\nstartxref\n"
    .. len .. "\n%%EOF\n"
  return table.concat(out)
end

local FRONT = "0.9 0.2 0.1 rg 10 10 222.6 133 re f\n" -- red
local BACK = "0.1 0.2 0.9 rg 10 10 222.6 133 re f\n"  -- blue

local function card_pdf(t)
  return t.roles.printer:put(t.id .. "-card.pdf", pdf { FRONT })
end

-- The card with a red front and a blue back, two pages of one PDF for a
-- two-sided job; nil and why for a printer that takes no PDF.
function M.two_sided(t)
  local a = t.roles.printer:attributes()
  if not M.takes(a.formats, "application/pdf") then return nil, M.none_of(a.formats, "PDF") end
  return t.roles.printer:put(t.id .. "-card2.pdf", pdf { FRONT, BACK })
end

-- The card's path for the station's printer role, or nil and why not.
function M.card(t)
  local p = t.roles.printer
  local a = p:attributes()
  if M.takes(a.formats, "application/pdf") then return card_pdf(t) end
  if not M.takes(a.formats, "image/pwg-raster") then
    return nil, M.none_of(a.formats, "PDF, PWG raster")
  end
  local path = p:put_card(t.id .. "-card.pwg", a.resolution > 0 and a.resolution or 600)
  t:note("document", "the card as PWG raster: the printer takes no PDF")
  return path
end

return M
