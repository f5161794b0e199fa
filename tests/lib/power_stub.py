#!/usr/bin/python3
"""A stub network power switch on 127.0.0.1 for tests: labgrid's `rest`
model (GET/PUT /rest/<index>, body "0"/"1") and `simplerest` model
(GET /simple/<index>/<value> switches, GET /simple/<index> reads).

  power_stub.py DIR [--fail]
writes DIR/port when listening, appends "METHOD PATH BODY" per request to
DIR/requests, and stops when DIR/stop appears (or after 300 s). --fail
answers every request with HTTP 500."""
import http.server
import os
import sys
import threading
import time

state = {}
dirname = sys.argv[1]
fail = "--fail" in sys.argv


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def answer(self, code, body=""):
        data = body.encode()
        self.send_response(code)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def handle_one(self, method):
        n = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(n).decode() if n else ""
        with open(os.path.join(dirname, "requests"), "a") as f:
            f.write("%s %s %s\n" % (method, self.path, body))
        if fail:
            return self.answer(500, "broken")
        parts = self.path.strip("/").split("/")
        if parts[0] == "rest" and len(parts) == 2:
            if method == "PUT" and body in ("0", "1"):
                state[parts[1]] = body
                return self.answer(200)
            if method == "GET":
                return self.answer(200, state.get(parts[1], "0"))
        if parts[0] == "simple" and method == "GET":
            if len(parts) == 3 and parts[2] in ("0", "1"):
                state[parts[1]] = parts[2]
                return self.answer(200)
            if len(parts) == 2:
                return self.answer(200, state.get(parts[1], "0"))
        self.answer(404, "no such port")

    def do_GET(self):
        self.handle_one("GET")

    def do_PUT(self):
        self.handle_one("PUT")


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
threading.Thread(target=server.serve_forever, daemon=True).start()
with open(os.path.join(dirname, "port.tmp"), "w") as f:
    f.write("%d\n" % server.server_address[1])
os.rename(os.path.join(dirname, "port.tmp"), os.path.join(dirname, "port"))
end = time.monotonic() + 300
while time.monotonic() < end and not os.path.exists(os.path.join(dirname, "stop")):
    time.sleep(0.1)
server.shutdown()
