#!/usr/bin/env python3
"""A simulated IP camera for tests: answers RTSP/1.0 (OPTIONS, DESCRIBE:
an SDP with a video stream) and HTTP/1.x GET on one TCP port, and writes
the port to --port-file once it listens. Its defects:

  --no-video         DESCRIBE's SDP has an audio stream only
  --no-frames        PLAY answers 200 and then no RTP packet comes
  --stuck            RTP packets come, all with one timestamp (a frozen picture)
  --bad-rtp          the packets are not RTP version 2 of the SDP's payload type
  --udp-only         SETUP of RTP over the RTSP connection answers 461
                     (Unsupported Transport): RTP over UDP only
  --setup-status N   every SETUP answers N
  --even-ports       a SETUP over UDP whose client_port is not an even port and
                     the odd one above it answers 461 (RFC 3550 §11)
  --source ADDR      RTP over UDP comes from the address ADDR (127.0.0.2, say),
                     which the Transport's source= names (RFC 2326 §12.39)
  --source-name N    ... by the host name N instead (the test maps it to ADDR)
  --codec NAME       the video's encoding (H264; H265; JPEG: RFC 3551's type 26)
  --fps N            frames per second (25)
  --size WxH         the picture size the SDP declares (1920x1080): H.264's SPS
                     in sprop-parameter-sets (RFC 6184 §8.1), H.265's in
                     sprop-sps (RFC 7798 §7.1), MPEG-4's VOL header in config
                     (RFC 6416 §7.1); JPEG: the size every packet's RFC 2435
                     header gives; "none": none; "bad": an SPS or VOL cut short
  --sent-size WxH    H.264, H.265, MPEG-4: an SPS (VOL) of WxH sent in band too,
                     with the key frames (every 25th frame from the 11th on:
                     the stream began between two), in an STAP-A or an AP
  --first-after S    the first RTP packet S seconds after PLAY (an encoder
                     waiting for its next key frame)
  --stream-login     the login (--digest, --basic) guards SETUP, PLAY and
                     TEARDOWN only, not DESCRIBE
  --bare-lf          answers end their lines in a bare LF (RFC 2326 §4)
  --chatty           before its PLAY answer: RTCP on channel 1, a request of
                     its own in two pieces, a stray CRLF, a late answer; and
                     an OPTIONS of its own while it streams
  --log F            appends each answer a client gives the camera's own
                     requests to F
  --absolute         the SDP's a=control is the stream's absolute URL, no
                     Content-Base and no session-level control (the default:
                     Content-Base and a relative "trackID=1", session "*")
  --status N         every answer has status N (503: a service that broke)
  --moved N          DESCRIBE answers 302 Found with a Location one hop on
                     (the URL with ?hop=K+1), N hops before the stream
  --miss-every N     at every Nth request closes the connection unanswered (a lost probe)
  --down-at S        from S seconds after the first request on, for
  --down-for D       D seconds, closes every connection unanswered
  --digest USER:PASS every request needs a Digest login (realm "bench";
                     --qop: with qop="auth"), --basic USER:PASS a Basic one;
                     without (or with a wrong one) the answer is 401
  --sha256           the Digest login's algorithm is SHA-256 (RFC 7616), not MD5
  --strict-nc        (with --qop) each 401 gives a fresh nonce, and a request
                     whose nc is not above the last one that nonce was used with
                     is refused (RFC 7616 §3.4's replay check)
  --stop-below C     below C degrees Celsius (the simulated chamber's
                     temperature, input register 0 in 0.1 C, read over
                     Modbus TCP from the port in --chamber-port-file) it
                     closes each connection without an answer

SETUP (RTP/AVP/TCP interleaved, or RTP/AVP over UDP), PLAY and TEARDOWN
check the URL (404), the Session (454); after PLAY two H.264 frames come at
once (the first in two packets), then one every 1/fps s for 5 s.

    camera.py --port-file F [--chamber-port-file F --stop-below C]
              [--no-video] [--no-frames | --stuck | --bad-rtp] [--udp-only]
              [--setup-status N] [--even-ports] [--source ADDR] [--source-name N] [--absolute] [--codec NAME] [--fps N] [--size WxH|none|bad] [--sent-size WxH]
              [--first-after S] [--stream-login] [--bare-lf] [--chatty] [--log F]
              [--status N] [--moved N] [--miss-every N]
              [--down-at S --down-for D]
              [--digest U:P [--qop [--strict-nc]] [--sha256] | --basic U:P]"""
