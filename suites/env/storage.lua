-- DB43/T 3.3 §6.5.3 贮存: -20..40 C, 20..80 %RH. The standard gives no
-- duration; 2 h at each corner is this suite's choice (a lab may lengthen
-- `hold`). The DUT is unpowered in storage: no workload during the holds.
local env = require "envprofile"

suite { title = "Storage conditions", standard = "DB43/T 3.3" }

env.profile {
  id = "env.storage",
  title = "Storage",
  title_zh = "贮存",
  clause = "DB43/T 3.3 §6.5.3 贮存 (-20..40 C, 20..80 %RH)",
  steps = {
    { id = "env.storage.cold", set = { temp = -20 }, tol = { temp = 2 }, hold = 2 * 3600,
      stable = 600, sample = 120 },
    { id = "env.storage.hot_damp", set = { temp = 40, rh = 80 }, tol = { temp = 2, rh = 3 },
      hold = 2 * 3600, stable = 600, sample = 120 },
  },
}
