#!/bin/sh
# The simulated clock of a time-scaled simulated station
# (bench/base/simclock.c): free, on the leash, across runs.
exec "${BENCH_BUILD:-build}/tests/unit/test_simclock"
