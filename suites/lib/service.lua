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
    -- a redirect (3xx) names another URL, which bench does not follow: the
    -- stream is not seen; the station's url should be the one it names
    return "service answered " .. a.line .. ": no stream described (give the role the URL it names)", a
  elseif a.video == false then
    return "service: " .. a.line .. ", but its SDP describes no video stream (m=video)", a
  elseif a.streamed == false then
    return "service: " .. a.line .. " with video, but its frames do not come: " .. a.stream, a
  end
  return nil, a
end

return M
