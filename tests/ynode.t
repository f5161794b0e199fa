#!/bin/sh
# YAML nesting and document limits, finite numbers (bench/base/ynode.c).
exec "${BENCH_BUILD:-build}/tests/unit/test_ynode"
