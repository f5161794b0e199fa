#!/bin/sh
# Runner core unit tests (YAML escaping, TAP lines, station loader errors).
exec "${BENCH_BUILD:-build}/tests/unit/test_spine"
