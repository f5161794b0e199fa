-- The application firewall between the social-security environment (SSSE)
-- and the financial environment (PSE): 社会保障卡加载金融功能通用规范 §9.4
-- (general spec for loading the financial function), GF 61/T PT002-2014
-- §9.1.1. Files and keys of one are out of reach while the other is
-- selected, and security state gained in one does not carry to another.
suite {
  title = "Application firewall",
  standard = "社会保障卡加载金融功能通用规范 §9",
}

local cardlib = require "cardlib"
local S = require "seclib"

local C = bench.crypto

local ex = cardlib.ex

local select_df = cardlib.select_df

test {
  id = "card.firewall.files",
  title = "SSSE files are unreachable while PSE is selected",
  title_zh = "选择 PSE 时无法访问 SSSE 的文件",
  clause = "社会保障卡加载金融功能通用规范 §9.4 (application firewall); GF 61/T PT002-2014 §9.1.1",
  roles = { "card" },
  run = function(t)
    -- The SSSE's record EF of the card profile; its FID is taken as EF and
    -- the SFI (appendix F's numbering), where the SSSE answers to it. From
    -- the PSE, a file of the PSE's own may answer, or any refusal (6A82,
    -- 6981 a binary EF there, 6982, 6A83, ...; the standards ask isolation,
    -- not a status word): never the SSSE's record.
    local f = S.sm_record(t)
    local fid = string.format("EF%02X", f.sfi)
    local card = select_df(t, "SSSE")
    local mine = card:transmit(f.read(1))
    t:require(t:sw(mine, "9000", "record 1 of " .. f.name .. " by SFI in SSSE"), "the record")
    local by_fid = cardlib.select_ef(card, fid).sw == "9000"
    card = select_df(t, "PSE")
    local function not_ssse(r, what, key)
      t:note(key, r.sw)
      t:ok(r.sw ~= "9000" or r.data ~= mine.data,
           what .. " from PSE: refused, or a PSE file's other data", ex(r))
    end
    not_ssse(card:transmit(f.read(1)), "the SSSE's record by SFI", "from_pse_by_sfi")
    if by_fid then
      local r = cardlib.select_ef(card, fid)
      not_ssse(r.sw == "9000" and card:transmit("00B2010400") or r,
               "the SSSE's record EF by FID", "from_pse_by_fid")
    else
      t:note("by_fid", "the SSSE does not answer FID " .. fid .. ": checked by SFI only")
    end
  end,
}

-- Neither the other environment's master key nor the card master key (the
-- MF's: "成功创建系统环境和装载系统环境主控密钥后，卡片主控密钥对该系统环境
-- 不再拥有控制权", §9.1) passes for an environment's own. Each refused try
-- is followed by the right key, so a card counting failed tries of its
-- master key never sees two in a row.
test {
  id = "card.firewall.keys",
  title = "SSSE keys do not authenticate in PSE, PSE keys not in SSSE, the MF's in neither",
  title_zh = "SSSE 的密钥不能在 PSE 中认证，PSE 的密钥也不能在 SSSE 中认证，MF 的卡片主控密钥在两者中均不能",
  clause = "社会保障卡加载金融功能通用规范 §9.1, §9.2, §9.3, §9.4; GF 61/T PT002-2014 §9.1.2",
  roles = { "card" },
  run = function(t)
    local ssse_master = bench.keys.get("card", "ssse.master")
    local pse_master = bench.keys.get("card", "pse.master")
    local mf_master = bench.keys.get("card", "mf.master")
    for _, c in ipairs { { "PSE", pse_master, { ssse_master, "the SSSE's master key" } },
                         { "SSSE", ssse_master, { pse_master, "the PSE's master key" } } } do
      local card = select_df(t, c[1])
      for _, wrong in ipairs { c[3], { mf_master, "the card master key (MF)" } } do
        local ch = card:transmit("0084000008").data
        local r = card:transmit(cardlib.ext_auth_apdu(t, C.auth_data(wrong[1], ch)))
        t:ok(r.sw ~= "9000", "in " .. c[1] .. ": " .. wrong[2] .. " refused", ex(r))
        ch = card:transmit("0084000008").data
        t:sw(card:transmit(cardlib.ext_auth_apdu(t, C.auth_data(c[2], ch))), "9000",
             "in " .. c[1] .. ": its own master key accepted")
      end
    end
  end,
}

-- A PIN verified at the MF (P2 00) is global reference data (ISO/IEC
-- 7816-4:2005 §5.4, §7.5.6): kept or ended after the SSSE and back
-- (seclib.kept_or_ended).
test {
  id = "card.firewall.state",
  title = "A PIN verified in the MF: after selecting an application and back, kept or ended",
  title_zh = "在 MF 下校验的 PIN：选择应用再返回后保持或结束",
  clause = "社会保障卡加载金融功能通用规范 §9.4; GF 61/T PT002-2014 §9.1.1; " ..
           "ISO/IEC 7816-4:2005 §5.4",
  roles = { "card" },
  run = function(t)
    local card = t.roles.card
    card:transmit("00A40000023F0000")
    t:sw(card:transmit(bench.keys.verify_apdu(bench.keys.pin("card", "holder"))), "9000", "VERIFY")
    t:sw(card:transmit("00B2014400"), "9000", "EF08 readable after VERIFY")
    card:transmit(cardlib.select_name("SSSE"))
    card:transmit("00A40000023F0000")
    S.kept_or_ended(t, card:transmit("00B2014400"), "pin_across_df",
                    "EF08 after the SSSE and back")
  end,
}
