-- DB43/T 3.3 tables 1-3 "工作环境": continuous operation for >= 4 h at
-- +15 C and at 35 C, and 4 h at +35 C / (80 +- 2) %RH, with a card read
-- loop as the workload when the station has a card role.
local env = require "envprofile"

suite { title = "Operating temperature and damp heat holds", standard = "DB43/T 3.3" }

local function card_loop(t)
  local r = t.roles.card:transmit("00A40000023F00")
  return r.sw == "9000"
end

local common = { stable = 600, sample = 60, workload = card_loop, workload_roles = { "card" } }
local function step(set, tol, extra)
  local s = { set = set, tol = tol, hold = 4 * 3600 }
  for k, v in pairs(common) do s[k] = v end
  for k, v in pairs(extra or {}) do s[k] = v end
  return s
end

env.profile {
  id = "env.work",
  title = "Continuous operation",
  title_zh = "工作环境",
  clause = "DB43/T 3.3 §6.3.1 表1 工作环境 (15-35 C, >= 4 h); 表2, 表3 alike",
  ref_role = "ref_sensor",
  -- The card-issuing machines' rows (表1-3): 表4 gives the interactive
  -- terminal none, 表5 the document camera its own (class_range.lua).
  class = "desktop|portable|self-service",
  steps = {
    -- The range ends at 15 and 35 C: a DUT failing while the chamber read
    -- outside it (inside the +-2 C band) is inconclusive (envprofile).
    step({ temp = 15 }, { temp = 2 }, { id = "env.work.15c", range = { temp = { 15, 35 } } }),
    step({ temp = 35 }, { temp = 2 }, { id = "env.work.35c", range = { temp = { 15, 35 } } }),
    step({ temp = 35, rh = 80 }, { temp = 2, rh = 2 }, {
      id = "env.work.damp_heat", range = { temp = { 15, 35 }, rh = { 78, 82 } },
      title_zh = "工作湿热环境：+35 C、(80 ± 2) %RH 保持 4 h",
      clause = "DB43/T 3.3 §6.3.1 表1 工作湿热环境 (+35 C, (80 +- 2) %RH, >= 4 h)",
    }),
  },
}
