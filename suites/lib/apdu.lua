-- Helpers every suite that talks to a card shares (suites/*/x.lua find this
-- folder through their ../lib path; bench never runs files in a lib/ folder).
local M = {}

-- An exchange as the diagnostics show it: "APDU -> data SW".
function M.ex(r)
  return r.apdu .. " -> " .. (r.data or "") .. " " .. r.sw
end

-- READ RECORD n of the EF with short identifier sfi (P2 = SFI<<3 | 100b:
-- P1 is the record number).
function M.read_record(card, sfi, n)
  return card:transmit(string.format("00B2%02X%02X00", n, sfi * 8 + 4))
end

return M
