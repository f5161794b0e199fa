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

-- The two applications of the dual-environment card (seed 001 §7.2, §7.3).
function M.select_ssse(t)
  return M.select_df(t, "DDF1", "SSSE")
end

function M.select_pse(t)
  return M.select_df(t, "DDF2", "PSE")
end

-- Selects the SSSE and gets a fresh n-byte challenge there (the check is
-- named `what`); ends the test without one. Returns the card and the
-- challenge.
function M.ssse_challenge(t, n, what)
  local card = M.select_ssse(t)
  local r = card:transmit(string.format("00840000%02X", n))
  t:require(t:sw(r, "9000", what), "a challenge")
  return card, r.data
end

return M
