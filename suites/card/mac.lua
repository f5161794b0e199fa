-- Every MAC-bearing command, three ways: with the right MAC it is served;
-- with its MAC wrong in any one of the four bytes it is refused with a
-- status word the standards allow and changes nothing; sent again after it
-- was served (a replay) it is refused and changes nothing. The MAC covers
-- the whole command (GF 61/T PT002-2014 §9.3.2) and its IV is a challenge
-- that serves once (ISO/IEC 7816-4 §7.5.3); the e-purse's MAC2/MAC1 bind
-- one transaction (§11.8, JR/T 0025), whose counter moves exactly once, and
-- whose balance stays within the issuer's limit.
suite {
  title = "MACs: every byte checked, no replay, counters and limits",
  standard = "GF 61/T PT002-2014 §9.3, §11.8",
}

local S = require "seclib"

local C = bench.crypto
local ex = S.ex

-- The four bytes of the MAC, each flipped in its own command: every one
-- must be refused. send(apdu) -> answer; effect() -> true when the command
-- took effect (it must not have).
local function each_byte_refused(t, what, case, make, send, effect, le)
  for i = 1, 4 do
    local r = send(S.flip_mac(make(), i, le))
    S.sw_in(t, r, case, string.format("%s, MAC byte %d wrong", what, i))
    t:ok(not effect(), string.format("%s, MAC byte %d wrong: no effect", what, i), ex(r))
  end
end

local function random_hex(n)
  local b = {}
  for i = 1, n do b[i] = string.format("%02X", math.random(0, 255)) end
  return table.concat(b)
end

test {
  id = "card.mac.update",
  title = "UPDATE BINARY/RECORD with MAC: right served, any wrong byte or a replay refused",
  title_zh = "带 MAC 的更新二进制/记录：正确的执行，任一字节错误或重放被拒绝",
  clause = "GF 61/T PT002-2014 §9.3.2 (MAC over the whole command), §9.3.2.1-§9.3.2.3; "
           .. "ISO/IEC 7816-4 §7.5.3, §5.6 table 6",
  roles = { "card" },
  run = function(t)
    local bin, recf = S.sm_binary(t), S.sm_record(t)
    local card = t.roles.card
    S.select(card, "SSSE")
    local function binary() return card:transmit(bin.read(8)).data end
    local before = binary()
    local function make(data)
      return function() return S.sm(card, 0x00, 0xD6, bin.p1, 0x00, data, "ssse.maint") end
    end
    local send = function(a) return card:transmit_raw(a) end
    local a = bench.hex(string.format("A%07d", math.random(0, 9999999)))
    each_byte_refused(t, "UPDATE BINARY", "sm_bad_mac", make(a), send,
                      function() return binary() ~= before end)
    local good = make(a)()
    t:sw(card:transmit(good), "9000", "UPDATE BINARY, right MAC")
    t:bytes(binary(), a, bin.name .. " holds it")
    S.sw_in(t, card:transmit_raw(good), "no_challenge", "the same UPDATE BINARY sent again")
    local b = bench.hex(string.format("B%07d", math.random(0, 9999999)))
    t:sw(card:transmit(make(b)()), "9000", "another UPDATE BINARY")
    S.sw_in(t, card:transmit_raw(good), "no_challenge", "the first one replayed after it")
    t:bytes(binary(), b, bin.name .. " holds the second, not the replayed one")
    -- UPDATE RECORD 1 of the record EF, a whole record.
    local rec = function() return card:transmit(recf.read(1)).data end
    local r0 = rec()
    local data = random_hex(recf.size)
    local mk = function()
      return S.sm(card, 0x00, 0xDC, 0x01, recf.p2, data, "ssse.maint")
    end
    each_byte_refused(t, "UPDATE RECORD", "sm_bad_mac", mk, send, function() return rec() ~= r0 end)
    local g = mk()
    t:sw(card:transmit(g), "9000", "UPDATE RECORD, right MAC")
    t:bytes(rec(), data, "record 1 of " .. recf.name .. " holds it")
    S.sw_in(t, card:transmit_raw(g), "no_challenge", "the same UPDATE RECORD sent again")
  end,
}

local function readable(card, probe)
  S.select(card, "SSSE")
  return card:transmit(probe).sw == "9000" -- a T=0 case 4 probe answers 61xx first
end

local function ssse_cmd(card, ins)
  S.select(card, "SSSE")
  return S.sm(card, 0x80, ins, 0x00, 0x00, "", ins == 0x18 and S.unblock_key() or "ssse.maint")
end

