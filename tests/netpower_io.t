#!/bin/sh
# netpower's HTTP I/O (drivers/netpower_io.c) alone; tests/labgrid.t drives
# it against a stub power switch.
B=${BENCH_BUILD:-build}
# a loopback port nothing listens on: bound, then released
port=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# a switch answering its reading in bare-LF lines, once
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
/usr/bin/python3 -c '
import socket, sys
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(1)
open(sys.argv[1] + ".tmp", "w").write(str(s.getsockname()[1]))
import os; os.rename(sys.argv[1] + ".tmp", sys.argv[1])
s.settimeout(10)
c, _ = s.accept(); c.recv(4096)
c.sendall(b"HTTP/1.0 200 OK\nContent-Type: text/plain\n\n1\n"); c.close()' "$d/port" &
i=0
while [ ! -s "$d/port" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
"$B/tests/unit/test_netpower_io" "$port" "$(cat "$d/port" 2>/dev/null || echo 1)"
