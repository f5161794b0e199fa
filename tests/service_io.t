#!/bin/sh
# A DUT's network service (drivers/service_io.c, rtsp_io.c, tcp_io.c)
# alone: a port nothing listens on, and a device that trickles its answer
# a byte at a time (the whole answer is bounded, not each read);
# tests/env_range_service.t and tests/video_stream.t drive it against a
# simulated camera.
B=${BENCH_BUILD:-build}
d=$(mktemp -d)
trap 'kill "$trickle" 2>/dev/null; rm -rf "$d"' EXIT
# a loopback port nothing listens on: bound, then released
port=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
/usr/bin/python3 -c '
import socket, sys, time
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(4)
open(sys.argv[1], "w").write("%d\n" % s.getsockname()[1])
while True:
    c, _ = s.accept()
    try:
        for b in b"HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok":
            c.sendall(bytes([b])); time.sleep(0.1)
    except OSError:
        pass
    c.close()
' "$d/port" &
trickle=$!
i=0
while [ ! -s "$d/port" ] && [ $i -lt 100 ]; do
	sleep 0.05
	i=$((i + 1))
done
"$B/tests/unit/test_service_io" "$port" "$(cat "$d/port")"