import argparse
import base64
import hashlib
import os
import secrets
import socket
import socketserver
import struct
import threading
import time

SDP = ("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=bench camera\r\nt=0 0\r\n%s"
       "m=video 0 RTP/AVP %d\r\n%sa=control:%s\r\n")
SESSION = "4f3c2a91"
SDP_AUDIO = ("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=bench camera\r\nt=0 0\r\n"
             "m=audio 0 RTP/AVP 0\r\na=control:track1\r\n")


NONCE = "5e1fb1d2c0a8"


def md5(s):
    return hashlib.md5(s.encode()).hexdigest()


def fresh_nonce(opt):
    """The nonce of a new challenge: one for all, or (--strict-nc) its own."""
    if not opt.strict_nc:
        return NONCE
    n = secrets.token_hex(8)
    opt.nonces[n] = 0
    return n


def counted(opt, nonce, nc):
    """Whether the request's nonce count is new for its nonce (--strict-nc)."""
    if not opt.strict_nc:
        return nonce == NONCE
    try:
        n = int(nc, 16)
    except ValueError:
        return False
    if nonce not in opt.nonces or n <= opt.nonces[nonce]:
        return False
    opt.nonces[nonce] = n
    return True


def logged_in(opt, method, head):
    """Whether the request's Authorization answers the camera's login."""
    auth = next((h.split(":", 1)[1].strip() for h in head
                 if h.lower().startswith("authorization:")), "")
    if opt.basic:
        return auth == "Basic " + base64.b64encode(opt.basic.encode()).decode()
    if not auth.startswith("Digest "):
        return False
    p = dict((k.strip(), v.strip().strip('"')) for k, _, v in
             (x.partition("=") for x in auth[7:].split(",")))
    user, _, pw = opt.digest.partition(":")
    h = (lambda s: hashlib.sha256(s.encode()).hexdigest()) if opt.sha256 else md5
    nonce = p.get("nonce", "")
    ha1, ha2 = h("%s:bench:%s" % (user, pw)), h("%s:%s" % (method, p.get("uri", "")))
    if opt.qop:
        want = h("%s:%s:%s:%s:auth:%s" % (ha1, nonce, p.get("nc", ""), p.get("cnonce", ""), ha2))
    else:
        want = h("%s:%s:%s" % (ha1, nonce, ha2))
    alg = p.get("algorithm", "MD5").upper()  # the algorithm answered is the one asked
    return (p.get("username") == user and p.get("response") == want and
            alg == ("SHA-256" if opt.sha256 else "MD5") and counted(opt, nonce, p.get("nc", "")))


def challenge(opt):
    if opt.basic:
        return 'WWW-Authenticate: Basic realm="bench"\r\n'
    return 'WWW-Authenticate: Digest realm="bench", nonce="%s"%s%s\r\n' % (
        fresh_nonce(opt), ', qop="auth"' if opt.qop else "",
        ", algorithm=SHA-256" if opt.sha256 else "")


def chamber_temp(port_file):
    """The chamber's temperature in C, or None when it cannot be read."""
    try:
        port = int(open(port_file).read().split()[0])
        with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
            s.sendall(struct.pack(">HHHBBHH", 1, 0, 6, 1, 4, 0, 1))
            ans = s.recv(64)
        if len(ans) < 11 or ans[7] != 4:
            return None
        return struct.unpack(">h", ans[9:11])[0] / 10.0
    except (OSError, ValueError, IndexError):
        return None


def payload_type(opt):
    """JPEG's static type (RFC 3551), else a dynamic one."""
    return 26 if opt.codec == "JPEG" else 96


def dims(size):
    return tuple(map(int, size.split("x")))


class Bits:
    """An RBSP written bit by bit, Exp-Golomb codes too (H.264 §9.1)."""

    def __init__(self):
        self.bits = []

    def put(self, v, n):
        self.bits += [(v >> (n - 1 - i)) & 1 for i in range(n)]

    def ue(self, v):
        n = (v + 1).bit_length() - 1
        self.put(0, n)
        self.put(v + 1, n + 1)

    def data(self):
        b = self.bits + [1]  # rbsp_stop_one_bit
        b += [0] * (-len(b) % 8)
        return bytes(int("".join(map(str, b[i:i + 8])), 2) for i in range(0, len(b), 8))


