#!/bin/sh
# SHA-256 (bench/base/sha256.c): the FIPS 180-2 examples, a file, a missing file.
exec "${BENCH_BUILD:-build}/tests/unit/test_sha256"