test {
  id = "card.mac.block",
  title = "APPLICATION BLOCK/UNBLOCK: right MAC served, any wrong byte or a replay refused",
  title_zh = "应用锁定/解锁：MAC 正确的执行，任一字节错误或重放被拒绝",
  clause = "GF 61/T PT002-2014 §9.7.1, §9.3.2, §9.3.2.3 (case 1); appendix C (STK)",
  roles = { "card" },
  run = function(t)
    local card, probe = t.roles.card, S.ssse_probe(t)
    local send = function(a) return card:transmit_raw(a) end
    t:require(readable(card, probe), "the SSSE is not blocked at the start")
    each_byte_refused(t, "APPLICATION BLOCK", "sm_bad_mac", function() return ssse_cmd(card, 0x1E) end,
                      send, function() return not readable(card, probe) end)
    local block1 = ssse_cmd(card, 0x1E)
    t:sw(card:transmit(block1), "9000", "APPLICATION BLOCK, right MAC")
    t:ok(not readable(card, probe), "the SSSE is blocked")
    each_byte_refused(t, "APPLICATION UNBLOCK", "sm_bad_mac",
                      function() return ssse_cmd(card, 0x18) end, send,
                      function() return readable(card, probe) end)
    local unblock1 = ssse_cmd(card, 0x18)
    t:sw(card:transmit(unblock1), "9000", "APPLICATION UNBLOCK, right MAC")
    t:ok(readable(card, probe), "the SSSE answers again")
    S.select(card, "SSSE")
    S.sw_in(t, card:transmit_raw(block1), "no_challenge", "the APPLICATION BLOCK replayed")
    t:ok(readable(card, probe), "the replayed block did not block")
    t:sw(card:transmit(ssse_cmd(card, 0x1E)), "9000", "APPLICATION BLOCK again")
    S.select(card, "SSSE")
    S.sw_in(t, card:transmit_raw(unblock1), "no_challenge", "the APPLICATION UNBLOCK replayed")
    t:ok(not readable(card, probe), "the replayed unblock did not unblock")
    t:sw(card:transmit(ssse_cmd(card, 0x18)), "9000", "APPLICATION UNBLOCK (cleanup)")
  end,
}

test {
  id = "card.mac.pin_unblock",
  title = "PIN UNBLOCK: right MAC served, any wrong byte or a replay refused",
  title_zh = "PIN 解锁：MAC 正确的执行，任一字节错误或重放被拒绝",
  clause = "GF 61/T PT002-2014 §10.4 (PIN CHANGE/UNBLOCK), §9.3.2, §9.3.3; appendix C (PUK)",
  roles = { "card" },
  run = function(t)
    S.keys_to_unblock_pin(t)
    local card = t.roles.card
    S.select(card, "SSSE")
    local max = S.pin_max(t, card)
    local function block()
      for _ = 1, max do card:transmit(S.WRONG_PIN) end
    end
    local function verified()
      return card:transmit(S.pin_apdu()).sw == "9000"
    end
    local function make()
      local ch = card:transmit("0084000004").data
      local k = bench.keys.get("card", "ssse.pin_unblock")
      return C.sm_wrap(0x80, 0x24, 0x00, 0x00, bench.keys.pin("card", "holder"), k, ch, { enc = k })
    end
    block()
    each_byte_refused(t, "PIN UNBLOCK", "sm_bad_mac", make,
                      function(a) return card:transmit_raw(a) end, verified)
    local good = make()
    t:sw(card:transmit(good), "9000", "PIN UNBLOCK, right MAC")
    t:ok(verified(), "the PIN verifies after the unblock")
    block()
    S.sw_in(t, card:transmit_raw(good), "no_challenge", "the PIN UNBLOCK replayed")
    S.sw_in(t, card:transmit(S.pin_apdu()), "pin_blocked", "the PIN is still blocked")
    t:sw(card:transmit(make()), "9000", "PIN UNBLOCK (cleanup)")
  end,
}

-- The e-purse: its DF selected (seclib.select_purse), PIN where a load may
-- need it, a known state.
local function purse(t)
  local card = t.roles.card
  t:require(t:sw(S.select_purse(t, card), "9000", "SELECT of the e-purse's DF"), "the e-purse")
  S.load_pin(t, card)
  return card
end

local function load(t, card, amount)
  local r, init = S.init_load(t, card, amount)
  t:require(init ~= nil, "INITIALIZE FOR LOAD of " .. amount, ex(r))
  return card:transmit(init.credit), init
end

