#!/bin/sh
# PNG images (bench/lib/printer/img.c): a save/load round trip, and bad PNG
# files that are errors naming the file.
exec "${BENCH_BUILD:-build}/tests/unit/test_img"
