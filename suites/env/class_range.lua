-- Operating ranges of the devices whose specifications give a temperature
-- (and humidity) range instead of work_temp.lua's 15-35 C holds. The profile
-- that applies is chosen by the station's `dut: class:`; the others SKIP,
-- naming the class they are for.
--
--   document-camera     DB43/T 3.3 表5 item 17 工作环境: -10..50 C, 5..93 %RH
--   camera-ptz          厦门市一、二类视频监控设备主要技术要求 item 20 (超远距离转台摄像系统) 环境适应性: high 70 +- 2 C, low -40 +- 2 C
--   display-dlp         厦门市一、二类视频监控设备主要技术要求 items 33-34 (DLP 拼接显示单元) 工作温度 0..40 C
--
-- Each range is one item's: the spec gives no range for its other cameras
-- and displays, so a class names the item (a fixed camera is no
-- camera-ptz: class video-camera, and no profile here applies to it).
--   cabinet             厦门市一、二类视频监控设备主要技术要求 item 38 普通设备箱: -5..55 C, RH <= 95 % non-condensing
--   cabinet-integrated  厦门市一、二类视频监控设备主要技术要求 item 37 一体化设备箱: -40..55 C, RH <= 95 %
--
-- Neither seed gives a duration or a humidity test method: each corner is
-- held 2 h (as storage.lua; a lab may lengthen `hold`), and the humidity
-- limit is checked with the steady damp heat of GB/T 2423.3 (40 +- 2 C,
-- 93 +- 3 %RH), inside every range above. Whether the DUT works at each
-- corner is an operator step at the end of the hold (`--answers`: <test
-- id>.works: yes). Through the hold bench watches what it can reach every
-- 5 min: the DUT's network service where the station has a `service` role
-- (an IP camera's RTSP stream must still be described, with its video, and
-- play, its frames coming: a camera whose probes cannot show them SKIPs
-- before the chamber moves; an HTTP interface must answer; a failed probe
-- is repeated 5 s later), and a document camera's card readers (表5
-- items 5, 11) where it has a `contactless` or `card` role. A camera or
-- reader that stops in the cold and is back by the end of the hold fails
-- there, though the operator saw it work.
-- A reading that fails, or an operator's "no", while the chamber reads in
-- its tolerance band but outside the class's range is inconclusive, not
-- the DUT's failure (the camera-ptz range is item 20's condition with its
-- +- 2 C).
local env = require "envprofile"
local readers = require "readers"
local service = require "service"

suite { title = "Operating range by device class", standard = "DB43/T 3.3; 厦门市一、二类视频监控设备主要技术要求" }

local HOLD, STABLE, SAMPLE = 2 * 3600, 600, 120

-- The operator's check at the end of the hold. Where the chamber reads
-- outside the class's range as it begins (`outside`: in its band past a
-- range's end), a "no" is inconclusive: the device may have failed of a
-- harsher condition than the clause's.
local function works(t, outside)
  local prompt = "At this condition, does the device work (image, controls, output)?"
  if not outside then
    t:ask { key = "works", kind = "yesno", expect = true, prompt = prompt }
  elseif not t:ask { key = "works", kind = "yesno", prompt = prompt } then
    t:inconclusive("operator: the device does not work, but the chamber read " .. outside)
  end
end

-- The document camera's readers, each selecting the MF of the card on it.
-- The run before the hold (el 0) may connect again, for up to 2 s of real
-- time: a reader that stopped in the hold before has its card back, the
-- host sees it a moment later, and opening is not the hold's.
local function reads(t, el)
  local names = readers.present(t)
  local silent = el == 0 and readers.silent_after(t, names, 2) or readers.first_silent(t, names)
  if silent then error(silent, 0) end
end

-- The DUT's network service (suites/lib/service.lua: a camera's frames
-- must come). A camera just back from the hold before has 2 s of real time
-- at el 0, as a reader has. In the hold a failed probe is repeated after
-- AGAIN s, as video.continuous_7x24 does: one lost on the lab's network is
-- not the DUT's.
local AGAIN = 5
local function serves(t, el)
  local why = service.watch(t)
  for _ = 2, el == 0 and 10 or 1 do
    if not why then return end
    bench.sleep(0.2 * (t.station.time_scale or 1))
    why = service.watch(t)
  end
  if why and el > 0 then
    bench.sleep(AGAIN)
    why = service.watch(t)
  end
  if why then error(why, 0) end
end

-- What a hold watches: the DUT's network service where the station has
-- one, and a document camera's card readers too.
local function watcher(with_readers)
  return function(t, el)
    if with_readers then reads(t, el) end
    if t.station.roles.service then serves(t, el) end
  end
end
local WATCH = { "card", "contactless", "service" }

-- Before the chamber moves: a camera whose probes show no frames SKIPs
-- (its role, not the DUT: nothing of it would be watched).
local function watchable(t)
  if t.station.roles.service then service.watchable(t) end
end

local function corner(id, set, tol, range, with_readers)
  return { id = id, set = set, tol = tol, hold = HOLD, stable = STABLE, sample = SAMPLE,
    after = works, range = range, workload = watcher(with_readers),
    workload_any = with_readers and WATCH or { "service" }, before = watchable }
end

local DAMP = { temp = 40, rh = 93 }
local DAMP_TOL = { temp = 2, rh = 3 }

-- rh: the class's humidity range {min, max} where it has one (the damp
-- heat hold); watch: the DUT's card readers are watched through the holds
-- (its `service` always, where the station has one); band: the clause's
-- own tolerance at its ends (camera-ptz: 70 +- 2 C), which widens the
-- range a failure counts in (else a range's ends are its limits).
local function range(class, clause, low, high, rh, watch, band)
  local id = "env.range." .. class
  local temp = { temp = { low - (band or 0), high + (band or 0) } }
  local steps = {
    corner(id .. ".low", { temp = low }, { temp = 2 }, temp, watch),
    corner(id .. ".high", { temp = high }, { temp = 2 }, temp, watch),
  }
  if rh then
    local s = corner(id .. ".damp", DAMP, DAMP_TOL, { temp = { low, high }, rh = rh }, watch)
    s.clause = clause .. "; GB/T 2423.3 steady damp heat 40 C / 93 %RH"
    steps[#steps + 1] = s
  end
  env.profile { id = id, class = class, title = "Operating range (" .. class .. ")",
    title_zh = "工作环境（" .. class .. "）",
    clause = clause, ref_role = "ref_sensor", steps = steps }
end

range("document-camera", "DB43/T 3.3 §6.3.5 表5-17 工作环境 (-10..50 C, 5..93 %RH)", -10, 50,
  { 5, 93 }, true)
range("camera-ptz", "厦门市一、二类视频监控设备主要技术要求 item 20 超远距离转台摄像系统 环境适应性 (高温 70 +- 2 C, 低温 -40 +- 2 C)", -40, 70,
  nil, false, 2)
range("display-dlp", "厦门市一、二类视频监控设备主要技术要求 items 33-34 DLP 拼接显示单元 工作温度 (0..40 C)", 0, 40)
range("cabinet", "厦门市一、二类视频监控设备主要技术要求 item 38 普通设备箱 工作环境 (-5..55 C, <= 95 %RH)", -5, 55, { 0, 95 })
range("cabinet-integrated", "厦门市一、二类视频监控设备主要技术要求 item 37 一体化设备箱 工作环境 (-40..55 C, <= 95 %RH)", -40, 55,
  { 0, 95 })
