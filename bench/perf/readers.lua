-- bench/perf/readers' bench leg: the APDU mix N times on each reader of
-- ROLE_LIST (comma-separated), all at once through t:parallel. Suites read
-- no environment: bench/perf/readers runs a copy with its values here.
local N = 10000
local ROLE_LIST = "r1"
local MIX = { "00A40000023F00", "00B0870080", "00B0008080", "00B2012C00" }
local ROLES = {}
for r in ROLE_LIST:gmatch("[^,]+") do ROLES[#ROLES + 1] = r end

test {
  id = "perf.readers",
  title = "APDU mix on several readers at once",
  clause = "benchmark (no clause)",
  run = function(t)
    local branches, bad = {}, 0
    for _, role in ipairs(ROLES) do
      branches[role] = function()
        local card = t.roles[role]
        for i = 0, N - 1 do
          if card:transmit(MIX[i % #MIX + 1]).sw ~= "9000" then bad = bad + 1 end
        end
      end
    end
    -- connect and warm up every reader outside the timed part
    for _, role in ipairs(ROLES) do t.roles[role]:transmit(MIX[1]) end
    local t0 = bench.mono()
    t:parallel(branches)
    local dt = bench.mono() - t0
    t:eq(bad, 0, "every answer is 9000")
    t:measure { name = "rate", value = #ROLES * N / dt, unit = "apdu/s", gt = 0 }
  end,
}
