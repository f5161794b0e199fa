#!/bin/sh
# YAML quoting of hostile strings (bench/base/diag.c), parsed back with
# libyaml.
exec "${BENCH_BUILD:-build}/tests/unit/test_diag"
