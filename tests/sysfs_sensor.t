#!/bin/sh
# The iio-sensor driver's sysfs reading against a fake IIO/hwmon tree.
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
exec "${BENCH_BUILD:-build}/tests/unit/test_sysfs_sensor" "$d"