def escape(nal):
    """Emulation prevention bytes put in (H.264 §7.4.1, H.265 §7.4.2)."""
    out, zeros = bytearray(), 0
    for x in nal:
        if zeros >= 2 and x <= 3:
            out.append(3)
            zeros = 0
        zeros = zeros + 1 if x == 0 else 0
        out.append(x)
    return bytes(out)


def hsps(w, h):
    """An H.265 SPS (§7.3.2.2.1) of w x h, Main 4:2:0, up to its
    conformance window (the fields after it left out)."""
    pw, ph = (w + 7) // 8 * 8, (h + 7) // 8 * 8
    b = Bits()
    b.put(0, 4), b.put(0, 3), b.put(1, 1)  # vps id, one sub-layer, nesting
    b.put(1, 8), b.put(0x60000000, 32), b.put(0x9, 4), b.put(0, 44), b.put(123, 8)
    b.ue(0), b.ue(1), b.ue(pw), b.ue(ph)  # sps id, 4:2:0, the luma size
    crop = (pw - w) // 2, (ph - h) // 2
    b.put(1 if any(crop) else 0, 1)
    if any(crop):
        b.ue(0), b.ue(crop[0]), b.ue(0), b.ue(crop[1])
    return escape(b"\x42\x01" + b.data())


def vol(w, h):
    """MPEG-4 Part 2's VOS, VO and VOL headers (ISO/IEC 14496-2 §6.2.3) of a
    rectangular w x h layer at 25 fps, up to its interlaced flag."""
    b = Bits()
    b.put(0, 1), b.put(1, 8), b.put(0, 1), b.put(1, 4), b.put(0, 1)  # type, PAR 1:1
    b.put(0, 2), b.put(1, 1), b.put(25, 16), b.put(1, 1), b.put(1, 1), b.put(1, 5)
    b.put(1, 1), b.put(w, 13), b.put(1, 1), b.put(h, 13), b.put(1, 1), b.put(0, 1), b.put(1, 1)
    return bytes.fromhex("000001b0f5" "000001b509" "00000100" "00000120") + b.data()


def sps(w, h):
    """A baseline SPS (H.264 §7.3.2.1.1) of w x h pixels, 4:2:0, progressive."""
    mbw, mbh = (w + 15) // 16, (h + 15) // 16
    b = Bits()
    b.put(66, 8), b.put(0, 8), b.put(40, 8)  # profile, constraints, level 4.0
    b.ue(0), b.ue(0), b.ue(2)  # sps id, log2_max_frame_num-4, poc type 2
    b.ue(1), b.put(0, 1)  # max_num_ref_frames, gaps
    b.ue(mbw - 1), b.ue(mbh - 1)
    b.put(1, 1), b.put(1, 1)  # frame_mbs_only, direct_8x8
    crop = (mbw * 16 - w) // 2, (mbh * 16 - h) // 2
    b.put(1 if any(crop) else 0, 1)
    if any(crop):
        b.ue(0), b.ue(crop[0]), b.ue(0), b.ue(crop[1])
    b.put(0, 1)  # no VUI
    return escape(b"\x67" + b.data())


PPS264 = b"\x68\xce\x38\x80"  # an H.264 PPS, sent beside each SPS


def b64(nal):
    return base64.b64encode(nal).decode()


def fmtp(opt):
    """a=fmtp with the SPS and a PPS (H.264), a VPS, the SPS and a PPS
    (H.265), or the VOL header in config (MPEG-4); none for --size none."""
    if opt.codec == "MP4V-ES" and opt.size != "none":
        config = vol(1920, 1080)[:22] if opt.size == "bad" else vol(*dims(opt.size))
        return "a=fmtp:96 profile-level-id=245;config=%s\r\n" % config.hex().upper()
    if opt.codec not in ("H264", "H265") or opt.size == "none":
        return ""
    make = sps if opt.codec == "H264" else hsps
    nal = make(1920, 1080)[:5] if opt.size == "bad" else make(*dims(opt.size))
    if opt.codec == "H265":
        return "a=fmtp:96 sprop-vps=QAEMAf//AWAAAAMAkAAAAwAAAwB7lZgJ;sprop-sps=%s;sprop-pps=RAHA8vA8kA==\r\n" % b64(nal)
    sets = b64(nal) + "," + b64(PPS264)
    return "a=fmtp:96 packetization-mode=1;profile-level-id=42e028;sprop-parameter-sets=%s\r\n" % sets


