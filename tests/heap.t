#!/bin/sh
# A suite's Lua allocator (bench/engine/heap.c): size classes, the cap.
exec "${BENCH_BUILD:-build}/tests/unit/test_heap"
