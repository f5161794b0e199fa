#!/bin/sh
# The trace writer (bench/record/trace.c): line format, control characters,
# UTF-8, cut between characters, hash chain, exchange bodies.
exec "${BENCH_BUILD:-build}/tests/unit/test_trace"
