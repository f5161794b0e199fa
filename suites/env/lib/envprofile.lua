-- The env profile engine: a profile is data (steps), this turns each step
-- into one test. A step sets the chamber, waits until it is stable (within
-- tolerance for `stable` seconds), then holds for `hold` seconds while a
-- workload function runs once per sample interval, sampling the chamber and
-- the reference sensor. The hold passes when every sample was within
-- tolerance AND the workload never failed. A workload that fails is the
-- DUT failing; a chamber that does not reach or hold the condition (no
-- stability, an excursion, an alarm, a stop) says nothing of the DUT: the
-- step is inconclusive (t:inconclusive), to be run again. All durations
-- are simulated seconds: bench.clock()/bench.sleep() carry the --time-scale.
--
-- Why a Lua function per interval as the workload (not another suite file):
-- the workload then shares the test's verdicts and trace, and a failure is
-- reported with the hold time at which it happened.
local watch = require "envwatch"
local M = {}

local function hms(s)
  s = math.floor(s + 0.5)
  return string.format("+%02d:%02d:%02d", s // 3600, s % 3600 // 60, s % 60)
end

local function progress(t, step, elapsed, total, r)
  if not (bench.term and bench.term.isatty()) then return end
  local rate = 1 / (t.station.time_scale or 1)
  bench.term.write(string.format("\r%s %s/%s  %.1f C %s  ETA %s   ", step.id, hms(elapsed),
    hms(total), r.temp, r.rh and string.format("%.1f %%RH", r.rh) or "",
    hms((total - elapsed) * rate)))
end

local function within(r, set, tol)
  if math.abs(r.temp - set.temp) > tol.temp then return false end
  if set.rh and r.rh and math.abs(r.rh - set.rh) > tol.rh then return false end
  return true
end

-- Ramps and waits until the chamber stayed within tolerance for step.stable
-- s, watching that the reference follows the chamber (watch.stuck).
local function stabilise(t, ch, ref, step)
  local t0 = bench.clock()
  local deadline = t0 + (step.ramp_max or 4 * 3600)
  local since
  local moved = watch.motion()
  while bench.clock() < deadline do
    local okr, r = pcall(ch.read, ch)
    local oks, s = true, nil
    if okr and ref then oks, s = pcall(ref.read, ref) end
    if not (okr and oks) then
      error(string.format("at %s while reaching the setpoint: %s", hms(bench.clock() - t0),
        okr and s or r), 0)
    end
    moved.add("ch_temp", r.temp)
    moved.add("ch_rh", r.rh)
    if s then
      moved.add("ref_temp", s.temp)
      moved.add("ref_rh", s.rh)
    end
    if r.alarm then
      t:inconclusive(string.format("chamber alarm (%s) at %s while reaching the setpoint",
        r.alarms, hms(bench.clock() - t0)))
      return false
    end
    if within(r, step.set, step.tol) then
      since = since or bench.clock()
      if bench.clock() - since >= (step.stable or 600) then
        watch.stuck(t, moved, step)
        return true
      end
    else
      since = nil
    end
    bench.sleep(step.sample or 60)
  end
  local r = ch:read()
  t:inconclusive(string.format("chamber not stable at %s within %s: it reads %s",
    M.describe(step.set), hms(step.ramp_max or 4 * 3600), M.describe { temp = r.temp, rh = r.rh }))
  return false
end

function M.describe(set)
  return set.rh and string.format("%.4g C / %.4g %%RH", set.temp, set.rh)
    or string.format("%.4g C", set.temp)
end

-- Reads a device during the hold; a device that fails (no answer, lost
-- link) ends the hold with the time it happened, chamber or reference alike.
local function read_at(dev, at)
  local ok, r = pcall(dev.read, dev)
  if not ok then error(string.format("at %s of the hold: %s", at, r), 0) end
  return r
end

-- Samples one interval; returns the first excursion message or nil. An
-- excursion is a reading outside the band: one inside it but within a
-- guarded decision rule's guard band of a limit is already its own
-- inconclusive check, which makes the clause inconclusive; it is not the
-- chamber leaving the condition.
local function sample(t, ch, ref, step, el)
  local at = hms(el)
  local r = read_at(ch, at)
  local set, tol, bad = step.set, step.tol, nil
  local lo, hi = set.temp - tol.temp, set.temp + tol.temp
  if not t:measure { name = "temp" .. at, value = r.temp, unit = "C", min = lo, max = hi,
                     condition = true }
      and not (r.temp >= lo and r.temp <= hi) then
    bad = string.format("temperature %.1f C at %s of the hold (limit %g +- %g C)", r.temp, at,
      set.temp, tol.temp)
  end
  if set.rh then
    lo, hi = set.rh - tol.rh, set.rh + tol.rh
    if not t:measure { name = "rh" .. at, value = r.rh, unit = "%RH", min = lo, max = hi,
                       condition = true }
        and not (r.rh >= lo and r.rh <= hi) and not bad then
      bad = string.format("humidity %.1f %%RH at %s of the hold (limit %g +- %g %%RH)", r.rh,
        at, set.rh, tol.rh)
    end
  end
  if r.alarm and not bad then bad = "chamber alarm (" .. r.alarms .. ") at " .. at end
  if ref then watch.sensors(t, step, at, r, read_at(ref, at), step.ref_role) end
  return bad, r
end

-- Waits until `target` (bench.clock()); where the chamber counts no alarm
-- events, asks it for alarms every step.alarm_poll s meanwhile, each ask
-- `poll` after the last one began (the read's own time is not added to the
-- period). Returns the first alarm seen and the largest gap between the
-- starts of two asks.
local function wait_watching(ch, alarms, target, poll, t0)
  local bad, gap, last = nil, 0, bench.clock()
  while true do
    local now = bench.clock()
    local left = target - now
    if left <= 0 then break end
    if alarms.counted() then
      bench.sleep(left)
      break
    end
    bench.sleep(math.max(0, math.min(last + poll - now, left)))
    now = bench.clock()
    gap, last = math.max(gap, now - last), now
    local r = read_at(ch, hms(now - t0))
    if r.alarm and not bad then bad = "chamber alarm (" .. r.alarms .. ") at " .. hms(now - t0) end
  end
  return bad, gap
end

local function run_workload(t, workload, el)
  local okc, res = pcall(workload, t, el)
  if okc and res ~= false then return nil end
  return string.format("workload failed at %s of the hold: %s", hms(el),
    tostring(okc and "returned false" or res))
end

-- Where the clause's range ends at the setpoint (the 15 and 35 C of
-- "15-35 C"), the tolerance band reaches past it: a DUT that failed while
-- the chamber read outside step.range ({temp = {lo, hi}, rh = ...}) failed
-- under a condition the clause does not set. Why (read at `at`), or nil.
local function outside_range(step, r, at)
  for _, q in ipairs { "temp", "rh" } do
    local lim, v = step.range and step.range[q], r and r[q]
    if lim and v and (v < lim[1] or v > lim[2]) then
      return string.format("%s %.1f at %s, outside the clause's %g..%g", q, v, at, lim[1], lim[2])
    end
  end
