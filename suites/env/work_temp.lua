-- DB43/T 3.3 tables 1-3 "工作环境": continuous operation for >= 4 h at
-- +15 C and at 35 C, and 4 h at +35 C / (80 +- 2) %RH, with a card read
-- loop as the workload (the contact slot, and the contactless antenna
-- where the station has one) and, where it has a printer, cards issued.
local env = require "envprofile"

suite { title = "Operating temperature and damp heat holds", standard = "DB43/T 3.3" }

local carddoc = require "carddoc"

-- 表1-3 工作环境: "连续正常工作" (表3: "连续制卡作业"): a card-issuing
-- machine's work is issuing cards. Where the station has a printer role,
-- every workload run checks the card sent at the one before (still
-- printing, or completed: an aborted or cancelled one, or one completed
-- with errors, is the DUT failing) and sends the next; the cards printed
-- are noted.
local printing = setmetatable({}, { __mode = "k" })

local function issue(t)
  if not t.station.roles.printer then return end
  local s = printing[t]
  if not s then
    local doc, why = carddoc.card(t)
    s = { doc = doc, n = 0 }
    printing[t] = s
    if not doc then t:note("printing", "none: " .. why) end
  end
  if not s.doc then return end
  if s.job then
    local state = s.job:poll()
    if state == "aborted" or state == "canceled" or state == "completed-with-errors" then
      s.job = nil -- judged here: the hold's end does not judge it again
      error(string.format("card %d: its job %s", s.n, state), 0)
    end
    if state ~= "completed" then return end
  end
  s.job, s.n = t.roles.printer:print { file = s.doc, sides = "one-sided" }, s.n + 1
end

-- At the hold's end: how many cards were sent, and the last one judged
-- too (the runs judge each card at the run after it, and the last has
-- none); inconclusive where the chamber had left the condition (`left`).
local function issued(t, left)
  local s = printing[t]
  if not (s and s.doc) then return end
  t:note("cards_sent", s.n)
  if not s.job then return end
  local state, reasons, msg = s.job:wait()
  local what = string.format("card %d, the last sent in the hold, printed", s.n)
  local why = string.format("card %d: its job %s: %s %s", s.n, state,
                            table.concat(reasons or {}, ","), msg or "")
  if state ~= "completed" and left then
    t:inconclusive(what .. ": " .. why .. "; the chamber had left the condition before ("
                   .. left .. ")")
  else
    t:ok(state == "completed", what, why)
  end
end

-- 表1-3 item 2 (并行工作): the contact and the contactless modules work
-- side by side, so each run reads both where the station has both.
local function card_loop(t)
  local r = t.roles.card:transmit("00A40000023F00")
  if r.sw ~= "9000" then error("contact: SELECT MF answered " .. r.sw, 0) end
  if t.station.roles.contactless then
    r = t.roles.contactless:transmit("00A40000023F00")
    if r.sw ~= "9000" then error("contactless: SELECT MF answered " .. r.sw, 0) end
  end
  issue(t)
  return true
end

-- 表3 item 4: a self-service machine's continuous work is issuing cards
-- (连续制卡作业): without a printer role its hold would show card reads
-- only, so it SKIPs before the chamber moves.
local function needs_printer(t)
  if t.station.dut and t.station.dut.class == "self-service" and not t.station.roles.printer then
    t:skip("表3 连续制卡作业: a self-service DUT's work in the hold is issuing cards, and the "
           .. "station has no printer role")
  end
end

local common = { stable = 600, sample = 60, workload = card_loop, workload_roles = { "card" },
                 workload_end = issued, uses = { "printer", "contactless" },
                 before = needs_printer }
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
