#!/bin/sh
# Registration measurement (bench/lib/printer/register.c): accuracy vs
# injected offsets at 600 dpi, skew, and clear errors for no card, two cards,
# unreadable marks.
exec "${BENCH_BUILD:-build}/tests/unit/test_register"
