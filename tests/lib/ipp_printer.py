#!/usr/bin/python3
"""A card printer of our own on 127.0.0.1 for tests: an IPP/1.1 responder
(RFC 8010 encoding, RFC 8011 operations) for what ippeveprinter cannot be
told to do, chiefly ending a job `completed` with job-state-reasons the
test names (job-completed-with-errors, -with-warnings).

  ipp_printer.py DIR [--job-reasons R1,R2] [--formats F1,F2] [--full S] [--reason R]
                     [--finish-on-cancel] [--purge S] [--no-color-supported]
                     [--strict-sides] [--input-tray RECORD]
writes DIR/port when listening, appends "OPERATION job-id" per request to
DIR/requests, and stops when DIR/stop appears (or after 300 s).
Operations: Get-Printer-Attributes, Print-Job (the job is completed at
once; with --full S the first job stays processing S seconds while the
printer says output-area-full, its output bin waiting to be emptied, or
the printer-state-reasons R: marker-supply-missing-error, say, a ribbon
torn off its sensor; with --finish-on-cancel the first job stays
processing, no reason given, until a Cancel-Job comes, which it answers
client-error-not-possible as it completes the card in hand: the race of a
job that ends as its cancel goes out, RFC 8011 §4.3.3; with --purge S
every job is processing S seconds, then forgotten: Get-Job-Attributes
and Cancel-Job answer client-error-not-found, as RFC 8011 lets a printer
that keeps no ended job),
Get-Job-Attributes, Cancel-Job; another is
server-error-operation-not-supported. --no-color-supported leaves out
color-supported (RFC 8011 recommends it; only IPP Everywhere requires it).
It lists no sides-supported; with --strict-sides a Print-Job that sends
sides is answered successful-ok-ignored-or-substituted-attributes with
sides in the unsupported-attributes group (RFC 8011 §4.1.7). --input-tray
gives printer-input-tray (PWG 5100.13) as that one record: with --full and
--reason media-empty-error, a printer whose count says cards are in the
hopper it calls empty."""
import http.server
import os
import struct
import sys
import threading
import time

dirname = sys.argv[1]


def option(name, default):
    if name in sys.argv:
        return sys.argv[sys.argv.index(name) + 1].split(",")
    return default


job_reasons = option("--job-reasons", ["job-completed-successfully"])
formats = option("--formats", ["application/pdf", "image/png", "image/pwg-raster"])
full = float(option("--full", ["0"])[0])
hold_reason = option("--reason", ["output-area-full"])[0]
input_tray = option("--input-tray", [None])[0]
finish_on_cancel = "--finish-on-cancel" in sys.argv
purge = float(option("--purge", ["0"])[0])
born = {}  # job-id -> when it came (--purge)
started = [0.0]  # when job 1 came

# RFC 8010 §3.5.2 value tags.
INTEGER, BOOLEAN, ENUM, OCTETS, RESOLUTION = 0x21, 0x22, 0x23, 0x30, 0x32
TEXT, NAME, KEYWORD, URI, CHARSET, LANGUAGE, MIME = 0x41, 0x42, 0x44, 0x45, 0x47, 0x48, 0x49
OPERATION, JOB, PRINTER, UNSUPPORTED, END = 0x01, 0x02, 0x04, 0x05, 0x03
OPS = {0x0002: "Print-Job", 0x0008: "Cancel-Job", 0x0009: "Get-Job-Attributes",
       0x000B: "Get-Printer-Attributes"}
jobs = {}
lock = threading.Lock()


def parse(body):
    """(operation, request-id, {name: [raw values]}) of a request."""
    op, rid = struct.unpack(">HI", body[2:8])
    attrs, pos, name = {}, 8, None
    while pos < len(body):
        tag = body[pos]
        pos += 1
        if tag == END:
            break
        if tag < 0x10:
            continue
        (n,) = struct.unpack(">H", body[pos:pos + 2])
        if n:
            name = body[pos + 2:pos + 2 + n].decode()
        pos += 2 + n
        (v,) = struct.unpack(">H", body[pos:pos + 2])
        attrs.setdefault(name, []).append(body[pos + 2:pos + 2 + v])
        pos += 2 + v
    return op, rid, attrs


def attr(tag, name, *values):
    out = b""
    for i, v in enumerate(values):
        if tag in (INTEGER, ENUM):
            data = struct.pack(">i", v)
        elif tag == BOOLEAN:
            data = bytes([1 if v else 0])
        elif tag == RESOLUTION:
            data = struct.pack(">iib", v, v, 3)
        else:
            data = v.encode()
        key = name.encode() if i == 0 else b""
        out += bytes([tag]) + struct.pack(">H", len(key)) + key + struct.pack(">H", len(data))
        out += data
    return out


