#!/bin/sh
# Hopper and roll capacities from vendor-written PWG 5100.13 records.
exec "${BENCH_BUILD:-build}/tests/unit/test_pwgcap"
