-- 厦门市一、二类视频监控设备主要技术要求 四 (一) 标准性 ("视音频解码 ... 需符合
-- 国家、行业标准规范") and 五 主要技术要求, each camera's 视频编码标准: item 1
-- "采用 H.264、H.265、MJPEG 视频编码标准", the others "支持 H.264、MJPEG，宜支持
-- H.265、SVAC1.0". What bench can see of a camera from its network is the
-- stream it serves: that it plays (RTSP DESCRIBE, SETUP, PLAY, RFC 2326)
-- and its frames come (RTP, RFC 3550), in an encoding the spec names.
-- 附件 2 四 (一) 图像质量要求 adds "帧率应不小于 25 帧/秒，编码采用
-- H.264/SVAC/MPEG-4 标准，可支持 H.265 标准": MPEG-4 is named too, and the
-- rate is judged. The service role names the main stream (主码流), as a
-- sub-stream may be set lower.
--
-- "支持" of an encoding the camera is not set to serve cannot be seen from
-- its stream: a lab that checks each one sets the camera to it and runs the
-- test again (the encoding is in the report). A stream in a container
-- (MPEG-2 PS, as GB/T 28181-2016 carries video; TS) passes with the
-- encoding inside noted as unread: bench does not parse it.
suite { title = "Video stream", standard = "厦门市一、二类视频监控设备主要技术要求" }

local service = require "service"

-- Frames awaited: a second of a 25 fps stream, so the rate is measured over
-- 25 intervals, not one; for up to 15 s (a stream of 2 fps still plays).
local FRAMES, WAIT_MS = 26, 15000

-- The encodings the spec names, by their RTP names (RFC 6184 H264, RFC 7798
-- H265, RFC 2435 JPEG, RFC 6416 MP4V-ES, SVAC as its vendors name it).
local NAMED = { H264 = "H.264", H265 = "H.265", JPEG = "MJPEG", SVAC = "SVAC",
                ["MP4V-ES"] = "MPEG-4" }

-- 25 fps as a camera states its rate, to 0.1 fps: a 25 fps sensor's frame
-- clock and the 90 kHz clock that stamps its frames are two oscillators, and
-- may disagree by a few hundred ppm, well inside 24.95.
local MIN_FPS = 24.95
local CONTAINERS = { MP2P = true, PS = true, MP2T = true }

-- The probe of the service role with `frames` frames awaited (and, sized,
-- until the stream gives a picture size): its answer, once the stream
-- played; a service that is no RTSP stream, or asks for a login the station
-- does not give, SKIPs the test, naming why.
local function played(t, frames, sized)
  local why, a = service.fault(t, { frames = frames, wait_ms = WAIT_MS, sized = sized })
  if a and a.video == nil and not why then
    t:skip(a.status == 401 and "the camera asks for a login: give the service role user and password_env"
      or "the service role is not an RTSP stream (url: rtsp://...)")
  end
  t:require(not why, why or "the stream plays")
  return a
end

test {
  id = "video.stream",
  title = "Its video stream plays, at 25 frames/s or more, in an encoding the spec names",
  title_zh = "视频流可播放，帧持续到达，帧率不小于 25 帧/秒，编码为规定的视频编码标准"
    .. "（H.264、H.265、MJPEG、SVAC、MPEG-4）",
  clause = "厦门市一、二类视频监控设备主要技术要求 四 (一) 标准性; 五 主要技术要求 (视频编码标准); "
    .. "附件 2 四 (一) 图像质量要求",
  roles = { "service" },
  dut_class = "video-camera|camera-ptz",
  run = function(t)
    local a = played(t, FRAMES)
    if a.moved then t:note("moved", "DESCRIBE redirected to " .. a.moved) end
    t:note("encoding", a.codec ~= "" and a.codec or "(not in the SDP)")
    t:note("transport", a.transport)
    t:measure { name = "frames", value = a.frames, unit = "count", min = FRAMES }
    if a.fps then
      t:measure { name = "frame_rate", value = a.fps, unit = "fps", min = MIN_FPS }
    elseif a.frames >= FRAMES then
      t:inconclusive("its frame rate is unknown: the SDP gives no clock rate for "
                     .. ((a.codec or "") ~= "" and a.codec or "its payload")
                     .. ", so the RTP timestamps cannot be read as seconds")
    end
    local codec = (a.codec or ""):upper()
    if CONTAINERS[codec] then
      t:note("encoding_inside", codec .. ": a container; the encoding it carries is not read")
    else
      t:ok(NAMED[codec], "its encoding (" .. (a.codec or "none") ..
        ") is one the spec names: H.264, H.265, MJPEG, SVAC, MPEG-4")
    end
  end,
}

-- 附件 2 四 (一) 图像质量要求: "视频图像应达到 1080P 分辨率" (and 五 主要技术要求:
-- "视频输出支持 1080P", "主码流…支持 1080P/720P 设置", over a sensor of "不低于
-- 200 万像素"). What the network shows of the main stream's pictures is the
-- size they declare, after their cropping: the sequence parameter set the
-- stream sends in band (H.264, H.265: what its decoder uses), else the one
-- its SDP carries (H.264's sprop-parameter-sets, RFC 6184 §8.1; H.265's
-- sprop-sps, RFC 7798 §7.1); MPEG-4 Part 2's VOL header, in band or in
-- the SDP's config (RFC 6416); or MJPEG's RFC 2435 header (each packet's
-- width and height). The stream is read for 26 frames and, where no size
-- came, until one does (its first key frame, within 15 s). At least
-- 1920 x 1080 passes; less fails (a
-- stream that drops to a smaller picture is judged by it). A picture
-- taller than wide is a camera turned for a corridor (走廊模式: its
-- 1080P sensor's 1080 x 1920, as cameras offer it): its sides are judged
-- the other way round, 1080 wide and 1920 high; a stream that
-- declares no size (SVAC, a container, an SPS that does not parse,
-- an MJPEG picture past RFC 2435's 2040 pixels) is inconclusive: bench
-- does not decode the pictures.
local P1080 = { w = 1920, h = 1080 }
local SIZE_FROM = {
  stream = "sent in the stream (a sequence parameter set or MPEG-4 VOL header in band, "
    .. "or the RFC 2435 JPEG header)",
  sdp = "the SDP's sequence parameter set or MPEG-4 config",
}

test {
  id = "video.resolution",
  title = "Its main stream's pictures are 1080P (1920 x 1080, or 1080 x 1920 turned) or more",
  title_zh = "主码流视频图像达到 1080P 分辨率（1920×1080）",
  clause = "厦门市一、二类视频监控设备主要技术要求 附件 2 四 (一) 图像质量要求; 五 主要技术要求 "
    .. "(视频输出支持 1080P)",
  roles = { "service" },
  dut_class = "video-camera|camera-ptz",
  run = function(t)
    local a = played(t, FRAMES, true)
    t:note("encoding", a.codec ~= "" and a.codec or "(not in the SDP)")
    if not a.width then
      t:undecided("the stream declares no picture size: no sequence parameter set or VOL header "
                  .. "in its SDP (sprop-parameter-sets, sprop-sps, config) or in the "
                  .. a.frames .. " frames read, "
                  .. "no RFC 2435 JPEG size; bench reads no size from "
                  .. ((a.codec or "") ~= "" and a.codec or "its payload") .. " pictures")
    end
    t:note("picture", string.format("%d x %d (%s)", a.width, a.height, SIZE_FROM[a.size_from]))
    if a.sdp_width and (a.sdp_width ~= a.width or a.sdp_height ~= a.height) then
      t:note("picture_sdp", string.format("the SDP declares %d x %d; the stream sends %d x %d, "
        .. "which is judged", a.sdp_width, a.sdp_height, a.width, a.height))
    end
    local w, h = P1080.w, P1080.h
    if a.height > a.width then
      w, h = h, w
      t:note("orientation", string.format("portrait (a corridor view): %d wide and %d high "
        .. "judged", w, h))
    end
    t:measure { name = "width", value = a.width, unit = "px", min = w }
    t:measure { name = "height", value = a.height, unit = "px", min = h }
  end,
}
