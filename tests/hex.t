#!/bin/sh
# Hex (bench/base/hex.c): decoding with separators, odd length, non-hex,
# overflow; encoding in both cases at every length around its 16-byte steps.
exec "${BENCH_BUILD:-build}/tests/unit/test_hex"
