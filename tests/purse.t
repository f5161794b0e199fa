#!/bin/sh
# PBOC e-purse inputs, session keys and MACs (bench/lib/crypto/purse.c)
# against published examples.
exec "${BENCH_BUILD:-build}/tests/unit/test_purse"