end

-- A step's workload: step.workload, needing step.workload_roles; or, with
-- step.workload_any, run where the station has at least one of those roles
-- (a device whose reader bench can watch: noted which), else none (noted).
local function workload_of(t, step)
  if not step.workload_any then return step.workload end
  local have = {}
  for _, r in ipairs(step.workload_any) do
    if t.station.roles[r] then have[#have + 1] = r end
  end
  if #have == 0 then
    t:note("workload", "none: the station has no " .. table.concat(step.workload_any, " or ") ..
      " role to watch the DUT through the hold")
    return nil
  end
  t:note("workload", "through " .. table.concat(have, ", "))
  return step.workload
end

-- Holds the condition; returns whether the chamber kept it (no excursion,
-- alarm or change at its panel).
local function hold(t, ch, ref, step)
  local every = step.sample or 60
  local wl_every = step.workload_every or 300
  local workload = workload_of(t, step)
  -- One run before the clock starts: opening the roles (a PC/SC connect)
  -- is not part of the hold, and a DUT that fails already is named so.
  local wl_fail = workload and run_workload(t, workload, 0)
  local before = wl_fail and outside_range(step, read_at(ch, hms(0)), "the hold's start")
  if wl_fail and not before then
    t:fail("before the hold: " .. wl_fail)
    -- The failure is journaled by t:fail (docs/evidence.md): a resume need
    -- not hold again to fail the step.
    t:checkpoint { failed_told = true }
    return true -- the chamber was stable: the DUT failed at the condition
  end
  local t0, first = bench.clock(), nil
  local n, wl_runs, wl_next, last, max_gap = 0, 0, wl_every, 0, 0
  local alarms = watch.alarms(read_at(ch, hms(0)))
  local poll, alarm_gap = step.alarm_poll or 1, 0
  local readback, rb_next, state_bad = step.readback_every or 5 * every, 0, nil
  -- Grid slots 0..last_slot (the last one at the end of the hold); a slot
  -- that passed while an earlier read was still running is skipped and
  -- counted, so every slot is either sampled or reported.
  local slot, last_slot, skipped = 0, math.ceil(step.hold / every), 0
  -- Why a workload failure says nothing of the DUT, or nil: the chamber
  -- read outside the clause's range then, or had left the condition before.
  -- A failure excused only by the reading of that moment (a chamber at
  -- 35.0 +- 0.3 C reads over 35 half the time) does not end the watch: a
  -- later one while it reads inside the range is the DUT's (excused: the
  -- first such failure, or nil).
  local wl_why, excused, n_excused = nil, nil, 0
  if before then
    excused, n_excused, wl_fail = "before the hold: " .. wl_fail .. "; the chamber read " .. before, 1, nil
  end
  while true do
    local el = math.min(bench.clock() - t0, step.hold)
    local bad, r = sample(t, ch, ref, step, el)
    n, max_gap, last = n + 1, math.max(max_gap, el - last), el
    local missed = alarms.sample(r, hms(el)) -- keeps the event count current
    first = first or bad or missed
    -- What the chamber says it does: a chamber stopped or re-set at its
    -- panel is the cause of the excursion that follows, so it is a failure
    -- of its own, named once, whatever excursion came first.
    if el >= rb_next and not state_bad then
      local ok, why = pcall(watch.state, ch, step, hms(el))
      if not ok then error(string.format("at %s of the hold: %s", hms(el), why), 0) end
      state_bad, rb_next = why, el + readback
      if state_bad then t:inconclusive(state_bad) end
    end
    if workload and not wl_fail and el >= wl_next then
      local failed = run_workload(t, workload, el)
      local where = failed and outside_range(step, r, hms(el))
      local left = first or state_bad
      if where and not left then
        excused, n_excused = excused or failed .. "; the chamber read " .. where, n_excused + 1
      else
        wl_fail = failed
        wl_why = where and "the chamber read " .. where
          or failed and left and "the chamber had left the condition before (" .. left .. ")"
        -- The DUT failed at the condition: saved at once, so a kill and a
        -- resume (which holds again from the start) cannot lose it.
        if wl_fail and not wl_why then t:checkpoint { failed = wl_fail } end
      end
      wl_runs, wl_next = wl_runs + 1, el + wl_every
    end
    progress(t, step, el, step.hold, r)
    if el >= step.hold then
      skipped = skipped + last_slot - slot -- a sleep that overran the hold
      break
    end
    -- Samples sit on a grid from the hold's start, so the time a read or
    -- the workload takes (much simulated time at a large --time-scale) does
    -- not stretch the interval; a late sample skips to the next slot.
    local next_slot = math.min(math.floor((bench.clock() - t0) / every) + 1, last_slot)
    skipped, slot = skipped + next_slot - slot - 1, next_slot
    local abad, agap = wait_watching(ch, alarms, t0 + math.min(slot * every, step.hold), poll,
      t0)
    first, alarm_gap = first or abad, math.max(alarm_gap, agap)
  end
  if bench.term and bench.term.isatty() then bench.term.write("\n") end
  -- An excursion shorter than the gap between samples could go unseen: a
  -- hold sampled too sparsely proves nothing.
  t:measure { name = "max_sample_gap", value = max_gap, unit = "s", condition = true,
    max = step.max_gap or math.max(3 * every, 600) }
  -- Late reads (a loaded host at a large --time-scale) are reported, not
  -- failed: max_sample_gap above is the verdict on how sparse they got.
  t:measure { name = "skipped_slots", value = skipped, unit = "slots" }
  if alarms.counted() then
    t:note("alarms", "counted by the chamber's alarm_events register")
  else
    -- A sleep wakes a little late and a read may take its time: an ask up
    -- to one period late still watches; one skipped leaves a blind gap.
    t:measure { name = "max_alarm_gap", value = alarm_gap, unit = "s", max = 2 * poll,
                condition = true }
  end
  watch.retries(t, "chamber", ch)
  watch.retries(t, "ref", ref)
  t:note("samples", n)
  if workload then t:note("workload_runs", wl_runs) end
  if excused then
    t:note("workload_excused", string.format("%d failure(s) while the chamber read outside the "
                                             .. "clause's range, the first: %s", n_excused, excused))
  end
  -- What the workload judges at the hold's end, told whether the chamber
  -- left the condition (why, or nil): then a failure says nothing of the DUT.
  if step.workload_end then step.workload_end(t, first or state_bad) end
  if first then t:inconclusive("hold out of tolerance: " .. first) end
  if wl_fail and wl_why then
    t:inconclusive(wl_fail .. "; " .. wl_why)
  elseif wl_fail then
    t:fail(wl_fail)
  elseif excused then
    t:inconclusive(excused)
  end
  t:note("hold", hms(step.hold) .. " at " .. M.describe(step.set))
  return not (first or state_bad)
