#!/bin/sh
# The code scanner's serial and HID reading (drivers/codescan_io.c).
B=${BENCH_BUILD:-build}
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
"$B/tests/unit/test_codescan_io" "$d"
