#!/bin/sh
# The usb driver's sysfs reading (drivers/usb_io.c) against a fake tree.
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
"${BENCH_BUILD:-build}/tests/unit/test_usb_io" "$d"
