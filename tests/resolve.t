#!/bin/sh
# drivers/resolve.c: a host name looked up within the time given. A name
# server that never answers is made in a mount namespace of the test's own
# (root and unshare(1)): /etc/resolv.conf there names 127.0.0.77, where a
# UDP socket takes each query and never answers. Without root the silent
# name server's points SKIP.
B=${BENCH_BUILD:-build}
d=$(mktemp -d)
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$d"' EXIT
if [ "$(id -u)" != 0 ] || ! unshare -m true 2>/dev/null; then
	exec "$B/tests/unit/test_resolve"
fi
/usr/bin/python3 -c '
import os, socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.77", 53))
open(sys.argv[1] + ".tmp", "w").write("up")
os.rename(sys.argv[1] + ".tmp", sys.argv[1])
while True:
    s.recvfrom(4096)' "$d/up" &
pid=$!
i=0
while [ ! -s "$d/up" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
printf 'nameserver 127.0.0.77\noptions timeout:5 attempts:1\n' >"$d/resolv.conf"
unshare -m sh -c 'mount --bind "$1/resolv.conf" /etc/resolv.conf && exec "$2/tests/unit/test_resolve" cam.bench.invalid' \
	sh "$d" "$B"
