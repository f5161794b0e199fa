#!/bin/sh
# Card crypto (DES/3DES/SM4, ISO 9797-1 MACs, SM3, SHA-256, secure messaging,
# key derivation, e-purse MACs) against published test vectors.
exec "${BENCH_BUILD:-build}/tests/unit/test_crypto"
