-- A DUT's network service (role `service`, docs/drivers.md "## service":
-- an IP camera's RTSP stream, a device's HTTP interface), as the suites
-- that watch a device without a card reader judge one probe of it.
local M = {}

-- One probe: nil when the service works, else why not, and the probe's
-- answer. It works when it answers: RTSP DESCRIBE with an SDP that
-- describes a video stream (RFC 2326 §10.2, RFC 4566 "m=video") whose
-- frames then come (SETUP, PLAY, the role's `frames` frames in RTP, RFC
-- 3550), HTTP GET with a status under 400 (RTSP: 200 only). opts: probe's ({frames = N}). A
-- 401 the station's login (role options user, password_env) answered is
-- the driver's; one it got again refused that login: a fault. Without a
-- login, or with a challenge bench cannot answer, a 401 shows the service
-- answers, and that is all it shows (noted).
function M.fault(t, opts)
  local ok, a = pcall(function() return t.roles.service:probe(opts) end)
  if not ok then return tostring(a) end
  if a.status == 401 and a.login == "refused" then
    return "service refused the station's login: " .. a.line, a
  elseif a.status == 401 then
    t:note("service_auth", a.line .. (a.login == "unsupported" and
      ": asks for a login of a scheme bench does not speak" or ": asks for a login") ..
      "; its answering is what is watched")
  elseif a.status >= 400 then
    return "service answered " .. a.line, a
  elseif a.status ~= 200 and a.line:match("^RTSP/") then
    -- the driver follows a redirect's rtsp:// Location (3 hops): one still
    -- here had none, another scheme, or led on and on; the stream is not seen
    return "service answered " .. a.line .. (a.moved and " at " .. a.moved or "")
      .. ": no stream described (a redirect without an rtsp:// Location, or more than 3)", a
  elseif a.video == false then
    return "service: " .. a.line .. ", but its SDP describes no video stream (m=video)", a
  elseif a.streamed == false then
    return "service: " .. a.line .. " with video, but its frames do not come: " .. a.stream, a
  end
  return nil, a
end

-- The classes whose service is a camera's video stream: watching one is
-- seeing its frames come.
local CAMERAS = { ["video-camera"] = true, ["camera-ptz"] = true }

function M.is_camera(t)
  return CAMERAS[t.station.dut and t.station.dut.class or ""] == true
end

-- Why an answer that fault() took shows nothing of a camera's video: its
-- frames were not played. Nil when they came.
function M.blind(a)
  if a.streamed then return nil end
  if a.status == 401 then
    return "the camera asks for a login: give the service role user and password_env"
  elseif not a.line:match("^RTSP/") then
    return "the service role is not the camera's RTSP stream (url: rtsp://...)"
  end
  return "the service role's frames is 0: the stream is described, not played"
end

-- How long a watch's probe waits for a camera's first frames: a camera may
-- start a stream at its next key frame, and a GOP of 250 frames at 25 fps
-- is 10 s.
local KEY_FRAME_MS = 10000

-- One probe of a watch (7x24, an environment hold): fault()'s, and for a
-- camera its frames must come too. An encoder that died leaves the RTSP
-- server answering DESCRIBE; a 401 or an HTTP page says no more.
function M.watch(t)
  local why, a = M.fault(t, M.is_camera(t) and { wait_ms = KEY_FRAME_MS } or nil)
  if why or not M.is_camera(t) then return why, a end
  local blind = M.blind(a)
  return blind and "no frames seen: " .. blind or nil, a
end

-- Before a watch of a camera: SKIPs the test when a probe that answers
-- shows no frames (the station's role, not the DUT: nothing would be
-- watched). A probe that fails is the watch's to count.
function M.watchable(t)
  if not M.is_camera(t) then return end
  local why, a = M.fault(t)
  local blind = not why and M.blind(a)
  if blind then t:skip("a camera is watched through its frames: " .. blind) end
end

return M
