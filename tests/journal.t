#!/bin/sh
# The journal writer (bench/record/journal.c): records from threads at once, cut back when the file cannot take one.
exec "${BENCH_BUILD:-build}/tests/unit/test_journal"
