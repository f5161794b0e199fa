-- DB43/T 3.3 §6.5.3 贮存: -20..40 C, 20..80 %RH. The standard gives no
-- duration; 2 h at each corner is this suite's choice (a lab may lengthen
-- `hold`). The DUT is unpowered in storage: no workload during the holds,
-- but after each the DUT must work (its card reader answers), or the
-- chamber alone would make the clause conform; a station without the card
-- role SKIPs the steps.
local env = require "envprofile"

local function works_after(t)
  t:sw(t.roles.card:transmit("00A40000023F0000"), "9000",
       "after the storage hold: the DUT's card reader answers (SELECT MF)")
end

suite { title = "Storage conditions", standard = "DB43/T 3.3" }

env.profile {
  id = "env.storage",
  title = "Storage",
  title_zh = "贮存",
  clause = "DB43/T 3.3 §6.5.3 贮存 (-20..40 C, 20..80 %RH)",
  steps = {
    { id = "env.storage.cold", set = { temp = -20 }, tol = { temp = 2 }, hold = 2 * 3600,
      stable = 600, sample = 120, after = works_after, after_roles = { "card" } },
    { id = "env.storage.hot_damp", set = { temp = 40, rh = 80 }, tol = { temp = 2, rh = 3 },
      hold = 2 * 3600, stable = 600, sample = 120, after = works_after,
      after_roles = { "card" } },
  },
}
