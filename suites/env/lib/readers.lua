-- The DUT's card readers that a station lets bench watch: the contact slot
-- (role `card`) and the contactless antenna (role `contactless`), those of
-- them the station has. A DUT works when each selects the MF of its card.
local M = {}

M.ROLES = { "card", "contactless" }

-- The reader roles the station has, in M.ROLES's order.
function M.present(t)
  local out = {}
  for _, name in ipairs(M.ROLES) do
    if t.station.roles[name] then out[#out + 1] = name end
  end
  return out
end

-- SELECT MF through reader `name`: pcall's ok and the answer (or error).
-- reconnect: connect again first if the card does not answer (after the
-- DUT's power came back, its card went with it); a reader being watched
-- is not given that chance, as a reset is not working on.
function M.select_mf(t, name, reconnect)
  return pcall(function()
    local card = t.roles[name]
    if reconnect and not pcall(card.transmit, card, "00A40000023F00") then card:reconnect() end
    return card:transmit("00A40000023F00")
  end)
end

-- The first of the readers `names` whose SELECT MF is not answered 9000:
-- "<name>: <why>"; nil when all answered. reconnect: as select_mf's.
function M.first_silent(t, names, reconnect)
  for _, name in ipairs(names) do
    local ok, r = M.select_mf(t, name, reconnect)
    if not ok or r.sw ~= "9000" then
      return name .. ": " .. (ok and "SW " .. r.sw or tostring(r))
    end
  end
end

-- As first_silent with reconnect, asked again for up to `secs` of real time
-- (a reader whose DUT was just powered, or whose card the host sees a
-- moment late): nil once all answer, else the last "<name>: <why>".
function M.silent_after(t, names, secs)
  local t0, silent = bench.mono(), nil
  repeat
    silent = M.first_silent(t, names, true)
    if silent then bench.sleep(0.2 * (t.station.time_scale or 1)) end
  until not silent or bench.mono() - t0 >= secs
  return silent
end

return M