def answer(status, rid, group=None, body=b""):
    out = struct.pack(">BBHI", 1, 1, status, rid) + bytes([OPERATION])
    out += attr(CHARSET, "attributes-charset", "utf-8")
    out += attr(LANGUAGE, "attributes-natural-language", "en")
    if group is not None:
        out += bytes([group]) + body
    return out + bytes([END])


def bin_full():
    """The first job waits for its output bin to be emptied (--full)."""
    if full > 0 and 1 in jobs and jobs[1] == 5 and time.time() - started[0] >= full:
        jobs[1] = 9
    return full > 0 and 1 in jobs and jobs[1] == 5


def printer_attrs():
    busy = bin_full()
    return b"".join([
        attr(ENUM, "printer-state", 4 if 1 in jobs and jobs[1] == 5 else 3),
        attr(KEYWORD, "printer-state-reasons", hold_reason if busy else "none"),
        attr(MIME, "document-format-supported", *formats),
        b"" if "--no-color-supported" in sys.argv else attr(BOOLEAN, "color-supported", True),
        attr(KEYWORD, "print-color-mode-supported", "color", "monochrome"),
        attr(KEYWORD, "print-color-mode-default", "color"),
        attr(RESOLUTION, "printer-resolution-supported", 600),
        attr(TEXT, "printer-make-and-model", "bench ipp_printer.py"),
        attr(OCTETS, "printer-input-tray", input_tray) if input_tray else b"",
    ])


def job_attrs(jid):
    bin_full()
    return b"".join([
        attr(INTEGER, "job-id", jid),
        attr(URI, "job-uri", "ipp://127.0.0.1/ipp/print/%d" % jid),
        attr(ENUM, "job-state", jobs[jid]),
        attr(KEYWORD, "job-state-reasons",
             *(job_reasons if jobs[jid] == 9 else ["job-canceled-by-user"])),
        attr(TEXT, "job-state-message", "card %d ended" % jid),
    ])


def respond(body):
    op, rid, attrs = parse(body)
    jid = struct.unpack(">i", attrs["job-id"][0])[0] if "job-id" in attrs else 0
    with open(os.path.join(dirname, "requests"), "a") as f:
        f.write("%s %d\n" % (OPS.get(op, "0x%04x" % op), jid))
    with lock:
        if op == 0x000B:
            return answer(0, rid, PRINTER, printer_attrs())
        if op == 0x0002:
            jid = len(jobs) + 1
            jobs[jid] = 5 if purge > 0 or (jid == 1 and (full > 0 or finish_on_cancel)) else 9
            born[jid] = time.time()
            if jid == 1:
                started[0] = time.time()
            if "--strict-sides" in sys.argv and "sides" in attrs:
                return answer(0x0001, rid, UNSUPPORTED, attr(KEYWORD, "sides", "one-sided") +
                              bytes([JOB]) + job_attrs(jid))
            return answer(0, rid, JOB, job_attrs(jid))
        if purge > 0 and jid in jobs and time.time() - born[jid] >= purge:
            del jobs[jid]  # ended and dropped at once
        if op in (0x0009, 0x0008) and jid not in jobs:
            return answer(0x0406, rid)  # client-error-not-found
        if op == 0x0009:
            return answer(0, rid, JOB, job_attrs(jid))
        if op == 0x0008 and finish_on_cancel and jobs[jid] == 5:
            jobs[jid] = 9  # the card in hand finished first
        if op == 0x0008:
            return answer(0x0404 if jobs[jid] == 9 else 0, rid)  # not-possible once completed
    return answer(0x0501, rid)  # server-error-operation-not-supported


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def body(self):
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            data = b""
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                chunk = self.rfile.read(size + 2)[:size] if size else b""
                if not size:
                    while self.rfile.readline().strip():
                        pass
                    return data
                data += chunk
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def do_POST(self):
        data = respond(self.body())
        self.send_response(200)
        self.send_header("Content-Type", "application/ipp")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
threading.Thread(target=server.serve_forever, daemon=True).start()
with open(os.path.join(dirname, "port.new"), "w") as f:
    f.write("%d\n" % server.server_address[1])
os.rename(os.path.join(dirname, "port.new"), os.path.join(dirname, "port"))
end = time.time() + 300
while time.time() < end and not os.path.exists(os.path.join(dirname, "stop")):
    time.sleep(0.1)
server.shutdown()
