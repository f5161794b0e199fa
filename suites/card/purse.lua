-- The e-purse (GF 61/T PT002-2014 §11.8, whose commands and cryptograms
-- are those of JR/T 0025 e-purse): load and purchase with every cryptogram
-- recomputed by the bench from the key file (session keys from DLK/DPK,
-- MAC1, MAC2, TAC from DTK; appendix C), balance and counter arithmetic,
-- purchase over the balance refused (9401), time per transaction.
suite {
  title = "Electronic purse",
  standard = "GF 61/T PT002-2014 §11.8",
}

local cardlib = require "cardlib"
local S = require "seclib"

local C = bench.crypto
local TERMINAL = "112233445566"
local DATE, TIME = "20261123", "120000"

local ex = cardlib.ex

local function int(hex)
  return tonumber(hex, 16)
end

local function mac4(key, data)
  return C.mac1(key, nil, data):sub(1, 8)
end

local function tac_of(inp)
  return mac4(C.tac_key(bench.keys.get("card", "pse.tac")), inp.tac)
end

local function balance(t, card)
  local r = card:transmit("805C000204")
  t:require(t:sw(r, "9000", "GET BALANCE"), "a balance")
  return int(r.data)
end

-- The e-purse's DF (seclib.select_purse), with the PIN verified where a
-- load may need it (the profile's load_pin; card.choice.load_pin checks
-- the choice itself).
local function open_purse(t)
  local card = t.roles.card
  t:require(t:sw(S.select_purse(t, card), "9000", "SELECT of the e-purse's DF"), "the e-purse")
  S.load_pin(t, card)
  return card, balance(t, card)
end

-- INITIALIZE FOR LOAD and FOR PURCHASE differ only in P1 (and Le).
local function initialize(t, card, kind, amount)
  return card:transmit(cardlib.purse_init_apdu(t, kind == "load" and 0 or 1, amount, TERMINAL))
end

-- One load of amount: INITIALIZE FOR LOAD, MAC1 check, CREDIT FOR LOAD
-- with the bench's MAC2, TAC check. Returns the parsed INIT answer.
local function load(t, card, amount, mac2_override)
  local r = initialize(t, card, "load", amount)
  t:require(t:sw(r, "9000", "INITIALIZE FOR LOAD"), "load initialised")
  local d = r.data
  local init = { balance = int(d:sub(1, 8)), counter = int(d:sub(9, 12)),
                 random = d:sub(17, 24), mac1 = d:sub(25, 32) }
  local inp = C.purse { kind = "load", amount = amount, balance = init.balance, type = 2,
                        terminal = TERMINAL, random = init.random, counter = init.counter,
                        date = DATE, time = TIME }
  local ses = C.session_key(bench.keys.get("card", "pse.load"), inp.session)
  t:bytes(init.mac1, mac4(ses, inp.mac1), "MAC1 of INITIALIZE FOR LOAD")
  local mac2 = mac2_override or mac4(ses, inp.mac2)
  init.credit = card:transmit("805200000B" .. DATE .. TIME .. mac2 .. "04")
  init.inp = inp
  return init
end

test {
  id = "card.purse.load",
  title = "Load: MAC1 and TAC verified, balance and online counter increase",
  title_zh = "圈存：MAC1 与 TAC 验证通过，余额与联机交易序号增加",
  clause = "GF 61/T PT002-2014 §11.8 (圈存 load, figure 36); appendix C (DLK, DTK)",
  roles = { "card" },
  run = function(t)
    local card, before = open_purse(t)
    local t0 = bench.mono()
    local init = load(t, card, 5000)
    t:measure { name = "load_time", value = (bench.mono() - t0) * 1000, unit = "ms",
                max = S.op_limit(t) }
    t:eq(init.balance, before, "INITIALIZE FOR LOAD reports the balance")
    if t:sw(init.credit, "9000", "CREDIT FOR LOAD") then
      local inp = C.purse { kind = "load", amount = 5000, balance = before + 5000, type = 2,
                            terminal = TERMINAL, random = init.random, counter = init.counter,
                            date = DATE, time = TIME }
      t:bytes(init.credit.data, tac_of(inp), "TAC of the load")
    end
    t:eq(balance(t, card), before + 5000, "balance = before + amount")
    local r = initialize(t, card, "load", 1)
    t:eq(int(r.data:sub(9, 12)), init.counter + 1, "online counter + 1")
  end,
}

