-- Continuous printing without a fault for 24 h (seed 000 table 1 item 7,
-- tables 2 and 3 alike): two consecutive print errors, or a ribbon / film
-- break, count as one fault. The length is the role's soak_hours (24 by
-- default); on a simulated station `--time-scale` makes a simulated day.
local P = require "printerlib"

suite {
  title = "Card printer: reliability",
  standard = "DB43/T 3.3 (seed 000)",
}

-- IPP state reasons may carry a severity suffix (-report, -warning, -error).
local function has(list, want)
  for _, r in ipairs(list) do
    if r:gsub("%-report$", ""):gsub("%-warning$", ""):gsub("%-error$", "") == want then
      return true
    end
  end
  return false
end

local function counts(ev)
  local out = {}
  for k, v in pairs(ev) do out[#out + 1] = k .. "=" .. v end
  table.sort(out)
  return table.concat(out, ", ")
end

test {
  id = "printer.reliability",
  title = "No fault over the soak time (2 consecutive errors or a ribbon break = fault)",
  clause = "DB43/T 3.3 §6.3.1 表1-7; §6.3.2 表2; §6.3.3 表3",
  roles = { "printer" },
  -- The default 24 h soak in real time and two hours more; a longer
  -- soak_hours needs the station's test_timeout (docs/suite-api.md).
  timeout = 26 * 3600,
  run = function(t)
    local p = t.roles.printer
    local file = P.card_pdf(t)
    local hours = p:config().soak_hours
    local t0, cards, errors, run_of_errors, fault = bench.clock(), 0, 0, 0, nil
    while bench.clock() - t0 < hours * 3600 do
      local state, reasons, msg = P.print_wait(t, { file = file, sides = "one-sided" })
      cards = cards + 1
      if state == "completed" then
        run_of_errors = 0
      else
        errors = errors + 1
        run_of_errors = run_of_errors + 1
        local why = string.format("card %d at %.2f h: %s (%s)", cards,
                                  (bench.clock() - t0) / 3600, msg, table.concat(reasons, ","))
        t:note("error" .. errors, why)
        if has(reasons, "marker-supply-empty") then
          fault = "ribbon/film break: " .. why
        elseif run_of_errors >= 2 then
          fault = "two consecutive print errors: " .. why
        end
        if fault then break end
      end
    end
    local elapsed = (bench.clock() - t0) / 3600
    t:note("cards", cards)
    t:note("events", counts(p:events()))
    t:ok(fault == nil, "no fault in the soak", fault)
    t:measure { name = "fault_free_hours", value = elapsed, unit = "h", min = hours }
  end,
}
