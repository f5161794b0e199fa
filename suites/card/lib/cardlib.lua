-- Helpers the card suites share.
local M = {}

M.ex = require("apdu").ex

-- The two application environments by their DF names, the only way the
-- standard names them: 社会保障卡加载金融功能通用规范 §7.2 ("SELECT 命令
-- （“sx1.sh.社会保障”）"), §8 ("通过文件名或 AID 来选择 ... SSSE、PSE"); it
-- gives a file id to the MF alone, so a card may give its DFs any FID.
-- "sx1.sh.社会保障" in GBK; "1PAY.SYS.DDF01".
M.DF_NAME = { SSSE = "7378312E73682EC9E7BBE1B1A3D5CF", PSE = "315041592E5359532E4444463031" }

-- SELECT by DF name of "SSSE" or "PSE" (from the MF).
function M.select_name(df)
  local name = M.DF_NAME[df]
  return string.format("00A40400%02X%s00", #name // 2, name)
end

-- Selects the MF, then the application df ("SSSE" or "PSE") by its name;
-- ends the test if it cannot be selected. Returns the card.
function M.select_df(t, df)
  local card = t.roles.card
  card:transmit("00A40000023F0000")
  t:require(t:sw(card:transmit(M.select_name(df)), "9000", "SELECT " .. df .. " by name"),
            df .. " selectable")
  return card
end

-- The two applications of the dual-environment card
-- (社会保障卡加载金融功能通用规范 §7.2, §7.3).
function M.select_ssse(t)
  return M.select_df(t, "SSSE")
end

function M.select_pse(t)
  return M.select_df(t, "PSE")
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
