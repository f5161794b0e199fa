-- What a hold watches besides its tolerance band (docs/env.md "What a hold
-- watches"): that the two sensors agree and neither is stuck, that the
-- chamber still runs at the setpoints it was given, that no alarm rose and
-- cleared between two samples, and how often the devices had to be asked
-- again. Each is written from how real chambers and sensors fail, not from
-- our simulator: a reference that froze still reads a plausible value, and a
-- chamber stopped at its panel still reads near the setpoint for a while.
local M = {}

-- Register resolution of a reading, below which "it did not move" is all a
-- sensor can say (0.1 C / 0.1 %RH on the chambers and sensors we know).
M.RESOLUTION = { temp = 0.1, rh = 0.1 }

-- Chamber and reference must agree within this (the step's tolerance by
-- default: a lab with a tighter calibrated reference sets step.agree).
local function agree_limits(step)
  return step.agree or { temp = step.tol.temp, rh = step.tol.rh or 3 }
end

-- Both sensors of one sample: the reference judged against the band like
-- the chamber's own (a guarded rule's guard band is the reference's own
-- uncertainty: role ref_role), and the two against each other.
function M.sensors(t, step, at, r, s, ref_role)
  local set, tol, ag = step.set, step.tol, agree_limits(step)
  t:measure { name = "ref_temp" .. at, value = s.temp, unit = "C", role = ref_role,
    min = set.temp - tol.temp, max = set.temp + tol.temp, condition = true }
  t:measure { name = "agree_temp" .. at, value = math.abs(r.temp - s.temp), unit = "C",
    max = ag.temp, condition = true }
  if set.rh and r.rh and s.rh then
    t:measure { name = "ref_rh" .. at, value = s.rh, unit = "%RH", role = ref_role,
      min = set.rh - tol.rh, max = set.rh + tol.rh, condition = true }
    t:measure { name = "agree_rh" .. at, value = math.abs(r.rh - s.rh), unit = "%RH",
      max = ag.rh, condition = true }
  end
end

-- Tracks how far each sensor moved while the chamber ramped: a sensor that
-- stayed within its resolution while the other moved by more than `moved`
-- is stuck, whatever value it shows.
function M.motion()
  local lo, hi = {}, {}
  local o = {}
  function o.add(name, v)
    if v == nil then return end
    lo[name] = math.min(lo[name] or v, v)
    hi[name] = math.max(hi[name] or v, v)
  end
  function o.span(name) return lo[name] and hi[name] - lo[name] end
  return o
end

function M.stuck(t, m, step)
  local moved = step.stuck_moved or 2
  local pairs_ = { { "chamber temperature", "ch_temp", "reference temperature", "ref_temp",
    M.RESOLUTION.temp }, { "chamber humidity", "ch_rh", "reference humidity", "ref_rh",
    M.RESOLUTION.rh } }
  -- A temperature-only step sets no humidity: a hygrometer that froze or
  -- reads nonsense at -40 C says nothing of the condition it holds.
  if not step.set.rh then pairs_[2] = nil end
  for _, p in ipairs(pairs_) do
    local a, b = m.span(p[2]), m.span(p[4])
    if a and b then
      if a > moved and b <= p[5] then
        t:inconclusive(string.format("%s stuck: it moved %.2g while the %s moved %.2g", p[3], b,
                                     p[1], a))
      elseif b > moved and a <= p[5] then
        t:inconclusive(string.format("%s stuck: it moved %.2g while the %s moved %.2g", p[1], a,
                                     p[3], b))
      end
    end
  end
end

-- What the chamber says it is doing, against what it was told.
function M.state(ch, step, at)
  if not ch.state then return nil end -- a chamber driver without readback
  local st = ch:state()
  if not st.running then return "chamber stopped running at " .. at end
  if math.abs(st.temp_set - step.set.temp) > M.RESOLUTION.temp then
    return string.format("chamber temperature setpoint reads %g C at %s, not %g C",
      st.temp_set, at, step.set.temp)
  end
  if step.set.rh and st.rh_set and math.abs(st.rh_set - step.set.rh) > M.RESOLUTION.rh then
    return string.format("chamber humidity setpoint reads %g %%RH at %s, not %g %%RH",
      st.rh_set, at, step.set.rh)
  end
  return nil
end

-- Alarms between samples: a chamber with an event counter tells; one
-- without is asked at least once a second (step.alarm_poll), and the
-- largest gap between two asks is judged, so a 1 s alarm cannot pass unseen.
function M.alarms(first)
  local o = { events = first.events, gap = 0 }
  function o.sample(r, at)
    if o.events and r.events and r.events > o.events then
      local n = r.events - o.events
      o.events = r.events
      return string.format("chamber alarm raised and cleared before %s (%d alarm event%s)", at,
        n, n > 1 and "s" or "")
    end
    return nil
  end
  function o.counted() return o.events ~= nil end
  return o
end

-- Retries the devices needed, reported with the hold (a chamber that is
-- busy at every other request is worth knowing about even when it passes).
function M.retries(t, name, dev)
  if not (dev and dev.stats) then return end
  local s = dev:stats()
  t:measure { name = name .. "_retries", value = s.retries, unit = "retries" }
  if s.retries > 0 then
    t:note(name .. "_retries", string.format("%d of %d calls retried: %d busy, %d server " ..
      "failure, %d timeout", s.retries, s.calls, s.busy, s.failures, s.timeouts))
  end
end

return M
