#!/bin/sh
# ISO 7811 track encoding/decoding: sentinels, parity, LRC, refusals.
exec "${BENCH_BUILD:-build}/tests/unit/test_magstripe"
