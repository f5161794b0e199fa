#!/bin/sh
# Hex decoding (bench/base/hex.c): separators, odd length, non-hex, overflow.
exec "${BENCH_BUILD:-build}/tests/unit/test_hex"
