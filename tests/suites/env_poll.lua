-- A short hold at the simulated chamber's own temperature, in real time:
-- tests/env_faults.t runs it on a chamber profile without alarm_events, so
-- alarms are polled every second between samples (max_alarm_gap).
local env = require "envprofile"

suite { title = "Alarm polls of a short hold", standard = "bench tests" }

env.profile {
  id = "env.poll",
  title = "Alarm polls",
  clause = "bench tests",
  steps = { { set = { temp = 25 }, tol = { temp = 5 }, stable = 1, sample = 2, hold = 6,
              max_gap = 10 } },
}
