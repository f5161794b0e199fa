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

-- The two application environments by their DF names, the only way the
-- standard names them: 社会保障卡加载金融功能通用规范 §7.2 ("SELECT 命令
-- （“sx1.sh.社会保障”）"), §8 ("通过文件名或 AID 来选择 ... SSSE、PSE"); it
-- gives a file id to the MF alone, so a card may give its DFs any FID.
-- "sx1.sh.社会保障" in GBK; "1PAY.SYS.DDF01".
M.DF_NAME = { SSSE = "7378312E73682EC9E7BBE1B1A3D5CF", PSE = "315041592E5359532E4444463031" }

-- SELECT by DF name of "SSSE" or "PSE".
function M.select_name(df)
  local name = M.DF_NAME[df]
  return string.format("00A40400%02X%s00", #name // 2, name)
end

return M
