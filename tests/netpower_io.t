#!/bin/sh
# netpower's HTTP I/O (drivers/netpower_io.c) alone; tests/labgrid.t drives
# it against a stub power switch.
B=${BENCH_BUILD:-build}
# a loopback port nothing listens on: bound, then released
port=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$B/tests/unit/test_netpower_io" "$port"