def sent_sps(opt):
    """The SPS sent in band (--sent-size) with a PPS: an STAP-A (RFC 6184
    §5.7.1) or an AP (RFC 7798 §4.4.2); MPEG-4's VOL header (RFC 6416 §5.1)."""
    def unit(nal):
        return struct.pack(">H", len(nal)) + nal
    if opt.codec == "MP4V-ES":
        return vol(*dims(opt.sent_size))
    if opt.codec == "H265":
        return b"\x60\x01" + unit(hsps(*dims(opt.sent_size))) + unit(b"\x44\x01\xc0\xf2\xf0\x3c\x90")
    return b"\x18" + unit(sps(*dims(opt.sent_size))) + unit(PPS264)


def payload(opt):
    """A frame's packet payload: an RFC 2435 JPEG header (its size from
    --size, 0 for none) and scan bytes, else a slice NAL unit."""
    if opt.codec == "JPEG":
        w, h = (0, 0) if opt.size in ("none", "bad") else dims(opt.size)
        return struct.pack(">BBHBBBB", 0, 0, 0, 1, 80, w // 8, h // 8) + b"\0" * 200
    return (b"\x26\x01" if opt.codec == "H265" else b"\x65") + b"\0" * 200


def sdp(opt, session_ctl, ctl):
    pt = payload_type(opt)
    rtpmap = "" if pt == 26 else "a=rtpmap:96 %s/90000\r\n%s" % (opt.codec, fmtp(opt))
    return SDP % (session_ctl, pt, rtpmap, ctl)


def rtp(seq, ts, mark, opt, body=None):
    """One RTP packet (RFC 3550 §5.1) of the SDP's payload type, or a broken one."""
    v, pt = (0, payload_type(opt)) if opt.bad_rtp else (2, payload_type(opt))
    return struct.pack(">BBHII", v << 6, (0x80 if mark else 0) | pt, seq & 0xffff,
                       ts & 0xffffffff, 0x1234abcd) + (body or payload(opt))


def stream(send, stop, opt, ask=None):
    """Two frames at once (the first in two packets), then one per 1/fps s;
    ask (if any) is called once, after the fifth frame."""
    if stop.wait(opt.first_after):
        return
    seq, ts, t0 = 0, 1000, time.monotonic()
    for n in range(int(5 * opt.fps) + 1):
        if stop.is_set() or opt.no_frames:
            return
        key = opt.sent_size and n % 25 == 10  # the parameter sets first, then the frame
        packets = [(False, sent_sps(opt))] if key else []
        packets += [(False, None), (True, None)] if key or n == 0 else [(True, None)]
        for mark, body in packets:
            try:
                send(rtp(seq, ts, mark, opt, body))
            except OSError:
                return
            seq += 1
        ts += 0 if opt.stuck else round(90000 / opt.fps)
        if n == 5 and ask:
            ask()
        if n >= 1:
            stop.wait(max(0, t0 + n / opt.fps - time.monotonic()))


class Handler(socketserver.StreamRequestHandler):
    def handle(self):
        # each answer and packet goes out at once, as a camera streaming live does
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.wlock, self.stop, self.session = threading.Lock(), threading.Event(), None
        self.udp, self.playing = None, None
        try:
            self.serve()
        finally:
            self.stop.set()
            if self.udp:
                self.udp.close()

    def chat(self):
        """What a camera may send its client besides answers (RFC 2326): an
        RTCP packet on channel 1, a request of its own that arrives in two
        pieces, a stray line end, and a late answer to an earlier CSeq."""
        rtcp = struct.pack(">BBHI", 0x80, 200, 6, 0x1234abcd) + b"\0" * 20
        self.write(struct.pack(">cBH", b"$", 1, len(rtcp)) + rtcp)
        self.write(b"GET_PARAME")
        time.sleep(0.05)
        self.write(b"TER rtsp://127.0.0.1/stream1 RTSP/1.0\r\nCSeq: 1\r\n\r\n\r\n")
        self.write(b"RTSP/1.0 200 OK\r\nCSeq: 1\r\nContent-Length: 0\r\n\r\n")

    def ask_options(self):
        """A request of the camera's own while it streams (RFC 2326 §10.1)."""
        self.write(b"OPTIONS * RTSP/1.0\r\nCSeq: 2\r\n\r\n")

    def write(self, data):
        with self.wlock:
            self.wfile.write(data)

    def rtsp(self, method, url, head, status, cseq, login):
        """An RTSP answer: (status, extra headers, body)."""
        opt, extra, body = self.server.opt, "", ""
        host = "rtsp://127.0.0.1:%d/stream1" % self.server.server_address[1]
        value = lambda name: next((h.split(":", 1)[1].strip() for h in head
                                   if h.lower().startswith(name + ":")), "")
        if status != 200 or login:
            return status, extra, body
        if method == "OPTIONS":
            return 200, "Public: OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN\r\n", ""
        if method == "DESCRIBE":
            hop = int(url.split("?hop=")[1]) if "?hop=" in url else 0
            if hop < opt.moved:
                return 302, "Location: %s?hop=%d\r\n" % (url.split("?")[0], hop + 1), ""
            if opt.no_video:
                return 200, "Content-Type: application/sdp\r\n", SDP_AUDIO
            if opt.absolute:
                return 200, "Content-Type: application/sdp\r\n", sdp(opt, "", host + "/video")
            return (200, "Content-Type: application/sdp\r\nContent-Base: %s/\r\n" % host,
                    sdp(opt, "a=control:*\r\n", "trackID=1"))
        want = host + ("/video" if opt.absolute else "/trackID=1")
        if method == "SETUP":
            tr = value("transport")
            if url != want:
                return 404, "", ""
            if opt.setup_status:
                return opt.setup_status, "", ""
            if "RTP/AVP/TCP" in tr and opt.udp_only or "unicast" not in tr:
                return 461, "", ""
            self.session = SESSION
            if "RTP/AVP/TCP" in tr:
                self.send = lambda p: self.write(struct.pack(">cBH", b"$", 0, len(p)) + p)
                back = "RTP/AVP/TCP;unicast;interleaved=0-1"
            else:
                ports = tr.split("client_port=")[1].split(";")[0].split("-")
                port = int(ports[0])
                if opt.even_ports and (port % 2 or len(ports) < 2 or int(ports[1]) != port + 1):
                    return 461, "", ""
                u = self.udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                if opt.source:
                    u.bind((opt.source, 0))
                self.send = lambda p: u.sendto(p, (self.client_address[0], port))
                back = "RTP/AVP;unicast;client_port=%d-%d;server_port=6970-6971" % (port, port + 1)
                if opt.source:
                    back += ";source=" + (opt.source_name or opt.source)
            return 200, "Transport: %s\r\nSession: %s;timeout=60\r\n" % (back, SESSION), ""
        if method in ("PLAY", "TEARDOWN"):
            if url not in (want, host if opt.absolute else host + "/"):
                return 404, "", ""
            if not self.session or value("session") != self.session:
                return 454, "", ""
            if method == "PLAY":  # once the answer is out (serve)
                ask = self.ask_options if opt.chatty else None
                self.playing = threading.Thread(target=stream,
                                                args=(self.send, self.stop, opt, ask),
                                                daemon=True)
            else:
                self.stop.set()
            return 200, "Session: %s\r\n" % SESSION, ""
        return 405, "", ""

    def serve(self):
        opt = self.server.opt
        while True:
            head = []
            while True:
                line = self.rfile.readline(4096)
                if not line:
                    return
                if line in (b"\r\n", b"\n"):
                    break
                head.append(line.decode("latin-1").rstrip("\r\n"))
            if not head:
                continue
            if head[0].startswith("RTSP/1.0 "):  # an answer to a request of its own
                if opt.log:
                    with open(opt.log, "a") as f:
                        f.write(" | ".join(head) + "\n")
                continue
            with self.server.lock:
                self.server.served += 1
                nth = self.server.served
                self.server.t0 = self.server.t0 or time.monotonic()
                since = time.monotonic() - self.server.t0
            if opt.miss_every and nth % opt.miss_every == 0:
                return
            if opt.down_at is not None and opt.down_at <= since < opt.down_at + opt.down_for:
                return
            if opt.stop_below is not None:
                t = chamber_temp(opt.chamber_port_file)
                if t is not None and t < opt.stop_below:
                    return  # the camera froze: the connection closes unanswered
            method, _, proto = head[0].split(" ", 2) if head[0].count(" ") >= 2 else ("", "", "")
            cseq = next((h.split(":", 1)[1].strip() for h in head
                         if h.lower().startswith("cseq:")), "1")
            status = opt.status or 200
            guarded = not (opt.stream_login and method in ("OPTIONS", "DESCRIBE"))
            login = (opt.digest or opt.basic) and guarded and not logged_in(opt, method, head)
            if login:
                status = 401
            if proto.startswith("RTSP/"):
                url = head[0].split(" ")[1]
                status, extra, body = self.rtsp(method, url, head, status, cseq, login)
                hdr = "RTSP/1.0 %d %s\r\nCSeq: %s\r\n%s" % (status, "OK" if status == 200 else
                                                            "Error", cseq, extra)
                if login:
                    hdr += challenge(opt)
                hdr += "Content-Length: %d\r\n\r\n" % len(body)
                if opt.chatty and method == "PLAY":
                    self.chat()
                if opt.bare_lf:
                    hdr, body = hdr.replace("\r\n", "\n"), body.replace("\r\n", "\n")
                    hdr = hdr.replace("Content-Length: %d" % (len(body) + body.count("\n")),
                                      "Content-Length: %d" % len(body))
                self.write((hdr + body).encode())
                if self.playing:
                    self.playing.start()
                    self.playing = None
                continue
            body = "bench camera\n"
            self.write(("HTTP/1.0 %d %s\r\n%sContent-Length: %d\r\n\r\n%s" %
                              (status, "OK" if status == 200 else "Error",
                               challenge(opt) if login else "", len(body), body)).encode())
            return


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--chamber-port-file")
    ap.add_argument("--stop-below", type=float)
    ap.add_argument("--no-video", action="store_true")
    ap.add_argument("--no-frames", action="store_true")
    ap.add_argument("--stuck", action="store_true")
    ap.add_argument("--bad-rtp", action="store_true")
    ap.add_argument("--udp-only", action="store_true")
    ap.add_argument("--setup-status", type=int)
    ap.add_argument("--even-ports", action="store_true")
    ap.add_argument("--source")
    ap.add_argument("--source-name")
    ap.add_argument("--log")
    ap.add_argument("--absolute", action="store_true")
    ap.add_argument("--first-after", type=float, default=0)
    ap.add_argument("--stream-login", action="store_true")
    ap.add_argument("--bare-lf", action="store_true")
    ap.add_argument("--chatty", action="store_true")
    ap.add_argument("--codec", default="H264")
    ap.add_argument("--fps", type=float, default=25)
    ap.add_argument("--size", default="1920x1080")
    ap.add_argument("--sent-size")
    ap.add_argument("--status", type=int)
    ap.add_argument("--moved", type=int, default=0)
    ap.add_argument("--miss-every", type=int)
    ap.add_argument("--down-at", type=float)
    ap.add_argument("--down-for", type=float, default=0)
    ap.add_argument("--digest")
    ap.add_argument("--qop", action="store_true")
    ap.add_argument("--basic")
    ap.add_argument("--sha256", action="store_true")
    ap.add_argument("--strict-nc", action="store_true")
    opt = ap.parse_args()
    opt.nonces = {}
    socketserver.ThreadingTCPServer.allow_reuse_address = True
    socketserver.ThreadingTCPServer.daemon_threads = True
    srv = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
    srv.opt, srv.lock, srv.served, srv.t0 = opt, threading.Lock(), 0, None
    with open(opt.port_file + ".tmp", "w") as f:
        f.write("%d\n" % srv.server_address[1])
    os.rename(opt.port_file + ".tmp", opt.port_file)
    srv.serve_forever()


if __name__ == "__main__":
    main()
