-- A damp hold, then a temperature-only one: tests/env_faults.t runs it on a
-- chamber whose reference hygrometer froze, to show that the dry step does
-- not judge a humidity it does not set.
local env = require "envprofile"

suite { title = "A dry step after a damp one", standard = "bench tests" }

env.profile {
  id = "env.dry",
  title = "Dry after damp",
  clause = "bench tests",
  ref_role = "ref_sensor",
  steps = {
    { id = "env.dry.damp", set = { temp = 35, rh = 80 }, tol = { temp = 2, rh = 3 }, stable = 600,
      sample = 60, hold = 600 },
    { id = "env.dry.cold", set = { temp = 15 }, tol = { temp = 2 }, stable = 600, sample = 60,
      hold = 600 },
  },
}
