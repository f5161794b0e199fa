-- 厦门市一、二类视频监控设备主要技术要求 四 (二) 可靠性: "所有一、二类视频监控
-- 设备的角色定位，要求设备应能有效保证系统 7*24 不间断运行". For one device
-- bench reads it so: for 7 days (7 x 24 h) the device's network service
-- works at every probe, one a minute (suites/lib/service.lua: a camera's
-- stream is described with its video and plays, its first frames coming;
-- an HTTP interface answers). A camera that only answers (a 401 without
-- the station's login, an HTTP page, a role with frames: 0) shows nothing
-- of its encoder: the test SKIPs, saying which.
--
-- The spec gives neither a probe interval nor what an interruption is. A
-- probe that fails is repeated after 5 s; only when that one fails too is it
-- an interruption (a probe lost on the lab's network is not the DUT's), and
-- the service is down until a probe works again. Every failed probe is
-- counted all the same (`missed_probes`, `availability`). An outage shorter
-- than the minute between probes can go unseen.
--
-- A watch bench stopped in (killed, the host down) starts its week again
-- on `bench resume`: nobody watched while bench was down, and 7*24 不间断
-- cannot be shown across that gap. What the earlier watch saw still counts
-- (its tally is saved with t:checkpoint as it changes, and once a second
-- of real time: every probe at a real station's pace): its probes and
-- misses, and an interruption it saw fails the test however the new week
-- goes; an outage open at the stop ends there, as long as it was seen.
suite { title = "Continuous operation (7x24)", standard = "厦门市一、二类视频监控设备主要技术要求" }

local service = require "service"

local WEEK, EVERY, AGAIN = 7 * 24 * 3600, 60, 5

-- The tally of the probes: counts, the open outage, the longest, the first.
local function tally()
  return { probes = 0, missed = 0, outages = 0, longest = 0 }
end

-- One probe at el (s into the week), repeated once AGAIN s later if it fails.
local function probe(t, s, el)
  local why = service.watch(t)
  s.probes = s.probes + 1
  if why then
    s.missed = s.missed + 1
    bench.sleep(AGAIN)
    why = service.watch(t)
    s.probes = s.probes + 1
    if why then s.missed = s.missed + 1 end
  end
  if why and not s.down then
    s.down, s.outages = el, s.outages + 1
    s.first = s.first or string.format("+%.2f h: %s", el / 3600, why)
  elseif not why and s.down then
    s.longest, s.down = math.max(s.longest, el - s.down), nil
  end
end

-- The tally saved before bench stopped, if any, the watch starting again:
-- an outage open then is closed at the last probe, and the restart noted.
local function restored(t)
  local s = t:restore()
  if not s then return tally() end
  if s.down then s.longest, s.down = math.max(s.longest, s.el - s.down), nil end
  if s.first and not s.first:find("before bench stopped", 1, true) then
    s.first = s.first .. " (before bench stopped)"
  end
  s.restarts = (s.restarts or 0) + 1
  t:note("restarted" .. s.restarts, string.format("the week started again: bench stopped %.2f h "
    .. "into it, about %d s before (real time), unwatched; the %d probes before count",
    s.el / 3600, os.time() - s.saved, s.probes))
  return s
end

-- Saves the tally when an interruption begins or ends, else once a second.
local function save(t, s, el, was_down)
  if os.time() ~= s.saved or (s.down ~= nil) ~= was_down then
    s.el, s.saved = el, os.time()
    t:checkpoint(s)
  end
end

test {
  id = "video.continuous_7x24",
  title = "Works 7x24 without interruption: its service answers every minute for 7 days",
  title_zh = "7*24 小时不间断运行：连续 7 天每分钟均可访问其视频流（或接口）",
  clause = "厦门市一、二类视频监控设备主要技术要求 四 (二) 可靠性 (7*24 不间断运行)",
  roles = { "service" },
  dut_class = "video-camera|camera-ptz|display-dlp",
  duration = WEEK,
  timeout = WEEK + 7200, -- real seconds: the week, and the probes' own time
  run = function(t)
    service.watchable(t)
    local s, t0, at = restored(t), bench.clock(), 0
    while true do
      local was_down = s.down ~= nil
      probe(t, s, bench.clock() - t0)
      save(t, s, bench.clock() - t0, was_down)
      if at >= WEEK then break end
      at = math.min(at + EVERY, WEEK)
      bench.sleep(math.max(0, at - (bench.clock() - t0)))
    end
    if s.down then s.longest = math.max(s.longest, bench.clock() - t0 - s.down) end
    if s.first then t:note("first_interruption", s.first) end
    t:measure { name = "probes", value = s.probes, unit = "count" }
    t:measure { name = "missed_probes", value = s.missed, unit = "count" }
    t:measure { name = "availability", value = 100 * (s.probes - s.missed) / s.probes, unit = "%" }
    t:measure { name = "longest_outage", value = s.longest, unit = "s" }
    t:measure { name = "interruptions", value = s.outages, unit = "count", max = 0 }
  end,
}
