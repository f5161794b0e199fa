-- Read time. The one limit in the standards is DB43/T 3.3 §6.3.3 表3's,
-- of the self-service machine's contactless reader: "读卡距离 0～5cm，读卡
-- 速度＜1s", over the whole distance, so that read is timed at rest and,
-- where the station has the position fixture (card_position), at the far
-- end of the range too (term.field_limits). Other classes and the contact
-- interface have no such row: their read times are measured and reported,
-- and judged only against the role's read_time_ms where the lab sets one.
-- A read starts with the card's activation (powered off, connected again:
-- its ATR), then SELECT MF, EF05 records 1-7, EF06 records 1-6 (GF 61/T
-- PT002-2014 appendix F.1.1/F.1.2).
suite {
  title = "Read time",
  standard = "DB43/T 3.3 §6.3.3",
}

local term = require "terminal"

-- The limit of a read on `role` (ms), or nil: 1000 for 表3's contactless
-- reader, else the role's read_time_ms; noted either way.
local function limit(t, role)
  if role == "contactless" and t.station.dut.class == "self-service" then
    t:note("limit", "1000 ms: DB43/T 3.3 表3, the self-service contactless reader")
    return 1000
  end
  local v = t.station.roles[role] and t.station.roles[role].read_time_ms
  t:note("limit", v and (v .. " ms (the role's read_time_ms)")
         or "none: no row of the standards for this class and interface; measured only")
  return v and tonumber(v)
end

-- One timed read as `name`; false when the card did not come back.
local function timed_read(t, card, name, lim)
  card:disconnect("unpower")
  local t0 = bench.mono()
  local up, err = pcall(function() card:reconnect() end)
  if not t:ok(up, name .. ": the card is activated again", tostring(err)) then return false end
  local n, bad, where = term.read_identity(card)
  local ms = (bench.mono() - t0) * 1000
  t:note(name .. "_apdus", n .. " (identity files in the " .. where .. ")")
  t:ok(bad == nil, name .. ": every identity read answers 9000", bad and term.ex(bad))
  t:measure { name = name, value = ms, unit = "ms", lt = lim }
  return true
end

-- The card back on the antenna for the tests after, however the test
-- ended (its rest: a killed run's resume runs it too).
local function on_antenna(t)
  if not t.station.roles.card_position then return end
  t.roles.card_position:move(0)
  term.real_sleep(t, term.SETTLE_S)
end

-- At the far end of the range the contactless card must read as fast.
local function at_range_end(t, card, lim)
  if not t.station.roles.card_position then
    t:note("read_time_range_end", "no card_position role: timed at rest only")
    return
  end
  local pos, mm = t.roles.card_position, term.field_limits(t).works_mm
  pos:move(mm)
  term.real_sleep(t, term.SETTLE_S)
  timed_read(t, card, string.format("read_time_at_%dmm", mm), lim)
end

for _, v in ipairs(term.INTERFACES) do
  local contactless = v.role == "contactless"
  test {
    id = "terminal.read_time." .. v.name,
    title = "Card activated and identity files read: time (" .. v.name .. ")"
            .. (contactless and ", at rest and at the range's end; < 1 s on a self-service DUT"
                or ""),
    title_zh = "卡片激活并读取身份信息文件的时间（" .. v.name .. "）"
               .. (contactless and "，含读卡距离上限处；自助设备 < 1 s" or ""),
    clause = contactless and "DB43/T 3.3 §6.3.3 表3 (读卡距离 0～5cm，读卡速度＜1s)"
             or "DB43/T 3.3 §6.3.3 表3 (measured: the standards give the contact interface no "
                .. "read time)",
    roles = { v.role },
    uses = contactless and { "card_position" } or nil,
    rest = contactless and on_antenna or nil,
    run = function(t)
      local card, lim = t.roles[v.role], limit(t, v.role)
      if timed_read(t, card, "read_time", lim) and contactless then at_range_end(t, card, lim) end
    end,
  }
end
