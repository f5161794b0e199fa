#!/bin/sh
# The redaction filter (bench/lib/crypto/redact.c) against hostile strings,
# and its start filter against scrambled text.
exec "${BENCH_BUILD:-build}/tests/unit/test_redact"
