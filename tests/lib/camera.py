#!/usr/bin/env python3
"""A simulated IP camera for tests: answers RTSP/1.0 (OPTIONS, DESCRIBE:
an SDP with a video stream) and HTTP/1.x GET on one TCP port, and writes
the port to --port-file once it listens. Its defects:

  --no-video         DESCRIBE's SDP has an audio stream only
  --status N         every answer has status N (503: a service that broke)
  --miss-every N     closes every Nth connection unanswered (a lost probe)
  --down-at S        from S seconds after the first request on, for
  --down-for D       D seconds, closes every connection unanswered
  --digest USER:PASS every request needs a Digest login (realm "bench";
                     --qop: with qop="auth"), --basic USER:PASS a Basic one;
                     without (or with a wrong one) the answer is 401
  --stop-below C     below C degrees Celsius (the simulated chamber's
                     temperature, input register 0 in 0.1 C, read over
                     Modbus TCP from the port in --chamber-port-file) it
                     closes each connection without an answer

    camera.py --port-file F [--chamber-port-file F --stop-below C]
              [--no-video] [--status N] [--miss-every N]
              [--down-at S --down-for D] [--digest U:P [--qop] | --basic U:P]"""
import argparse
import base64
import hashlib
import os
import socket
import socketserver
import struct
import threading
import time

SDP = ("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=bench camera\r\nt=0 0\r\n"
       "m=video 0 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\na=control:track1\r\n")
SDP_AUDIO = ("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=bench camera\r\nt=0 0\r\n"
             "m=audio 0 RTP/AVP 0\r\na=control:track1\r\n")


NONCE = "5e1fb1d2c0a8"


def md5(s):
    return hashlib.md5(s.encode()).hexdigest()


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
    ha1, ha2 = md5("%s:bench:%s" % (user, pw)), md5("%s:%s" % (method, p.get("uri", "")))
    if opt.qop:
        want = md5("%s:%s:%s:%s:auth:%s" % (ha1, NONCE, p.get("nc", ""), p.get("cnonce", ""), ha2))
    else:
        want = md5("%s:%s:%s" % (ha1, NONCE, ha2))
    return p.get("username") == user and p.get("nonce") == NONCE and p.get("response") == want


def challenge(opt):
    if opt.basic:
        return 'WWW-Authenticate: Basic realm="bench"\r\n'
    return 'WWW-Authenticate: Digest realm="bench", nonce="%s"%s\r\n' % (
        NONCE, ', qop="auth"' if opt.qop else "")


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


class Handler(socketserver.StreamRequestHandler):
    def handle(self):
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
            login = (opt.digest or opt.basic) and not logged_in(opt, method, head)
            if login:
                status = 401
            if proto.startswith("RTSP/"):
                body = (SDP_AUDIO if opt.no_video else SDP) if method == "DESCRIBE" else ""
                hdr = "RTSP/1.0 %d %s\r\nCSeq: %s\r\n" % (status, "OK" if status == 200 else
                                                          "Error", cseq)
                if body:
                    hdr += "Content-Type: application/sdp\r\n"
                if method == "OPTIONS":
                    hdr += "Public: OPTIONS, DESCRIBE\r\n"
                if login:
                    hdr += challenge(opt)
                    body = ""
                hdr += "Content-Length: %d\r\n\r\n" % len(body)
                self.wfile.write((hdr + body).encode())
                continue
            body = "bench camera\n"
            self.wfile.write(("HTTP/1.0 %d %s\r\n%sContent-Length: %d\r\n\r\n%s" %
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
    ap.add_argument("--status", type=int)
    ap.add_argument("--miss-every", type=int)
    ap.add_argument("--down-at", type=float)
    ap.add_argument("--down-for", type=float, default=0)
    ap.add_argument("--digest")
    ap.add_argument("--qop", action="store_true")
    ap.add_argument("--basic")
    opt = ap.parse_args()
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
