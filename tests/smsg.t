#!/bin/sh
# Secure messaging and key derivation (bench/lib/crypto/smsg.c) against
# crypto.c's primitives.
exec "${BENCH_BUILD:-build}/tests/unit/test_smsg"
