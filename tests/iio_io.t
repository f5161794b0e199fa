#!/bin/sh
# The iio-sensor driver's sysfs reading (drivers/iio_io.c) against a fake
# IIO/hwmon tree.
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
"${BENCH_BUILD:-build}/tests/unit/test_iio_io" "$d"
