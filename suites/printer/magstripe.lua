-- Mag stripe: the encoder writes all three tracks (ISO/IEC 7811: track 1
-- alphanumeric, tracks 2 and 3 numeric, sentinels and LRC) and reads them
-- back, at high and/or low coercivity as the station's role says (seed 000
-- table 1 item 2: "可同时在磁条的三个磁道上读、写、自动校验 ... 高、低磁抗").
local P = require "printerlib"

suite {
  title = "Card printer: magnetic stripe",
  standard = "DB43/T 3.3 (seed 000); ISO/IEC 7811-2/-6",
}

local TRACKS = {
  "B6214830000000001^ZHANG/SAN^30121010000000000000",
  "6214830000000001=30121010000000000",
  "016214830000000001=1561560000000000000000000000000000000",
}

test {
  id = "printer.magstripe",
  title = "Tracks 1-3 written and read back identical (sentinels, parity, LRC)",
  clause = "DB43/T 3.3 §6.3.1 表1-2; §6.3.2 表2; §6.3.3 表3",
  roles = { "printer" },
  run = function(t)
    local p = t.roles.printer
    local c = p:config().coercivity
    local modes = c == "both" and { "high", "low" } or { c }
    local target = P.target(t)
    for _, mode in ipairs(modes) do
      local state, reasons, msg, job = P.print_wait(t, {
        file = target, sides = "one-sided", magstripe = TRACKS, coercivity = mode })
      if t:eq(state, "completed", mode .. " coercivity card printed") then
        local back = p:read_mag(job)
        for i, e in ipairs(back.errors) do t:fail(mode .. ": read-back error", e) end
        t:eq(back.coercivity, mode, "stripe written at " .. mode .. " coercivity")
        for i = 1, 3 do
          t:eq(back[i], TRACKS[i], mode .. " coercivity track " .. i .. " reads back")
        end
      else
        t:note(mode, table.concat(reasons, ",") .. ": " .. msg)
      end
    end
  end,
}
