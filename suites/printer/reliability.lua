-- Continuous printing without a fault for 24 h (seed 000 table 1 item 7,
-- tables 2 and 3 alike): two consecutive print errors, or a ribbon / film
-- break, count as one fault. The length is the role's soak_hours (24 by
-- default); on a simulated station `--time-scale` makes a simulated day.
--
-- The printer is watched all the time, not only when a job ends: job:wait
-- reads its state reasons at every poll, so a ribbon break spliced before
-- the card is done is still a break. A job that does not end within the
-- role's job_timeout is judged by the printer's state at that moment: a
-- jam is a print error, a ribbon break a fault, a printer waiting for the
-- operator to refill cards (media-empty, media-needed) is no error, and
-- the time it waits is not working time.
local P = require "printerlib"

suite {
  title = "Card printer: reliability",
  standard = "DB43/T 3.3",
}

local function counts(ev)
  local out = {}
  for k, v in pairs(ev) do out[#out + 1] = k .. "=" .. v end
  table.sort(out)
  return table.concat(out, ", ")
end

local function waiting_for_operator(now)
  return P.has(now.reasons, "media-empty") or P.has(now.reasons, "media-needed")
end

-- Follows a job to its end while the printer only waits for the operator:
-- state, every reason seen, message, printer now, seconds waited. Since
-- when it waited nobody can tell, so the whole job counts as waiting: the
-- working time is never overstated.
local function follow(job)
  local w0 = bench.clock()
  local state, reasons, msg, now = job:wait()
  local waited = false
  while state == "timeout" and waiting_for_operator(now) do
    local r
    state, r, msg, now = job:wait()
    waited = true
    for _, x in ipairs(r) do reasons[#reasons + 1] = x end
  end
  return state, reasons, msg, now, waited and bench.clock() - w0 or 0
end

-- "ok", or "error"/"fault" and what happened.
local function classify(state, reasons, msg, now)
  if P.has(reasons, "marker-supply-empty") then
    return "fault", "ribbon/film break (marker-supply-empty while the card printed)"
  end
  if state == "completed" then return "ok" end
  if state == "timeout" and P.has(now.reasons, "media-jam") then
    return "error", "card jammed: " .. msg
  end
  if state == "timeout" then
    return "error", msg .. ", reasons " .. table.concat(now.reasons, ",")
  end
  return "error", state .. ": " .. msg
end

test {
  id = "printer.reliability",
  title = "No fault over the soak time (2 consecutive errors or a ribbon break = fault)",
  title_zh = "连续运行期间无故障（连续 2 次错误或色带断裂即为故障）",
  clause = "DB43/T 3.3 §6.3.1 表1-7; §6.3.2 表2; §6.3.3 表3",
  roles = { "printer" },
  -- The default 24 h soak in real time and two hours more; a longer
  -- soak_hours needs the station's test_timeout (docs/suite-api.md).
  timeout = 26 * 3600,
  duration = 24 * 3600, -- soak_hours' default (bench plan; a run here gives the real figure)
  run = function(t)
    local p = t.roles.printer
    local file = P.card_pdf(t)
    local hours = p:config().soak_hours
    local t0, cards, errors, run_of_errors, fault = bench.clock(), 0, 0, 0, nil
    local waited, waits = 0, 0
    while bench.clock() - t0 - waited < hours * 3600 do
      local job = p:print { file = file, sides = "one-sided" }
      local state, reasons, msg, now, w = follow(job)
      cards, waited = cards + 1, waited + w
      if w > 0 then waits = waits + 1 end
      if state == "timeout" then job:cancel() end
      local class, what = classify(state, reasons, msg, now)
      if class == "ok" then
        run_of_errors = 0
      else
        errors = errors + 1
        run_of_errors = run_of_errors + 1
        local why = string.format("card %d at %.2f h: %s (%s)", cards,
                                  (bench.clock() - t0) / 3600, what, table.concat(reasons, ","))
        t:note("error" .. errors, why)
        if class == "fault" then
          fault = why
        elseif run_of_errors >= 2 then
          fault = "two consecutive print errors: " .. why
        end
        if fault then break end
      end
    end
    local working = (bench.clock() - t0 - waited) / 3600
    t:note("cards", cards)
    t:note("operator_waits", string.format("%d, %.2f h (not working time)", waits, waited / 3600))
    t:note("events", counts(p:events()))
    t:ok(fault == nil, "no fault in the soak", fault)
    t:measure { name = "fault_free_hours", value = working, unit = "h", min = hours }
  end,
}
