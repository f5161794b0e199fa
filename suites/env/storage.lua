-- DB43/T 3.3 §6.5.3 贮存: kept (in its packaging) at -20..40 C, 20..80 %RH.
-- The standard gives no duration; 2 h at each corner is this suite's
-- choice (a lab may lengthen `hold`). The DUT is stored switched off: the
-- station's `dut_power` relay cuts its mains for the hold (without that
-- role it stays powered, noted: a lab switches it off by hand). After
-- each hold the chamber goes back to 25 C for an hour's recovery, the DUT
-- is switched on and must work (its card readers answer): checked at -20 C
-- it would be run outside its working range, which 贮存 does not ask, and
-- without the check the chamber alone would make the clause conform. A
-- station without the card role SKIPs the steps.
local env = require "envprofile"
local readers = require "readers"

-- Relay 1 of dut_power feeds the DUT's mains (suites/env/power.lua).
local function power(t, on)
  local relay = t.station.roles.dut_power and t.roles.dut_power
  if relay then
    relay:set(1, on)
  elseif not on then
    t:note("power", "no dut_power role: the DUT stayed powered in storage")
  end
  return relay
end

-- The sense input on the relay's output, where dut_power has one, says
-- whether the cut took (welded contacts leave the DUT powered, as no role
-- does: noted alike).
local function switch_off(t)
  local relay = power(t, false)
  if not relay then return end
  local sensed = relay:sensed(1)
  if sensed then
    t:note("power", "mains still sensed at the DUT after the cut: it stayed powered in storage")
  else
    t:note("power", "the DUT's mains cut for the hold (dut_power"
                    .. (sensed == nil and ")" or ", sensed)"))
  end
end

-- However the step ended (a chamber that never got there ends it before
-- the check): the DUT's mains back on for the tests after it.
local function switch_on(t) power(t, true) end

-- Switched on, the DUT may take up to 5 min to start, asked every 10 s,
-- until its card readers answer: the contact slot, and the contactless
-- antenna where the station has one (each module starts in its own time).
-- At least 30 s of real time too: a time-scaled DUT still starts in real
-- time. Then each must have answered.
local function works_after(t)
  local names, last = readers.present(t), {}
  local function all_up()
    local up = true
    for _, n in ipairs(names) do
      if not (last[n] and last[n][1] and last[n][2].sw == "9000") then
        last[n] = { readers.select_mf(t, n, true) }
        up = up and last[n][1] and last[n][2].sw == "9000"
      end
    end
    return up
  end
  if power(t, true) then
    local t0, c0, up = bench.mono(), bench.clock(), false
    repeat
      up = all_up()
      if not up then bench.sleep(10) end
    until up or bench.clock() - c0 >= 300 and bench.mono() - t0 >= 30
    t:note("start", string.format("%s %.1f s after power on", up and "the DUT answered" or
                                  "no answer", bench.mono() - t0))
  else
    all_up()
  end
  for _, n in ipairs(names) do
    local what = string.format("after storage and recovery: the DUT's %s reader answers "
                               .. "(SELECT MF)", n == "card" and "contact" or n)
    local ok, r = last[n][1], last[n][2]
    if ok then t:sw(r, "9000", what) else t:fail(what .. ": " .. tostring(r)) end
  end
end

suite { title = "Storage conditions", standard = "DB43/T 3.3" }

local RECOVER = { temp = 25, hold = 3600 }

env.profile {
  id = "env.storage",
  title = "Storage",
  title_zh = "贮存",
  clause = "DB43/T 3.3 §6.5.3 贮存 (-20..40 C, 20..80 %RH)",
  -- §6.5 is of this part's terminals, not of the 厦门 spec's devices.
  class = "desktop|portable|self-service|interactive|document-camera|reader",
  steps = {
    { id = "env.storage.cold", set = { temp = -20 }, tol = { temp = 2 }, hold = 2 * 3600,
      stable = 600, sample = 120, before = switch_off, recover = RECOVER, after = works_after,
      finally = switch_on, after_roles = { "card" }, uses = { "dut_power", "contactless" } },
    { id = "env.storage.hot_damp", set = { temp = 40, rh = 80 }, tol = { temp = 2, rh = 3 },
      hold = 2 * 3600, stable = 600, sample = 120, before = switch_off, recover = RECOVER,
      after = works_after, finally = switch_on, after_roles = { "card" },
      uses = { "dut_power", "contactless" } },
  },
}
