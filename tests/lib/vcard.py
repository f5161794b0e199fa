#!/usr/bin/env python3
"""A foreign card for the simulated station: a minimal card of our own,
written apart from bench/fixtures/simcard, that plugs into an external
reader (`sim: cards: - {external: true}`) over the vsmartcard vpcd protocol,
as a vendor's Java Card simulator or vsmartcard virtual card would.

    vcard.py --port N [--host 127.0.0.1] [--warm-atr-differs]

The protocol (docs/station.md "External cards"): the card connects to the
reader's vpcd TCP port; every message either way is a 2-byte big-endian
length and a payload. A 1-byte payload from vpcd is a control: 0 power off,
1 power on, 2 reset (warm), 4 "send your ATR" (the card answers with the
ATR as a message; vpcd polls it to see the card is there). Any longer
payload is a command APDU, answered with the response APDU.

The card: MF 3F00 with EF05, the SSSE ("sx1.sh.社会保障") and the PSE
("1PAY.SYS.DDF01") selectable by name with an FCI, GET CHALLENGE of 4 or 8
random bytes, ISO/IEC 7816-4 errors; T=1 only. Enough for
suites/card/{atr,select,challenge}.lua and card.choice.warm_atr."""
import argparse
import os
import socket
import struct
import sys

SSSE = bytes.fromhex("7378312E73682E") + "社会保障".encode("gbk")
PSE = b"1PAY.SYS.DDF01"
# category 80, card service data (tag 3, len 1), then "PYCAR" and C/W
HIST = bytes.fromhex("803180") + b"PYCAR"


def atr(warm):
    hist = HIST + (b"W" if warm else b"C")
    body = bytes([0x80 | len(hist), 0x01]) + hist  # T0 (TD1 follows), TD1: T=1
    tck = 0
    for b in body:
        tck ^= b
    return bytes([0x3B]) + body + bytes([tck])


def fci(name, dir_sfi=True):
    a5 = bytes([0x88, 1, 1]) if dir_sfi else b""
    inner = bytes([0x84, len(name)]) + name + bytes([0xA5, len(a5)]) + a5
    return bytes([0x6F, len(inner)]) + inner


class Card:
    def __init__(self, warm_atr_differs):
        self.warm_atr_differs = warm_atr_differs
        self.warm = False
        self.df = "MF"

    def reset(self, warm):
        self.warm = warm
        self.df = "MF"

    def atr(self):
        return atr(self.warm and self.warm_atr_differs)

    def select(self, p1, p2, data):
        if p2 not in (0x00, 0x0C):
            return b"", 0x6A86
        if p1 == 0x00 and (not data or data == b"\x3f\x00"):
            self.df = "MF"
            return (b"" if p2 else fci(b"\x3f\x00")), 0x9000
        if p1 == 0x02 and len(data) == 2:
            ok = self.df == "MF" and data == b"\xef\x05"
            return b"", 0x9000 if ok else 0x6A82
        if p1 == 0x04 and data:
            for name, df in ((SSSE, "SSSE"), (PSE, "PSE")):
                if data == name:  # exact: a prefix is no name
                    self.df = df
                    return (b"" if p2 else fci(name)), 0x9000
            return b"", 0x6A82
        if p1 in (0x00, 0x01, 0x02):
            return b"", 0x6A82 if len(data) == 2 else 0x6700
        if p1 == 0x04:
            return b"", 0x6700
        return b"", 0x6A86

    def apdu(self, c):
        if len(c) < 4:
            return b"", 0x6700
        cla, ins, p1, p2 = c[:4]
        body = c[4:]
        lc, data, le = 0, b"", None
        if len(body) == 1:
            le = body[0] or 256
        elif body:
            lc = body[0]
            data = body[1:1 + lc]
            rest = body[1 + lc:]
            if lc == 0 or len(data) != lc or len(rest) > 1:
                return b"", 0x6700
            le = (rest[0] or 256) if rest else None
        if cla not in (0x00, 0x80):
            return b"", 0x6E00
        if ins == 0xA4 and cla == 0x00:
            return self.select(p1, p2, data)
        if ins == 0x84 and cla == 0x00:
            if p1 or p2:
                return b"", 0x6A86
            if lc or le not in (4, 8):
                return b"", 0x6700
            return os.urandom(le), 0x9000
        return b"", 0x6D00


def recv_exact(s, n):
    buf = b""
    while len(buf) < n:
        got = s.recv(n - len(buf))
        if not got:
            raise EOFError
        buf += got
    return buf


def send(s, payload):
    s.sendall(struct.pack(">H", len(payload)) + payload)


def serve(s, card):
    while True:
        (n,) = struct.unpack(">H", recv_exact(s, 2))
        msg = recv_exact(s, n)
        if n == 1:
            if msg[0] in (0, 1):
                card.reset(False)
            elif msg[0] == 2:
                card.reset(True)
            elif msg[0] == 4:
                send(s, card.atr())
            continue
        data, sw = card.apdu(msg)
        send(s, data + struct.pack(">H", sw))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--warm-atr-differs", action="store_true")
    a = ap.parse_args()
    s = socket.create_connection((a.host, a.port), timeout=None)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        serve(s, Card(a.warm_atr_differs))
    except (EOFError, ConnectionError):
        return 0  # vpcd closed the link: pcscd stopped
    return 0


if __name__ == "__main__":
    sys.exit(main())