test {
  id = "card.purse.load_bad_mac",
  title = "CREDIT FOR LOAD with a wrong MAC2 is refused (9302 or 6988), balance unchanged",
  title_zh = "MAC2 错误的圈存被拒绝（9302 或 6988），余额不变",
  clause = "GF 61/T PT002-2014 §11.8; §9.3.2",
  roles = { "card" },
  run = function(t)
    local card, before = open_purse(t)
    local init = load(t, card, 700, "00000000")
    S.sw_in(t, init.credit, "purse_bad_mac", "CREDIT FOR LOAD, wrong MAC2")
    t:eq(balance(t, card), before, "balance unchanged")
  end,
}

test {
  id = "card.purse.purchase",
  title = "Purchase: MAC1 by the bench, MAC2 and TAC verified, balance and counter",
  title_zh = "消费：测试台计算 MAC1，MAC2 与 TAC 验证通过，余额与计数器正确",
  clause = "GF 61/T PT002-2014 §11.8 (消费 purchase, figure 35); appendix C (DPK, DTK)",
  roles = { "card" },
  run = function(t)
    local card = open_purse(t)
    if balance(t, card) < 300 then
      load(t, card, 1000)
    end
    local before = balance(t, card)
    local t0 = bench.mono()
    local r = initialize(t, card, "purchase", 300)
    t:require(t:sw(r, "9000", "INITIALIZE FOR PURCHASE"), "purchase initialised")
    local d = r.data
    local counter, rnd = int(d:sub(9, 12)), d:sub(23, 30)
    t:eq(int(d:sub(1, 8)), before, "INITIALIZE FOR PURCHASE reports the balance")
    local seq = 0x1234
    local inp = C.purse { kind = "purchase", amount = 300, type = 6, terminal = TERMINAL,
                          random = rnd, counter = counter, term_seq = seq, date = DATE, time = TIME }
    local ses = C.session_key(bench.keys.get("card", "pse.purchase"), inp.session)
    local mac1 = mac4(ses, inp.mac1)
    r = card:transmit(string.format("805401000F%08X", seq) .. DATE .. TIME .. mac1 .. "08")
    t:measure { name = "purchase_time", value = (bench.mono() - t0) * 1000, unit = "ms",
                max = S.op_limit(t) }
    if t:sw(r, "9000", "DEBIT FOR PURCHASE") then
      t:bytes(r.data:sub(1, 8), tac_of(inp), "TAC of the purchase")
      t:bytes(r.data:sub(9, 16), mac4(ses, inp.mac2), "MAC2 of the purchase")
    end
    t:eq(balance(t, card), before - 300, "balance = before - amount")
    r = initialize(t, card, "purchase", 1)
    t:eq(int(r.data:sub(9, 12)), counter + 1, "offline counter + 1")
  end,
}

test {
  id = "card.purse.over_balance",
  title = "A purchase over the balance is refused with 9401",
  title_zh = "超过余额的消费被拒绝，应答 9401",
  clause = "GF 61/T PT002-2014 §11.8; JR/T 0025 (9401 insufficient funds)",
  roles = { "card" },
  run = function(t)
    local card, before = open_purse(t)
    t:sw(initialize(t, card, "purchase", before + 1), "9401", "INITIALIZE FOR PURCHASE of balance + 1")
    t:eq(balance(t, card), before, "balance unchanged")
  end,
}
