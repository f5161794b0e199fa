-- The application firewall between the social-security environment (SSSE)
-- and the financial environment (PSE): 社会保障卡加载金融功能通用规范 §9.4
-- (general spec for loading the financial function), GF 61/T PT002-2014
-- §9.1.1. Files and keys of one are out of reach while the other is
-- selected, security state gained in one does not carry to another, and
-- each environment's PIN counts its own tries.
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

-- The holder PIN and the PSE's own, where the key file gives them apart;
-- else the test SKIPs: no PSE PIN, or one value for both (it may be one
-- global PIN, ISO/IEC 7816-4 §5.4, which counts in both).
local function pins_apart(t)
  local ok, pse = pcall(bench.keys.pin, "card", "pse")
  if not ok then t:skip("the key file has no PIN for the PSE (pins: id pse)") end
  local holder = bench.keys.pin("card", "holder")
  if bench.keys.same_pin(pse, holder) then
    t:skip("the key file gives the SSSE and the PSE one PIN value: it may be one global "
           .. "PIN (ISO/IEC 7816-4 §5.4), which counts in both")
  end
  return holder, pse
end

-- The environments' PINs are apart too (§9.4 "相互隔离，互不影响"; §9.3,
-- §10.4 personalise them apart): the holder PIN verified in the SSSE must
-- not stand for the PSE's own before a load that asks it. Judged only where
-- the key file gives the PSE a PIN of another value (one value for both may
-- be one global PIN, ISO/IEC 7816-4 §5.4, which counts everywhere) and a
-- load is refused without it (load_pin: required, or so observed). After
-- the refusal the PSE's own PIN must open the load (the refusal was for the
-- PIN, not for anything else), and, back at the MF, not the holder's
-- files read with the holder PIN (EF08, appendix F.1.4): a card that keeps
-- a global PIN state keeps the holder PIN's, never the bank PIN's as it.
test {
  id = "card.firewall.pin",
  title = "Each environment's PIN opens nothing in the other (the PSE's load, the MF's EF08)",
  title_zh = "社保与金融环境的 PIN 互不代替（圈存初始化、EF08 读取）",
  clause = "社会保障卡加载金融功能通用规范 §9.4 (application firewall); GF 61/T PT002-2014 "
           .. "§3.1.12 (the load with PIN)",
  roles = { "card" },
  run = function(t)
    local card = t.roles.card
    pins_apart(t)
    local need = S.choice(t, "load_pin")
    if need == "not-required" then t:skip("a load needs no PIN (load_pin: not-required)") end
    card:reset("warm") -- no security state from an earlier test
    local init = cardlib.purse_init_apdu(t, 0, 1, S.TERMINAL)
    if need == nil then
      t:require(t:sw(S.select_purse(t, card), "9000", "SELECT of the e-purse's DF"), "the e-purse")
      local r = card:transmit(init)
      if r.sw == "9000" then t:skip("INITIALIZE FOR LOAD is served without a PIN (9000)") end
      card:transmit(S.MF)
    end
    t:require(t:sw(select_df(t, "SSSE"):transmit(bench.keys.verify_apdu(bench.keys.pin("card",
                   "holder"))), "9000", "VERIFY of the holder PIN in the SSSE"), "the holder PIN")
    t:require(t:sw(S.select_purse(t, card), "9000", "SELECT of the e-purse's DF"), "the e-purse")
    S.sw_in(t, card:transmit(init), "security",
            "INITIALIZE FOR LOAD with only the SSSE's holder PIN verified")
    t:require(t:sw(card:transmit(S.pse_pin_apdu(t)), "9000", "VERIFY in the PSE (its own PIN)"),
              "the PSE PIN verifies")
    t:sw(card:transmit(init), "9000", "INITIALIZE FOR LOAD after the PSE's own PIN")
    card:transmit(S.MF)
    S.sw_in(t, card:transmit("00B2014400"), "security",
            "READ RECORD 1 of EF08 (read: PIN, the holder's) with only the PSE's PIN verified")
    card:reset("warm") -- no later test inherits either PIN
  end,
}

-- Nor does a wrong PIN in one environment spend a try of the other's
-- (§9.4 "互不影响"): a card keeping one try counter for both lets a
-- terminal of one environment block the other's PIN. The holder PIN's
-- count is read by a wrong PIN (63CX) after a wrong PSE PIN, then the PSE
-- PIN's after a wrong holder PIN; each is refilled by its right PIN at
-- the end. The wrong PINs are one digit off the right ones (pin_variant),
-- and no PIN is brought below one try left.
local function tries(r)
  if r.sw:sub(1, 3) == "63C" then return tonumber(r.sw:sub(4), 16) end
  if S.allowed("last_try", r.sw) then return 0 end
end

test {
  id = "card.firewall.pin_tries",
  title = "A wrong PIN in one environment spends no try of the other's PIN",
  title_zh = "一个环境中的错误 PIN 不消耗另一环境 PIN 的重试次数",
  clause = "社会保障卡加载金融功能通用规范 §9.4 (application firewall: 互不影响); ISO/IEC "
           .. "7816-4 §7.5.6, §5.6 (63CX)",
  roles = { "card" },
  run = function(t)
    local card = t.roles.card
    local holder, pse = pins_apart(t)
    local wrong_holder = bench.keys.verify_apdu(bench.keys.pin_variant(holder, "last"))
    local wrong_pse = bench.keys.verify_apdu(bench.keys.pin_variant(pse, "last"))
    card:reset("warm")
    select_df(t, "SSSE")
    local hmax = S.pin_max(t, card) -- the holder PIN's counter is full after it
    if hmax < 2 then t:skip("the holder PIN allows 1 try: a wrong one would block it") end
    t:require(t:sw(S.select_purse(t, card), "9000", "SELECT of the e-purse's DF"), "the e-purse")
    t:require(t:sw(card:transmit(S.pse_pin_apdu(t)), "9000", "VERIFY in the PSE (its own PIN): "
                   .. "its counter full"), "the PSE PIN verifies")
    local r = card:transmit(wrong_pse)
    local pleft = tries(r)
    t:require(pleft ~= nil and pleft >= 1, "a wrong PSE PIN answers 63CX, tries left", S.ex(r))
    select_df(t, "SSSE")
    t:sw(card:transmit(wrong_holder), string.format("63C%X", hmax - 1),
         "a wrong holder PIN after a wrong PSE PIN: one try spent, not two")
    t:sw(card:transmit(S.pin_apdu()), "9000", "the holder PIN: its counter full again")
    t:require(t:sw(S.select_purse(t, card), "9000", "SELECT of the e-purse's DF again"),
              "the e-purse")
    if pleft >= 2 then
      t:sw(card:transmit(wrong_pse), string.format("63C%X", pleft - 1),
           "a second wrong PSE PIN: one less than after the first (the holder PIN's wrong "
           .. "and right tries in between left it alone)")
    else
      t:note("pse_second_try", "not sent: the PSE PIN had 1 try left, a wrong one would block it")
    end
    t:sw(card:transmit(S.pse_pin_apdu(t)), "9000", "the PSE PIN: its counter full again")
    card:reset("warm") -- no later test inherits either PIN
  end,
}
