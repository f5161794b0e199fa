-- Mag stripe: the encoder writes all three tracks (ISO/IEC 7811: track 1
-- alphanumeric, tracks 2 and 3 numeric, sentinels and LRC) and reads them
-- back, at every coercivity the DUT class needs (DB43/T 3.3 table 1 item 2,
-- tables 2 and 3 alike: "可同时在磁条的三个磁道上读、写、自动校验 ... 可以选择
-- 并支持高、低磁抗写磁": high and low for all three classes). Each track of
-- each card is judged on its own: read back, start and end sentinel, the
-- parity of every character, the LRC, the data.
local P = require "printerlib"

suite {
  title = "Card printer: magnetic stripe",
  standard = "DB43/T 3.3; ISO/IEC 7811-2/-6",
}

local TRACKS = {
  "B6214830000000001^ZHANG/SAN^30121010000000000000",
  "6214830000000001=30121010000000000",
  "016214830000000001=1561560000000000000000000000000000000",
}

local function offers(role, mode)
  return role == "both" or role == mode
end

local function check_tracks(t, mode, back)
  for i = 1, 3 do
    local tr = back.tracks[i]
    local what = mode .. " coercivity track " .. i
    if t:ok(tr ~= nil, what .. " read back") then
      if t:ok(tr.error == nil, what .. ": sentinels, every character's parity and the LRC",
              tr.error) then
        t:eq(tr.data, TRACKS[i], what .. " data identical")
        if tr.reversed then t:note("track" .. i .. "_" .. mode, "read back end first") end
      end
    end
  end
end

test {
  id = "printer.magstripe",
  title = "Tracks 1-3 written and read back identical (sentinels, parity, LRC) at each coercivity",
  title_zh = "磁条 1-3 磁道在各矫顽力下写入并读回一致（起止符、奇偶校验、LRC）",
  clause = "DB43/T 3.3 §6.3.1 表1-2; §6.3.2 表2; §6.3.3 表3",
  roles = { "printer" },
  run = function(t)
    local p = t.roles.printer
    local lim = P.limits(t)
    local cfg = p:config()
    if cfg.mag_encoder ~= "files" then
      t:skip("the printer role names no way to hand stripe data to the encoder (mag_encoder: "
             .. "files, docs/drivers.md): IPP carries none")
    end
    local role = cfg.coercivity
    local file = P.card_doc(t)
    for _, mode in ipairs(lim.coercivity) do
      if not offers(role, mode) then
        t:fail(mode .. " coercivity: the DUT class needs it, the station's printer role "
               .. "offers only " .. role)
      else
        local state, reasons, msg, job = P.print_wait(t, {
          file = file, sides = "one-sided", magstripe = TRACKS, coercivity = mode })
        if t:eq(state, "completed", mode .. " coercivity card printed") then
          local back = p:read_mag(job)
          t:eq(back.coercivity, mode, "stripe written at " .. mode .. " coercivity")
          check_tracks(t, mode, back)
        else
          t:note(mode, table.concat(reasons, ",") .. ": " .. msg)
        end
      end
    end
  end,
}
