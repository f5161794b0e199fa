-- N consecutive identity reads: every failed exchange (an error from the
-- reader, a dropped APDU, a status word other than 9000) is counted, the
-- card reconnected, and the run goes on. The seeds give no read error
-- rate for terminals; any error fails (a certification verdict must not
-- average away a dropped APDU).
suite {
  title = "Read cycle reliability",
  standard = "GF 61/T PT002-2014 §8.2",
}

local term = require "terminal"
local CYCLES = 50

-- After a failed exchange the reader may need a moment (pcscd notices a
-- lost card on its next poll): reconnect until SELECT MF answers again, so
-- one error is counted once and not in every following cycle.
local RECOVER_S = 5

local function recover(t, card)
  local t0 = bench.mono()
  repeat
    local ok, r = term.reconnect_mf(card)
    if ok and r.sw == "9000" then return true end
    term.real_sleep(t, 0.2)
  until (bench.mono() - t0) * 1000 > RECOVER_S * 1000
  return false
end

-- Each error is saved at once (t:checkpoint): a run killed after it and
-- resumed goes on from the cycle after it, the error still counted (the
-- cycles since, error-free, are read again).
local function cycles(t, role)
  local card = t.roles[role]
  local st = t:restore() or { errors = 0, at = 0 }
  local errors, first = st.errors, st.first
  if st.at > 0 then t:note("resumed", "after the error of cycle " .. st.at) end
  for i = st.at + 1, CYCLES do
    local ok, n, bad = pcall(term.read_identity, card)
    if not ok or bad then
      errors = errors + 1
      first = first or string.format("cycle %d: %s", i, ok and term.ex(bad) or tostring(n))
      t:checkpoint { errors = errors, first = first, at = i }
      if not t:require(recover(t, card), string.format("reader recovers within %d s after the error of cycle %d", RECOVER_S, i)) then
        break
      end
    end
  end
  t:note("cycles", CYCLES)
  if first then t:note("first_error", first) end
  t:measure { name = "read_errors", value = errors, unit = "cycles", max = 0 }
  t:measure { name = "error_rate", value = 100 * errors / CYCLES, unit = "%", max = 0 }
end

local CLAUSE = { contact = "GF 61/T PT002-2014 §8.2", contactless = "GF 61/T PT002-2014 §8.1" }

for _, v in ipairs(term.INTERFACES) do
  test {
    id = "terminal.reliability." .. v.name,
    title = CYCLES .. " identity read cycles without error (" .. v.name .. ")",
    title_zh = "连续 " .. CYCLES .. " 次读取身份信息无差错（" .. v.name .. "）",
    clause = CLAUSE[v.name],
    roles = { v.role },
    run = function(t) cycles(t, v.role) end,
  }
end
