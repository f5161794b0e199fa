-- Helpers every suite that talks to a card shares (suites/*/x.lua find this
-- folder through their ../lib path; bench never runs files in a lib/ folder).
local M = {}

-- An exchange as the diagnostics show it: "APDU -> data SW".
function M.ex(r)
  return r.apdu .. " -> " .. (r.data or "") .. " " .. r.sw
end

return M
