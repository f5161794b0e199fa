#!/bin/sh
# Key file: private-mode check, file:line:col errors that never echo a value,
# and the redaction filter against hostile strings.
exec "${BENCH_BUILD:-build}/tests/unit/test_keys"
