-- Contact memory cards (DB43/T 3.3 §6.3.4 表4 (9): "支持 CPU 卡、逻辑加密卡
-- AT24、4442、4428 等卡类型"): read and write, and for the SLE4442 and
-- SLE4428 the programmable security code (PSC) with its error counter.
-- A PC/SC reader reaches these synchronous cards through pseudo-APDUs of its
-- own family; the commands here are those of ACS readers (ACR38U, ACR39U:
-- SELECT_CARD_TYPE FF A4, READ FF B0, WRITE FF D0, PRESENT_CODE FF 20,
-- READ_PRESENTATION_ERROR_COUNTER FF B1), chosen by the role's
-- `memory_cmds: acs`. The station names the card (`memory_card:`) and its
-- code (`memory_code:`, default all F). What the test writes it writes
-- back; it presents a wrong code once only, on a card whose counter is
-- full, and the right code right after, so a test card is never locked.
suite {
  title = "Contact memory cards AT24, SLE4442, SLE4428",
  standard = "DB43/T 3.3 §6.3.4; ACS ACR38U/ACR39U memory card commands",
  -- Which roles it opens is the station's to say (the roles that declare
  -- the card or scanner), not known when the suite loads: under
  -- `bench run --jobs` it runs alone rather than beside a suite that may
  -- hold one of them.
  exclusive = true,
}

local term = require "terminal"

local KINDS = {
  at24c02 = { type = "01", size = 256, hist = "4932432E", at = 0x10 },
  at24c16 = { type = "01", size = 2048, hist = "4932432E", at = 0x10 },
  sle4442 = { type = "05", size = 256, hist = "A2131091", psc = 3, full = 0x07, at = 0x40 },
  sle4428 = { type = "06", size = 1024, hist = "92231091", psc = 2, full = 0xFF, at = 0x100 },
}

local function bits(v)
  local n = 0
  while v > 0 do n, v = n + (v & 1), v >> 1 end
  return n
end

local function read(card, addr, len)
  return card:transmit(string.format("FFB0%04X%02X", addr, len))
end

local function write(card, addr, hex)
  return card:transmit(string.format("FFD0%04X%02X", addr, #hex // 2) .. hex)
end

local function present(card, code)
  return card:transmit(string.format("FF200000%02X", #code // 2) .. code)
end

-- The card's error counter (FF B1): the first byte of the answer.
local function counter(t, card, k)
  local r = card:transmit(string.format("FFB10000%02X", k.psc + 1))
  if not t:sw(r, "9000", "READ_PRESENTATION_ERROR_COUNTER") then return nil end
  return tonumber(r.data:sub(1, 2), 16)
end

local function pattern(addr) return string.format("%04X", addr):rep(2) .. "5AA5C33C" end

-- Write, read back, restore: the write must have landed.
local function write_back(t, card, addr, old)
  t:sw(write(card, addr, pattern(addr)), "9000", string.format("WRITE 8 bytes at %04X", addr))
  t:bytes(read(card, addr, 8).data, pattern(addr), "the bytes read back as written")
  t:sw(write(card, addr, old), "9000", "the old bytes written back")
end

local function psc_checks(t, name, card, k, code)
  local c0 = counter(t, card, k)
  t:require(c0 == k.full, string.format("error counter full (%02X) before the test: bench will "
                                        .. "not risk locking a card", k.full),
            string.format("counter %s", c0 and string.format("%02X", c0) or "?"))
  local old = read(card, k.at, 8).data
  -- Before the code: the card ignores writes, whatever the reader answers.
  write(card, k.at, pattern(k.at))
  local before = read(card, k.at, 8)
  local stored = before.data ~= old
  t:ok(not stored, "without the security code a write changes nothing",
       "read back " .. before.data .. ", was " .. old)
  -- A code that fails here is the station's mistake or a broken card:
  -- stop before a second try costs the card more of its counter.
  local ok = present(card, code)
  t:require(ok.sw == string.format("90%02X", k.full),
            "PRESENT_CODE with the station's code: 90 + full counter (SW " .. ok.sw .. ")")
  if stored then write(card, k.at, old) end
  write_back(t, card, k.at, old)
  local bad = present(card, code:sub(1, -3) .. string.format("%02X", tonumber(code:sub(-2), 16) ~ 0x5A))
  local left = bad.sw:sub(1, 2) == "90" and tonumber(bad.sw:sub(3, 4), 16) or nil
  t:ok(left and bits(left) == bits(k.full) - 1,
       "a wrong code costs one try (one bit of the error counter)", "SW " .. bad.sw)
  local c1 = counter(t, card, k)
  t:ok(c1 == left, "READ_PRESENTATION_ERROR_COUNTER shows the same count",
       string.format("%s after PRESENT_CODE %s", tostring(c1), bad.sw))
  t:ok(present(card, code).sw == string.format("90%02X", k.full),
       "the right code again restores the counter")
  t:note(name .. "_error_counter_after_wrong_code",
         left and string.format("%02X", left) or bad.sw)
end

local function memory(t, name, card, kind, code)
  local k = KINDS[kind]
  local atr = card:atr()
  t:note(name .. "_atr", atr)
  t:ok(atr:upper():sub(5) == k.hist, "ATR 3B 04 + " .. k.hist .. " (ACS convention)", atr)
  t:sw(card:transmit("FFA4000001" .. k.type), "9000", "SELECT_CARD_TYPE " .. k.type)
  local first = read(card, 0, 16)
  if t:sw(first, "9000", "READ 16 bytes at 0000") then t:ok(#first.data == 32, "16 bytes") end
  t:sw(read(card, k.size - 16, 16), "9000", string.format("READ the last 16 bytes (%04X)", k.size - 16))
  if k.psc then
    psc_checks(t, name, card, k, code or string.rep("FF", k.psc))
  else
    local old = read(card, k.at, 8)
    if t:sw(old, "9000", "READ 8 bytes") then write_back(t, card, k.at, old.data) end
  end
end

test {
  id = "terminal.memory",
  title = "Memory cards: read, write, security code and its error counter",
  title_zh = "逻辑加密卡：读、写、密码校验及错误计数器",
  clause = "DB43/T 3.3 §6.3.4 表4 (9)",
  run = function(t)
    term.each_declared(t, "memory_card", "no role declares memory_card", function(name, opts)
      t:note(name, opts.memory_card)
      memory(t, name, t.roles[name], opts.memory_card, opts.memory_code and opts.memory_code:upper())
    end)
  end,
}
