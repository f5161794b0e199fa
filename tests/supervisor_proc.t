#!/bin/sh
# A simulator's process group (bench/fixtures/supervisor/proc.c): stop leaves
# no process of it running, not only its leader.
exec "${BENCH_BUILD:-build}/tests/unit/test_supervisor_proc"
