-- Contactless read distance: the position fixture (role card_position, a
-- linear actuator holding the card above the antenna) steps the card away;
-- at each distance the bench reconnects and selects the MF. GF 61/T
-- PT002-2014 §5.1: 0-4 cm must work, beyond 10 cm must fail (4-10 cm is
-- not specified: recorded only); DB43/T 3.3 §6.3.3 表3: a self-service
-- terminal's reader reads at 0-5 cm; §6.3.5 表5 (5): a document camera's
-- at >= 4 cm. Every point is a row of measurements.csv. The reader reads
-- ISO 14443 Type A and B (表4 (9), 表5 (5)), and one may reach less far
-- with one of them: the second test sweeps a card of the other type, which
-- the operator puts in the actuator's holder.
suite {
  title = "Contactless read distance",
  standard = "GF 61/T PT002-2014 §5.1; DB43/T 3.3 §6.3.3, §6.3.5",
}

local term = require "terminal"

local POINTS = { 0, 10, 20, 30, 40, 50, 60, 70, 80, 100, 110 }
local function reads_at(t, card, pos, mm)
  pos:move(mm)
  term.real_sleep(t, term.SETTLE_S)
  local ok, r = term.reconnect_mf(card)
  return ok and r.sw == "9000", ok and term.ex(r) or tostring(r)
end

-- The sweep of the card in the holder, then back on the antenna.
local function sweep(t)
  local card, pos = t.roles.contactless, t.roles.card_position
  local lim = term.field_limits(t)
  local reach, gap = nil, false
  local ok, err = pcall(function()
    for _, mm in ipairs(POINTS) do
      local good, why = reads_at(t, card, pos, mm)
      local m = { name = string.format("read_at_%dmm", mm), value = good and 1 or 0,
                  unit = "ok" }
      if mm <= lim.works_mm then m.equal = 1 end
      if mm > lim.fails_beyond_mm then m.equal = 0 end
      if not t:measure(m) then t:note(string.format("at_%dmm", mm), why) end
      if good and not gap then reach = mm end
      gap = gap or not good
    end
  end)
  t:ok(ok, "sweep ran", tostring(err))
  t:measure { name = "max_read_distance", value = reach or -1, unit = "mm",
              min = lim.works_mm }
  -- Back on the antenna: the card must read again.
  pcall(function() pos:move(0) end)
  local back = reads_at(t, card, pos, 0)
  t:ok(back, "card reads again back at 0 mm")
end

local function on_antenna(t) t.roles.card_position:move(0) end

test {
  id = "terminal.contactless.distance",
  title = "Reads work at 0-4 cm (0-5 cm self-service terminals), fail beyond 10 cm",
  title_zh = "0-4 cm（自助终端 0-5 cm）内可读卡，10 cm 以外不可读",
  clause = "GF 61/T PT002-2014 §5.1; DB43/T 3.3 §6.3.3 表3; §6.3.5 表5 (5)",
  roles = { "contactless", "card_position" },
  -- On the antenna for the tests after, however the test ends.
  rest = on_antenna,
  run = sweep,
}

local OTHER = { A = "B", B = "A" }

local HOLDER = "in the actuator's holder"

test {
  id = "terminal.contactless.distance_other",
  title = "The same read distances with a card of the other ISO/IEC 14443 type",
  title_zh = "另一类型（ISO/IEC 14443 A/B）卡片的读卡距离相同要求",
  clause = "GF 61/T PT002-2014 §5.1; DB43/T 3.3 §6.3.3 表3; §6.3.4 表4 (9); §6.3.5 表5 (5)",
  roles = { "contactless", "card_position" },
  -- A run that died in it: the station's card back in the holder (the
  -- operator, who may have swapped it), then on the antenna. As the test
  -- ends, its own t:finally do both.
  rest_at_resume = function(t)
    term.ask_back(t, term.card_back(t, HOLDER))
    on_antenna(t)
  end,
  run = function(t)
    local had = t.station.roles.contactless.rf_type
    if not OTHER[had or ""] then
      t:skip("the contactless role declares no rf_type: the other type is not known")
    end
    t:finally(on_antenna)
    t.roles.card_position:move(0)
    term.other_type(t, "in_holder", OTHER[had], HOLDER, function() sweep(t) end)
  end,
}
