-- Statistics for GET CHALLENGE (suites/card/random.lua): exact binomial
-- acceptance ranges, bit counts and the "simple function of the previous
-- value" detectors. Values are challenges as Lua integers (64-bit two's
-- complement: + - * wrap modulo 2^64, as a card's arithmetic does).
local M = {}

-- Acceptance range [lo, hi] for the number of ones in n fair bits: a
-- perfect generator falls outside it with probability <= alpha (exact
-- binomial, two-sided, symmetric; log-space sums so large n stay exact).
function M.range(n, alpha)
  local ln2, lc, cum, lo = math.log(2), 0.0, 0.0, -1
  for k = 0, n // 2 do
    if k > 0 then lc = lc + math.log(n - k + 1) - math.log(k) end
    cum = cum + math.exp(lc - n * ln2)
    if cum > alpha / 2 then break end
    lo = k
  end
  return lo + 1, n - lo - 1
end

function M.popcount(v)
  local c = 0
  while v ~= 0 do
    v = v & (v - 1)
    c = c + 1
  end
  return c
end

-- Values of hex challenges of len bytes, big- and little-endian.
function M.values(hexes, len)
  local be, le = {}, {}
  for i, h in ipairs(hexes) do
    local b = bench.unhex(h)
    be[i] = string.unpack(">i" .. len, b) & M.mask(len)
    le[i] = string.unpack("<i" .. len, b) & M.mask(len)
  end
  return be, le
end

function M.mask(len)
  return len >= 8 and -1 or (1 << (8 * len)) - 1
end

-- The most frequent value of f(x[i], x[i+1]) and how often it occurs.
function M.most_common_step(x, f)
  local seen, best, n = {}, nil, 0
  for i = 1, #x - 1 do
    local d = f(x[i], x[i + 1])
    seen[d] = (seen[d] or 0) + 1
    if seen[d] > n then best, n = d, seen[d] end
  end
  return best, n
end

-- Inverse of an odd a modulo 2^64 (Newton: each step doubles the bits).
local function inverse(a)
  local x = a
  for _ = 1, 6 do x = x * (2 - a * x) end
  return x
end

-- How many x[i+3] an LCG x' = a x + c (mod 2^(8 len)), fitted to x[i..i+2],
-- predicts. A true LCG: every one; a random sequence: none (2^-8len each).
function M.lcg_hits(x, len)
  local m, hits = M.mask(len), 0
  for i = 1, #x - 3 do
    local d1 = (x[i + 1] - x[i]) & m
    if d1 & 1 == 1 then
      local a = ((x[i + 2] - x[i + 1]) * inverse(d1)) & m
      local c = (x[i + 1] - a * x[i]) & m
      if (a * x[i + 2] + c) & m == x[i + 3] then hits = hits + 1 end
    end
  end
  return hits
end

local function xorshift64(v)
  v = v ~ (v << 13)
  v = v ~ (v >> 7)
  return v ~ (v << 17)
end

local function xorshift32(v)
  local m = 0xFFFFFFFF
  v = (v ~ (v << 13)) & m
  v = v ~ (v >> 17)
  return (v ~ (v << 5)) & m
end

-- Known next-value functions: common PRNG steps, and rotations by 1 bit
-- to a byte short of the width, named.
function M.step_functions(len)
  local bits, m = 8 * len, M.mask(len)
  local fs = {}
  if len == 8 then fs[#fs + 1] = { "xorshift64 (13,7,17)", xorshift64 } end
  if len == 4 then fs[#fs + 1] = { "xorshift32 (13,17,5)", xorshift32 } end
  for k = 1, bits - 1 do
    fs[#fs + 1] = { "rotate left " .. k, function(v)
      return ((v << k) | ((v & m) >> (bits - k))) & m
    end }
  end
  fs[#fs + 1] = { "shift by a byte (left)", function(v, w) return (v << 8) & m == w & ~0xFF & m end }
  fs[#fs + 1] = { "shift by a byte (right)", function(v, w) return (v >> 8) == w & (m >> 8) end }
  return fs
end

-- How many i have x[i+1] == f(x[i]) (f may also take the next value and
-- answer true itself, for partial relations).
function M.step_hits(x, f)
  local hits = 0
  for i = 1, #x - 1 do
    local y = f(x[i], x[i + 1])
    if y == true or y == x[i + 1] then hits = hits + 1 end
  end
  return hits
end

return M
