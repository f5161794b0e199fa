#!/bin/sh
# The simulated card's reader side as a library: fault parsing, drop
# counting, slow answers, presence without a fixture.
root=$(cd "$(dirname "$0")/.." && pwd)
exec "$root/${BENCH_BUILD:-build}/tests/unit/test_simcard_reader"
