#!/bin/sh
# Card crypto (bench/lib/crypto/crypto.c: DES/3DES/SM4, ISO 9797-1 MACs, SM3,
# SHA-256) against published test vectors.
exec "${BENCH_BUILD:-build}/tests/unit/test_crypto"
