#!/bin/sh
# Card numbers, check characters, cn/an padding and dates
# (bench/lib/card/cardnum.c).
exec "${BENCH_BUILD:-build}/tests/unit/test_cardnum"
