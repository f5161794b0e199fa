#!/bin/sh
# GPIO line logic (drivers/gpiod_io.c) through a fake backend: no GPIO chip
# here.
exec "${BENCH_BUILD:-build}/tests/unit/test_gpiod_io"
