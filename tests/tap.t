#!/bin/sh
# TAP descriptions and test points (bench/record/tap.c).
exec "${BENCH_BUILD:-build}/tests/unit/test_tap"
