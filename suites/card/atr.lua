-- ATR of the card: well-formed per ISO/IEC 7816-3:2006 clause 8 and
-- offering the protocol the reader connected with.
suite {
  title = "Answer-to-Reset",
  standard = "ISO/IEC 7816-3:2006",
}

-- The ATR as parsed by bench.atr; fails the test with the raw ATR when it
-- does not parse at all.
local function parsed(t)
  local hex = t.roles.card:atr()
  t:note("atr", hex)
  local a, why = bench.atr.parse(hex)
  t:require(a ~= nil, "ATR parses (ISO 7816-3 §8.2)", (why or "") .. "; ATR " .. hex)
  return a, hex
end

test {
  id = "card.atr.structure",
  title = "ATR has a valid TS, T0, interface and historical bytes",
  title_zh = "ATR 的 TS、T0、接口字符和历史字符有效",
  clause = "ISO/IEC 7816-3:2006 §8.2.1-§8.2.4",
  roles = { "card" },
  run = function(t)
    local a, hex = parsed(t)
    t:ok(a.ts == "3B" or a.ts == "3F", "TS is 3B or 3F (§8.1)", "ATR " .. hex)
    t:ok(a.len <= 33, "at most 32 characters after TS (§8.2.1)", "ATR " .. hex)
    t:ok(#a.historical <= 30, "at most 15 historical bytes (§8.2.2)", "ATR " .. hex)
    -- ISO/IEC 7816-4 §8.1.1: 00, 10 and 80 are the standard formats,
    -- 81-8F RFU, any other value a proprietary format (allowed, noted).
    if #a.historical > 0 then
      local cat = tonumber(a.historical:sub(1, 2), 16)
      local rfu = cat >= 0x81 and cat <= 0x8F
      t:note("historical_format", (cat == 0x00 or cat == 0x10 or cat == 0x80) and "ISO/IEC 7816-4"
             or rfu and "RFU" or "proprietary")
      t:ok(not rfu, "historical category indicator not RFU (81-8F; ISO/IEC 7816-4 §8.1.1)",
           "ATR " .. hex .. "; historical bytes " .. a.historical)
    end
  end,
}

test {
  id = "card.atr.tck",
  title = "TCK present exactly when required, and correct",
  title_zh = "TCK 仅在要求时出现且正确",
  clause = "ISO/IEC 7816-3:2006 §8.2.5",
  roles = { "card" },
  run = function(t)
    local a, hex = parsed(t)
    if a.tck_required then
      if t:ok(a.has_tck, "TCK present (a TDi offers T != 0)", "ATR " .. hex) then
        t:ok(a.tck_ok, "XOR of T0..TCK is 00", "ATR " .. hex .. ", TCK " .. a.tck)
      end
    else
      t:ok(not a.has_tck, "no TCK when only T=0 is offered",
           "ATR " .. hex .. " ends with a byte after the historical bytes")
    end
  end,
}

test {
  id = "card.atr.protocol",
  title = "ATR offers T=0 or T=1 and the connection uses an offered protocol",
  title_zh = "ATR 提供 T=0 或 T=1，连接使用其所提供的协议",
  clause = "ISO/IEC 7816-3:2006 §8.2.3; GF 61/T PT002-2014 §10.4.2",
  roles = { "card" },
  run = function(t)
    local a, hex = parsed(t)
    local offered = {}
    for _, p in ipairs(a.protocols) do offered["T=" .. p] = true end
    t:ok(offered["T=0"] or offered["T=1"], "T=0 or T=1 offered", "ATR " .. hex)
    local used = t.roles.card:protocol()
    t:note("protocol", used)
    t:ok(offered[used], "connected protocol " .. used .. " is offered by the ATR", "ATR " .. hex)
  end,
}

-- After a warm reset a card may answer another ATR (ISO/IEC 7816-3 §6.2.3):
-- the card profile declares which, card.choice.warm_atr (choices.lua) checks it.
test {
  id = "card.atr.stable",
  title = "ATR is the same after every cold reset",
  title_zh = "每次冷复位后 ATR 相同",
  clause = "ISO/IEC 7816-3:2006 §6.2.2",
  roles = { "card" },
  run = function(t)
    local card = t.roles.card
    card:reset("cold")
    local before = card:atr()
    card:reset("cold")
    t:bytes(card:atr(), before, "ATR after a second cold reset")
  end,
}