end

-- A step that sets no humidity (a temperature-only hold) turns the
-- chamber's humidity control off where its profile has the switch, so the
-- humidity of the step before (a damp-heat hold's 80-93 %RH) is not held
-- through a hold that asks for none; where it has none, what the chamber
-- keeps is noted.
local function humidity_off(t, ch, step)
  if step.set.rh ~= nil then return end
  local s = ch:state()
  if s.rh_control ~= nil then
    ch:set { rh = false }
    t:note("humidity", "control off: a temperature-only step")
  elseif s.rh_set then
    t:note("humidity", string.format("not controlled by this step: the chamber's profile has "
                                     .. "no humidity_control, its setpoint stays %.1f %%RH",
                                     s.rh_set))
  end
end

-- A damp step without dew on the DUT: air of 35 C / 80 %RH has its dew
-- point at 31 C, so a DUT still at room temperature, or at the cold of the
-- step before, would be wet if the humidity rose with the temperature
-- (DB43/T 3.3 表5 "非冷凝"; GB/T 2423.3 brings the specimen to temperature
-- first). Where the chamber can switch its humidity control off, the
-- temperature is reached and held step.stable s with it off, the humidity
-- set after; where it cannot, noted. False when the chamber did not reach
-- the temperature (inconclusive, as stabilise()).
local function temperature_first(t, ch, ref, step)
  if not step.set.rh then return true end
  if ch:state().rh_control == nil then
    t:note("dew", "not kept off: the chamber's profile has no humidity_control, so its "
                  .. "humidity rose with its temperature")
    return true
  end
  local ts = { set = { temp = step.set.temp }, tol = { temp = step.tol.temp },
               stable = step.stable, sample = step.sample, ramp_max = step.ramp_max }
  ch:set { temp = ts.set.temp, rh = false }
  ch:run(true)
  if not stabilise(t, ch, ref, ts) then return false end
  t:note("dew", "kept off: the temperature reached with humidity control off, then the humidity")
  return true
end

-- Back to the standard atmosphere before the `after` check (step.recover
-- = {temp=, hold=}): a DUT stored at -20 C is checked as GB/T 2423.1 and
-- 2423.2 check a specimen, after recovery, not at a storage temperature
-- outside its working range. False when the chamber did not get there.
local function recover(t, ch, ref, step)
  local r = step.recover
  local rs = { set = { temp = r.temp }, tol = { temp = r.tol or 2 }, stable = step.stable,
               sample = step.sample, ramp_max = step.ramp_max }
  ch:set(rs.set)
  humidity_off(t, ch, rs)
  ch:run(true)
  if not stabilise(t, ch, ref, rs) then return false end
  bench.sleep(r.hold)
  t:note("recovery", string.format("%s held %s before the check", M.describe(rs.set),
                                   hms(r.hold)))
  return true
end

-- Whether the DUT failed at the condition in a hold before bench stopped
-- (killed, the host down), from the step's checkpoint: it stands on
-- `bench resume`, which would otherwise hold again from the start and could
-- pass. A failure found during the hold (judged at its end) is failed here;
-- one t:fail gave already the engine fails the step with (docs/evidence.md).
local function failed_before(t)
  local st = t:restore()
  if not (st and (st.failed or st.failed_told)) then return false end
  t:note("resumed", "the hold is not run again: the DUT failed in it before bench stopped")
  if st.failed then t:fail(st.failed .. " (before bench stopped)") end
  return true
end

-- Declares one test per step of profile p.
function M.profile(p)
  for i, step in ipairs(p.steps) do
    step.id = step.id or string.format("%s.%d", p.id, i)
    step.tol = step.tol or { temp = 2, rh = 3 }
    step.ref_role = p.ref_role
    test {
      id = step.id,
      title = step.title or string.format("%s: %s held %s", p.title, M.describe(step.set),
        hms(step.hold)),
      title_zh = step.title_zh or (p.title_zh and string.format("%s：%s 保持 %s", p.title_zh,
        M.describe(step.set), hms(step.hold))),
      clause = step.clause or p.clause,
      roles = M.roles(p, step),
      exclusive = true, -- the DUT sits in the chamber: a hold is the whole station's (--jobs)
      -- Real seconds: the longest the step can take in real time (--time-scale
      -- only shortens it), plus an hour for the workload and the reads.
      timeout = (step.ramp_max or 4 * 3600) + (step.stable or 600) + step.hold + 3600 +
        (step.recover and (step.ramp_max or 4 * 3600) + step.recover.hold or 0),
      -- What bench plan counts (the ramp's length is the chamber's: a run
      -- on the station gives the real figure).
      duration = (step.stable or 600) + step.hold + (step.recover and step.recover.hold or 0),
      uses = M.uses(p, step),
      dut_class = p.class, -- the run SKIPs it for another class; bench plan too
      -- step.finally undoes what step.before did (a DUT switched off),
      -- whichever way the step ends, a timeout, a signal, a kill and a
      -- resume too (the test's rest): the tests after it need the DUT.
      rest = step.finally,
      run = function(t)
        local ch = t.roles.chamber
        if step.before then step.before(t) end
        local ref = p.ref_role and M.optional_role(t, p.ref_role) or nil
        if failed_before(t) then
          if step.recover then recover(t, ch, ref, step) end
          return
        end
        local dry = temperature_first(t, ch, ref, step)
        if dry then
          ch:set(step.set)
          humidity_off(t, ch, step)
          ch:run(true)
        end
        -- A chamber that never reached the condition ends the step there,
        -- inconclusive: no hold, and no `after` check, whose verdict would
        -- be of a condition the clause does not set (the operator asked
        -- "does it work at -40 C" at -25 C). A step with `recover` still
        -- brings the chamber back before its rest switches the DUT on.
        if not (dry and stabilise(t, ch, ref, step)) then
          if step.recover then recover(t, ch, ref, step) end
          return
        end
        local held = hold(t, ch, ref, step)
        if step.recover and not recover(t, ch, ref, step) then return end
        -- Nor after a hold that left the condition: a DUT that does not
        -- work then may have met a harsher condition than the clause's,
        -- and one that works has not met the clause's whole hold. The
        -- step is inconclusive already; the chamber still recovers first.
        if not held then
          if step.after then t:note("after", "not run: the hold left the condition") end
          return
        end
        -- A check at the condition is told whether the chamber reads
        -- outside the clause's range as it begins (why, or nil), as a
        -- workload is judged when it fails: then a DUT that fails it
        -- failed under a condition the clause does not set.
        local outside = step.after and not step.recover and
          outside_range(step, read_at(ch, "the end"), "the end of the hold")
        if step.after then step.after(t, outside or nil) end
      end,
    }
  end
end

-- The roles a step needs: the chamber, the workload's and those of its
-- `after` check (after_roles). A hold is a
-- clause about the DUT working at the condition ("连续正常工作"): without
-- the roles that watch it working the step SKIPs (clause not tested); the
-- chamber alone never passes it.
function M.roles(p, step)
  local r = {}
  for _, x in ipairs(p.roles or { "chamber" }) do r[#r + 1] = x end
  for _, x in ipairs(step.workload and step.workload_roles or {}) do r[#r + 1] = x end
  for _, x in ipairs(step.after_roles or {}) do r[#r + 1] = x end
  return r
end

-- The roles a step uses when the station has them: the reference sensor,
-- a workload's `workload_any` (bench plan keeps suites that share them apart).
function M.uses(p, step)
  local u = { p.ref_role }
  for _, x in ipairs(step.uses or {}) do u[#u + 1] = x end
  for _, x in ipairs(step.workload_any or {}) do u[#u + 1] = x end
  return u
end

-- A role the profile can do without (a reference sensor): nil if absent.
function M.optional_role(t, name)
  return t.roles[name]
end

M.hms = hms
return M
