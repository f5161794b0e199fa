#!/bin/sh
# Station loader errors at file:line:col (bench/base/station.c through
# bench/station_open.c).
exec "${BENCH_BUILD:-build}/tests/unit/test_station"
