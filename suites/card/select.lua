-- System environment selection of the dual-environment card: MF, SSSE and
-- PSE by name with their FCI (社会保障卡加载金融功能通用规范 §7-§8,
-- GF 61/T PT002-2014 §10.1.9).
suite {
  title = "Environment selection",
  standard = "社会保障卡加载金融功能通用规范; GF 61/T PT002-2014",
}

local cardlib = require "cardlib"

-- "sx1.sh.社会保障" in GBK, and "1PAY.SYS.DDF01" (hex).
local SSSE, PSE = cardlib.DF_NAME.SSSE, cardlib.DF_NAME.PSE

local ex = cardlib.ex

local function select_name(card, name)
  return card:transmit(string.format("00A40400%02X%s00", #name // 2, name))
end

-- Checks r is 9000 with an FCI whose DF name (84), where present, is want;
-- returns the FCI. The PSE's FCI must carry 84 and its proprietary template
-- A5 with the DIR's SFI (jr: JR/T 0025's FCI of the PSE); elsewhere
-- ISO/IEC 7816-4 §7.4.1 makes each FCI object optional and
-- 社会保障卡加载金融功能通用规范 §8 asks only "FCI": what is missing is noted.
local function check_fci(t, r, want, what, jr)
  if not t:sw(r, "9000", what) then return nil end
  local fci, why = bench.tlv.fci(r.data)
  if not t:ok(fci ~= nil, what .. ": FCI is a well-formed 6F template or its objects (ISO "
              .. "7816-4 §7.1.1, §7.4.1)", (why or "") .. "; " .. ex(r)) then
    return nil
  end
  if jr then
    t:ok(not fci.bare, what .. ": FCI in its template 6F (JR/T 0025)", ex(r))
  else
    t:note("fci_template", fci.bare and "none: the FCI's objects alone (ISO/IEC 7816-4 "
           .. "§7.1.1: optional use of FCI tag and length)" or "6F")
  end
  if jr then
    t:ok(fci.df_name ~= nil, what .. ": FCI carries the DF name (tag 84, JR/T 0025)", ex(r))
    t:ok(fci.proprietary ~= nil, what .. ": FCI carries the proprietary template (A5)", ex(r))
  else
    t:note("df_name", fci.df_name and "present" or "none (optional)")
    t:note("a5", fci.proprietary and "present" or "none (optional)")
  end
  if fci.df_name and want then t:bytes(fci.df_name, want, what .. ": DF name in FCI") end
  return fci
end

-- The FCI (84, A5) is the applications': 社会保障卡加载金融功能通用规范 §8
-- asks it of the SSSE, PSE and ADF, GF 61/T PT002-2014 §10.1.3 of each
-- application's DF. Of the MF ISO/IEC 7816-4:2005 §7.1.1 (P2 00: "return
-- FCI template, optional use of FCI tag and length") asks no content: no
-- data, or any well-formed template (FCI 6F, FCP 62, FMD 64), noted.
test {
  id = "card.select.mf",
  title = "SELECT MF (3F00) answers 9000, with no data or a well-formed template",
  title_zh = "选择 MF（3F00）应答 9000，无数据或返回格式正确的模板",
  clause = "GF 61/T PT002-2014 §10.1.2, §10.1.9; 社会保障卡加载金融功能通用规范 §8; " ..
           "ISO/IEC 7816-4:2005 §7.1.1",
  roles = { "card" },
  run = function(t)
    local r = t.roles.card:transmit("00A40000023F0000")
    if not t:sw(r, "9000", "SELECT MF") then return end
    if r.data == "" then
      t:note("fci", "none (9000 without data)")
      return
    end
    local tlvs, why = bench.tlv.parse(r.data)
    local fci = bench.tlv.fci(r.data)
    if fci and fci.bare then -- §7.1.1: "optional use of FCI tag and length"
      t:note("fci", "the FCI's objects without their 6F template")
      return
    end
    t:ok(tlvs ~= nil and #tlvs == 1, "SELECT MF: its data are one BER-TLV template, or an "
         .. "FCI's objects", (why or "") .. "; " .. ex(r))
    if tlvs and #tlvs == 1 then
      local tag = tlvs[1].tag
      t:ok(tag == "6F" or tag == "62" or tag == "64",
           "SELECT MF: the template is an FCI (6F), FCP (62) or FMD (64)", ex(r))
      t:note("fci", "template " .. tag)
    end
  end,
}

test {
  id = "card.select.ssse",
  title = "SELECT SSSE by name (sx1.sh.社会保障) answers its FCI",
  title_zh = "按名称选择 SSSE（sx1.sh.社会保障）返回其 FCI",
  clause = "社会保障卡加载金融功能通用规范 §7.2, §8",
  roles = { "card" },
  run = function(t)
    local card = t.roles.card
    card:transmit("00A40000023F0000")
    check_fci(t, select_name(card, SSSE), SSSE, "SELECT SSSE")
  end,
}

test {
  id = "card.select.pse",
  title = "SELECT PSE by name (1PAY.SYS.DDF01) answers its FCI with the DIR SFI",
  title_zh = "按名称选择 PSE（1PAY.SYS.DDF01）返回含目录 SFI 的 FCI",
  clause = "社会保障卡加载金融功能通用规范 §7.3, §8; JR/T 0025",
  roles = { "card" },
  run = function(t)
    local card = t.roles.card
    card:transmit("00A40000023F0000")
    local r = select_name(card, PSE)
    local fci = check_fci(t, r, PSE, "SELECT PSE", true)
    if fci and fci.proprietary then
      local sfi = bench.tlv.find(fci.proprietary, "88")
      t:ok(sfi ~= nil and #sfi == 2, "PSE FCI A5 holds the DIR SFI (tag 88, 1 byte)", ex(r))
    end
  end,
}

-- A prefix of a DF name: ISO/IEC 7816-4:2005 §7.1.1 lets a card take a
-- right-truncated DF name (P2 first or only occurrence: the first DF whose
-- name begins with it), as JR/T 0025 application selection does; a card
-- that does not answers 6A82. Either way the FCI must be the whole DF's.
-- A name longer than every DF name is no DF name at all: 6A82.
local function truncated(t, card, prefix, full, what)
  card:transmit("00A40000023F0000")
  local r = select_name(card, prefix)
  if r.sw == "6A82" then
    t:note(what:gsub("%W", "_"), "6A82: the card takes no truncated DF name")
    return t:ok(true, "SELECT '" .. what .. "' refused")
  end
  t:note(what:gsub("%W", "_"), "selected by a truncated DF name (ISO/IEC 7816-4:2005 §7.1.1)")
  check_fci(t, r, full, "SELECT '" .. what .. "' (truncated DF name)", full == PSE)
end

test {
  id = "card.select.exact_name",
  title = "SELECT by a DF name's prefix: 6A82 or that DF; by a longer name: 6A82",
  title_zh = "按 DF 名称前缀选择：6A82 或该 DF；按更长的名称：6A82",
  clause = "ISO/IEC 7816-4:2005 §7.1.1 (P1 04: DF name, possibly right-truncated; P2 b2-b1 " ..
           "00 first or only occurrence); 社会保障卡加载金融功能通用规范 §8",
  roles = { "card" },
  run = function(t)
    local card = t.roles.card
    truncated(t, card, bench.hex("1PAY.SYS"), PSE, "1PAY.SYS")
    truncated(t, card, "7378312E7368", SSSE, "sx1.sh")
    card:transmit("00A40000023F0000")
    t:sw(select_name(card, PSE .. "58"), "6A82", "SELECT '1PAY.SYS.DDF01X' (longer than the PSE)")
    card:transmit("00A40000023F0000")
    t:sw(select_name(card, SSSE .. "00"), "6A82", "SELECT the SSSE name and a 00 byte")
  end,
}

test {
  id = "card.select.mf_after_reset",
  title = "After a reset the card is in the MF",
  title_zh = "复位后卡片处于 MF",
  clause = "社会保障卡加载金融功能通用规范 §7.1",
  roles = { "card" },
  run = function(t)
    local card = t.roles.card
    for _, kind in ipairs({ "warm", "cold" }) do
      card:transmit("00A40000023F0000")
      t:sw(select_name(card, PSE), "9000", "SELECT PSE before " .. kind .. " reset")
      card:reset(kind)
      -- EF05 is a child of the MF only: selecting it by FID under the
      -- current DF works only if the reset went back to the MF.
      t:sw((cardlib.select_ef(card, "EF05")), "9000",
           "SELECT EF05 under the current DF after " .. kind .. " reset")
    end
  end,
}