test {
  id = "card.mac.load",
  title = "CREDIT FOR LOAD: any wrong MAC2 byte or a replay refused; balance, counter once",
  title_zh = "圈存：MAC2 任一字节错误或重放被拒绝；余额与计数器只变化一次",
  clause = "GF 61/T PT002-2014 §11.8 (load, figure 36); JR/T 0025 (MAC2, online counter); "
           .. "appendix C (DLK)",
  roles = { "card" },
  run = function(t)
    local card = purse(t)
    local b0 = S.balance(t, card)
    local on0 = S.online(t, card)
    for i = 1, 4 do
      local _, init = S.init_load(t, card, 100)
      t:require(init ~= nil, "INITIALIZE FOR LOAD")
      local r = card:transmit_raw(S.flip_mac(init.credit, i, true))
      S.sw_in(t, r, "purse_bad_mac", string.format("CREDIT FOR LOAD, MAC2 byte %d wrong", i))
    end
    t:eq(S.balance(t, card), b0, "balance unchanged by the refused loads")
    t:eq(S.online(t, card), on0, "online counter unchanged by the refused loads")
    local r, init = load(t, card, 100)
    t:sw(r, "9000", "CREDIT FOR LOAD, right MAC2")
    t:eq(S.balance(t, card), b0 + 100, "balance + 100")
    S.sw_in(t, card:transmit_raw(init.credit), "no_session", "the CREDIT FOR LOAD replayed")
    t:eq(S.balance(t, card), b0 + 100, "balance unchanged by the replay")
    t:eq(S.online(t, card), on0 + 1, "online counter + 1: once for the one completed load")
  end,
}

test {
  id = "card.mac.purchase",
  title = "DEBIT FOR PURCHASE: any wrong MAC1 byte or a replay refused; balance, counter once",
  title_zh = "消费：MAC1 任一字节错误或重放被拒绝；余额与计数器只变化一次",
  clause = "GF 61/T PT002-2014 §11.8 (purchase, figure 35); JR/T 0025 (MAC1, offline counter); "
           .. "appendix C (DPK)",
  roles = { "card" },
  run = function(t)
    local card = purse(t)
    if S.balance(t, card) < 500 then
      t:sw(load(t, card, 1000), "9000", "a load to purchase from")
    end
    local b0 = S.balance(t, card)
    local off0 = S.offline(t, card)
    for i = 1, 4 do
      local _, init = S.init_purchase(t, card, 100)
      t:require(init ~= nil, "INITIALIZE FOR PURCHASE")
      local r = card:transmit_raw(S.flip_mac(init.debit, i, true))
      S.sw_in(t, r, "purse_bad_mac", string.format("DEBIT FOR PURCHASE, MAC1 byte %d wrong", i))
    end
    t:eq(S.balance(t, card), b0, "balance unchanged by the refused purchases")
    t:eq(S.offline(t, card), off0, "offline counter unchanged by them")
    local _, init = S.init_purchase(t, card, 100)
    t:require(init ~= nil, "INITIALIZE FOR PURCHASE")
    t:sw(card:transmit(init.debit), "9000", "DEBIT FOR PURCHASE, right MAC1")
    t:eq(S.balance(t, card), b0 - 100, "balance - 100")
    S.sw_in(t, card:transmit_raw(init.debit), "no_session", "the DEBIT FOR PURCHASE replayed")
    t:eq(S.balance(t, card), b0 - 100, "balance unchanged by the replay")
    t:eq(S.offline(t, card), off0 + 1, "offline counter + 1: once")
  end,
}

test {
  id = "card.mac.limit",
  title = "No load takes the balance past the issuer's limit (purse_max), nor wraps it round",
  title_zh = "圈存不能使余额超过发卡方上限（purse_max），也不会溢出回绕",
  clause = "GF 61/T PT002-2014 §11.8; JR/T 0025 (maximum balance of the e-purse; 4-byte amounts)",
  roles = { "card" },
  run = function(t)
    local max = S.choice(t, "purse_max")
    local card = purse(t)
    local b0 = S.balance(t, card)
    local on0 = S.online(t, card)
    -- Past the limit where the profile declares one; then amounts that would
    -- wrap the 4-byte balance round, which every card refuses.
    local amounts = {}
    for _, a in ipairs { max and max - b0 + 1 or 0, 0x100000000 - b0, 0xFFFFFFFF } do
      if a > 0 and a <= 0xFFFFFFFF and (max or b0 + a > 0xFFFFFFFF) then
        amounts[#amounts + 1] = a
      end
    end
    if #amounts == 0 then
      t:skip("a balance of 0 and no purse_max declared: no load can pass a limit or wrap")
    end
    for _, amount in ipairs(amounts) do
      local r, init = S.init_load(t, card, amount)
      if init then r = card:transmit_raw(init.credit) end
      S.sw_in(t, r, "over_limit", string.format("a load of %d onto %d (limit %s)", amount, b0,
                                                 max or "undeclared: past 4 bytes"))
      t:eq(S.balance(t, card), b0, "balance unchanged")
    end
    t:eq(S.online(t, card), on0, "online counter unchanged by the refused loads")
    if max and b0 < max then
      t:sw(load(t, card, max - b0), "9000", "a load up to the limit exactly")
      t:eq(S.balance(t, card), max, "balance = the limit")
      local _, init = S.init_purchase(t, card, max - b0)
      t:require(init ~= nil, "INITIALIZE FOR PURCHASE (back to the start)")
      t:sw(card:transmit(init.debit), "9000", "DEBIT FOR PURCHASE back to the start")
    end
  end,
}
