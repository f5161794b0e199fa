#!/bin/sh
# drivers/resolve.c: a host name looked up within the time given. A name
# server that never answers is made in a mount namespace of the test's own
# (root, unshare(1) and a bind mount): /etc/resolv.conf there names
# 127.0.0.77, where a UDP socket takes each query and never answers. Where
# the machine allows no such namespace, the silent name server's points
# SKIP, saying so.
B=${BENCH_BUILD:-build}
if [ "$(id -u)" != 0 ] || ! unshare -m --propagation private true 2>/dev/null; then
	exec "$B/tests/unit/test_resolve"
fi
d=$(mktemp -d)
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$d"' EXIT
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
if [ ! -s "$d/up" ]; then
	printf '1..1\nnot ok 1 - the silent name server (python3, UDP 127.0.0.77:53) did not start\n'
	exit 1
fi
printf 'nameserver 127.0.0.77\noptions timeout:5 attempts:1\n' >"$d/resolv.conf"
unshare -m --propagation private sh -c '
if mount --bind "$1/resolv.conf" /etc/resolv.conf 2>/dev/null; then
	exec "$2/tests/unit/test_resolve" cam.bench.invalid
fi
exec "$2/tests/unit/test_resolve"' sh "$d" "$B"
