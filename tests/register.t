#!/bin/sh
# Registration measurement: accuracy vs injected offsets at 600 dpi, skew,
# and clear errors for no card, two cards, unreadable marks, bad PNG files.
exec "${BENCH_BUILD:-build}/tests/unit/test_register"
