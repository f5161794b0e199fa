#!/bin/sh
# The SCPI session (drivers/scpi_io.c) against the simulated AC source.
B=${BENCH_BUILD:-build}
d=$(mktemp -d)
pid=""
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; rm -rf "$d"' EXIT
"$B/bench/fixtures/acsource/acsource" --port 0 --port-file "$d/port" 2>/dev/null &
pid=$!
i=0
while [ ! -s "$d/port" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
"$B/tests/unit/test_scpi_io" "$(cat "$d/port" 2>/dev/null || echo 1)"
