#!/bin/sh
# A DUT's network service (drivers/service_io.c, tcp_io.c) alone;
# tests/env_range_service.t drives it against a simulated camera.
B=${BENCH_BUILD:-build}
# a loopback port nothing listens on: bound, then released
port=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$B/tests/unit/test_service_io" "$port"
