#!/bin/sh
# Key file (bench/lib/crypto/keys.c): private-mode check, file:line:col errors
# that never echo a value.
exec "${BENCH_BUILD:-build}/tests/unit/test_keys"
