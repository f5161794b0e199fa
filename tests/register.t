#!/bin/sh
# Registration measurement (bench/lib/printer: register.c, target.c,
# readback.c): accuracy vs injected offsets at 600 dpi, skew, rotation,
# shear and scale judged at every point of the card, the card serial, the
# printed line pairs of 600, 300 and 600x300 dpi prints, and clear errors
# for no card, two cards, unreadable marks.
exec "${BENCH_BUILD:-build}/tests/unit/test_register"
