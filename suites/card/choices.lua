-- What the standards leave to the issuer. The card profile declares each
-- choice (docs/card-security.md "Issuer choices"; the suite reads it as
-- t.station.card_profile): the test checks the declared one and its
-- diagnostics say which was tested. A choice the profile does not declare:
-- every answer the standards allow passes, and the diagnostics say which
-- the card gave.
suite {
  title = "Issuer choices: challenge lifetime, warm-reset ATR, PIN before a load",
  standard = "ISO/IEC 7816-3, ISO/IEC 7816-4; GF 61/T PT002-2014",
}

local cardlib = require "cardlib"
local S = require "seclib"

local ex = S.ex

test {
  id = "card.choice.challenge",
  title = "A challenge lives as the profile declares: for the next command, or until used",
  title_zh = "随机数的有效期符合卡片配置：仅对下一条命令有效，或直至被使用",
  clause = "ISO/IEC 7816-4 §7.5.3 (GET CHALLENGE: valid at least for the next command); "
           .. "GF 61/T PT002-2014 §9.3.2, §9.6 (lifetime not fixed)",
  roles = { "card" },
  run = function(t)
    local life = S.choice(t, "challenge")
    local card = t.roles.card
    S.select(card, "SSSE")
    local probe, what = S.ssse_probe(t)
    local ch = card:transmit("0084000008").data
    -- Another command between the challenge and its use.
    t:sw(card:transmit(probe), "9000", what .. " in between")
    local r = S.ext_auth(t, card, "SSSE", ch)
    if life == "next-command" then
      S.sw_in(t, r, "no_challenge", "EXTERNAL AUTHENTICATE after another command")
    elseif life == "until-used" then
      t:sw(r, "9000", "EXTERNAL AUTHENTICATE after another command (challenge: until-used)")
    else
      t:note("challenge_observed", r.sw == "9000" and "until-used" or "next-command")
      t:ok(r.sw == "9000" or S.allowed("no_challenge", r.sw),
           "EXTERNAL AUTHENTICATE after another command: served or refused", ex(r))
    end
    -- Either way the challenge serves the very next command.
    ch = card:transmit("0084000008").data
    t:sw(S.ext_auth(t, card, "SSSE", ch), "9000", "EXTERNAL AUTHENTICATE as the next command")
  end,
}

test {
  id = "card.choice.warm_atr",
  title = "After a warm reset the ATR is the cold one, or another valid one where declared",
  title_zh = "热复位后 ATR 与冷复位相同，或为声明的另一有效 ATR",
  clause = "ISO/IEC 7816-3 §6.2.3 (warm reset), §8 (the answer to a warm reset may differ); "
           .. "GF 61/T PT002-2014 §5.4",
  roles = { "card" },
  run = function(t)
    local warm = S.choice(t, "warm_atr")
    local card = t.roles.card
    card:reset("cold")
    local cold = card:atr()
    card:reset("warm")
    local w = card:atr()
    t:note("atr_cold", cold)
    t:note("atr_warm", w)
    if warm == "same" then
      t:bytes(w, cold, "ATR after a warm reset = the cold one (warm_atr: same)")
    else
      if warm == nil then
        t:note("warm_atr_observed", w == cold and "same" or "differs")
      end
      local a, why = bench.atr.parse(w)
      t:ok(a ~= nil, "the warm-reset ATR parses (ISO/IEC 7816-3 §8.2)", (why or "") .. "; ATR " .. w)
      if a then
        local offered = {}
        for _, p in ipairs(a.protocols) do offered["T=" .. p] = true end
        t:ok(offered[card:protocol()], "it offers the protocol in use, " .. card:protocol(),
             "ATR " .. w)
      end
    end
    t:sw(card:transmit(S.MF), "9000", "the card answers after the warm reset")
    card:reset("cold")
    t:bytes(card:atr(), cold, "a cold reset gives the cold ATR again")
  end,
}

test {
  id = "card.choice.load_pin",
  title = "A load needs the PIN first where the profile declares it, and works after VERIFY",
  title_zh = "配置要求时圈存前须先校验 PIN，校验后圈存成功",
  clause = "GF 61/T PT002-2014 §3.1.12 (the load, unlike the rest, with PIN) and §11.8 (load "
           .. "and purchase without PIN): the issuer chooses; ISO/IEC 7816-4 §5.6 table 6",
  roles = { "card" },
  run = function(t)
    local need = S.choice(t, "load_pin")
    local card = t.roles.card
    t:require(t:sw(S.select_purse(t, card), "9000", "SELECT of the e-purse's DF"), "the e-purse")
    local r = card:transmit(cardlib.purse_init_apdu(t, 0, 1, S.TERMINAL))
    if need == "required" then
      S.sw_in(t, r, "security", "INITIALIZE FOR LOAD without the PIN (load_pin: required)")
    elseif need == "not-required" then
      t:sw(r, "9000", "INITIALIZE FOR LOAD without the PIN (load_pin: not-required)")
    else
      t:note("load_pin_observed", r.sw == "9000" and "not-required" or "required")
      t:ok(r.sw == "9000" or S.allowed("security", r.sw),
           "INITIALIZE FOR LOAD without the PIN: served, or refused for the PIN", ex(r))
    end
    t:require(t:sw(card:transmit(S.pse_pin_apdu(t)), "9000", "VERIFY in the PSE (its own PIN)"),
              "the PSE PIN verifies")
    t:sw(card:transmit(cardlib.purse_init_apdu(t, 0, 1, S.TERMINAL)), "9000",
         "INITIALIZE FOR LOAD after VERIFY")
  end,
}
