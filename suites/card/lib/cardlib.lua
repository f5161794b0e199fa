-- Helpers the card suites share.
local M = {}

M.ex = require("apdu").ex

-- Selects the MF, then the DF with file id fid (hex); ends the test if the
-- DF cannot be selected. Returns the card.
function M.select_df(t, fid, what)
  local card = t.roles.card
  card:transmit("00A40000023F0000")
  t:require(t:sw(card:transmit("00A4000002" .. fid .. "00"), "9000", "SELECT " .. what),
            what .. " selectable")
  return card
end

return M
