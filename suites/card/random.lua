-- Challenge quality: N GET CHALLENGE of 8 bytes and N of 4 bytes (N = 256,
-- or the card role's `challenges` option), judged as a terminal relying on
-- them must: for authentication (GF 61/T PT002-2014 §9.6) and as the IV of
-- secure messaging (§9.3.2) a challenge must be unpredictable, so never
-- repeat (ISO/IEC 7816-4:2005 §7.5.3: "for use in a security related
-- procedure").
--
--   card.challenge.unique         no value twice among the N of one length
--   card.challenge.unpredictable  no step between successive values that
--       repeats: the same difference (mod 2^bits; a counter with any step)
--       or XOR in 3 or more of the N-1 pairs; no linear congruential
--       x' = a x + c fitted to 3 values predicting the 4th, twice; no known
--       step (xorshift64/32, a rotation, a one-byte shift register) giving
--       the next value twice; each big- and little-endian.
--   card.challenge.bits           the bits are balanced: the count of ones
--       over all challenges, in each bit position, and in the XOR of
--       successive challenges, each within an exact binomial acceptance
--       range.
--
-- False alarms (a perfect random generator failing), N = 256: unique at
-- most N(N-1)/2 * (2^-32 + 2^-64) = 7.6e-6 (the birthday bound of the
-- 4-byte challenges); unpredictable below 1e-9; bits 8e-7 by construction
-- (2e-7 the total count, 4e-7 split over the 96 bit positions, 2e-7 the
-- XOR count). Together below 1e-5 per run. The diagnostics give the
-- figures for the N used. docs/card-security.md "Challenge quality".
suite {
  title = "GET CHALLENGE quality",
  standard = "ISO/IEC 7816-4:2005 §7.5.3; GF 61/T PT002-2014 §9.3.2, §9.6",
}

local S = require "randstat"
local ex = require("apdu").ex

local ALPHA = { total = 2e-7, positions = 4e-7, xor = 2e-7 }
local CLAUSE = "ISO/IEC 7816-4:2005 §7.5.3; GF 61/T PT002-2014 §9.3.2 (challenge as MAC IV), " ..
               "§9.6.1 (8-byte authentication data)"

-- N from the station (t.station.roles.card.challenges), else 256.
local function count(t)
  local n = tonumber(t.station.roles.card and t.station.roles.card.challenges or "") or 256
  t:note("challenges", n .. " of 8 bytes and " .. n .. " of 4 bytes")
  return n
end

-- The challenges of one run, collected once for the three tests: per
-- length the hex values and the exchanges.
local pool

local function collect(t, n)
  if pool and pool.n == n then return pool end
  local card = t.roles.card
  card:transmit("00A40000023F0000")
  local p = { n = n }
  for _, len in ipairs { 8, 4 } do
    local hex, rs = {}, {}
    for i = 1, n do
      local r = card:transmit(string.format("00840000%02X", len))
      t:require(r.sw == "9000" and #r.data == 2 * len,
                string.format("GET CHALLENGE %d #%d answers %d bytes", len, i, len), ex(r))
      hex[i], rs[i] = r.data, r
    end
    p[len] = { hex = hex, r = rs }
  end
  pool = p
  return p
end

test {
  id = "card.challenge.unique",
  title = "No challenge repeats among N of 8 and N of 4 bytes",
  title_zh = "N 个 8 字节和 N 个 4 字节随机数中无重复",
  clause = CLAUSE,
  roles = { "card" },
  run = function(t)
    local n = count(t)
    local p = collect(t, n)
    t:note("false_alarm", string.format("%.1e", n * (n - 1) / 2 * (2 ^ -32 + 2 ^ -64)))
    for _, len in ipairs { 8, 4 } do
      local seen, dups = {}, 0
      for i, h in ipairs(p[len].hex) do
        if seen[h] and dups < 3 then
          t:fail(string.format("%d-byte challenge #%d repeats #%d", len, i, seen[h]),
                 ex(p[len].r[i]) .. "; earlier " .. ex(p[len].r[seen[h]]))
          dups = dups + 1
        end
        seen[h] = seen[h] or i
      end
      t:ok(dups == 0, string.format("%d distinct %d-byte challenges", n, len))
    end
  end,
}

-- One order of one length: every detector; fails with the evidence.
local function predictable(t, x, len, order, p)
  local m = S.mask(len)
  local show = function(i) return ex(p.r[i]) .. "; next " .. ex(p.r[i + 1]) end
  local what = string.format("%d-byte %s", len, order)
  for _, s in ipairs { { "difference", function(a, b) return (b - a) & m end },
                       { "XOR", function(a, b) return a ~ b end } } do
    local step, k = S.most_common_step(x, s[2])
    t:ok(k < 3, string.format("%s: no %s between successive challenges repeats (most: %d of %d)",
                              what, s[1], k, #x - 1),
         string.format("step %X; e.g. %s", step & m, show(1)))
  end
  local hits = S.lcg_hits(x, len)
  t:ok(hits < 2, string.format("%s: no linear congruential step predicts the next (%d hits)", what,
                               hits), show(1) .. "; " .. show(2))
  for _, f in ipairs(S.step_functions(len)) do
    local h = S.step_hits(x, f[2])
    if h >= 2 then
      t:fail(string.format("%s: next = %s(previous) in %d of %d pairs", what, f[1], h, #x - 1),
             show(1))
    end
  end
end

test {
  id = "card.challenge.unpredictable",
  title = "No challenge is a counter or a simple function of the previous one",
  title_zh = "随机数不是计数器，也不是前一个的简单函数",
  clause = CLAUSE,
  roles = { "card" },
  run = function(t)
    local p = collect(t, count(t))
    for _, len in ipairs { 8, 4 } do
      local be, le = S.values(p[len].hex, len)
      predictable(t, be, len, "big-endian", p[len])
      predictable(t, le, len, "little-endian", p[len])
    end
  end,
}

-- ones within the exact binomial range for n bits at alpha.
local function balanced(t, ones, n, alpha, what, evidence)
  local lo, hi = S.range(n, alpha)
  return t:ok(ones >= lo and ones <= hi,
              string.format("%s: %d ones in %d bits, within [%d, %d] (false alarm %.0e)", what,
                            ones, n, lo, hi, alpha), evidence)
end

test {
  id = "card.challenge.bits",
  title = "Challenge bits are balanced: overall, per bit position, between successive ones",
  title_zh = "随机数各位均衡：总体、每一位、相邻随机数之间",
  clause = CLAUSE,
  roles = { "card" },
  run = function(t)
    local p = collect(t, count(t))
    local ones, bits, xones, xbits = 0, 0, 0, 0
    local positions = 0
    for _, len in ipairs { 8, 4 } do positions = positions + 8 * len end
    for _, len in ipairs { 8, 4 } do
      local x = S.values(p[len].hex, len)
      local pos = {}
      for i, v in ipairs(x) do
        ones, bits = ones + S.popcount(v), bits + 8 * len
        for b = 0, 8 * len - 1 do pos[b] = (pos[b] or 0) + ((v >> b) & 1) end
        if i > 1 then xones, xbits = xones + S.popcount(v ~ x[i - 1]), xbits + 8 * len end
      end
      for b = 0, 8 * len - 1 do
        balanced(t, pos[b], #x, ALPHA.positions / positions,
                 string.format("%d-byte challenges, bit %d (from the right)", len, b),
                 "e.g. " .. ex(p[len].r[1]))
      end
    end
    balanced(t, ones, bits, ALPHA.total, "all challenge bits", "e.g. " .. ex(p[8].r[1]))
    balanced(t, xones, xbits, ALPHA.xor, "XOR of successive challenges",
             "e.g. " .. ex(p[8].r[1]) .. "; " .. ex(p[8].r[2]))
  end,
}
