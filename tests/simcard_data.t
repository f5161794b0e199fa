#!/bin/sh
# The simulated card's data files, variants and defects of GF 61/T PT002
# appendix F and the command boundaries (issue 15) as a library, no pcscd:
# each defect and variant changes exactly the answer it documents.
root=$(cd "$(dirname "$0")/.." && pwd)
exec "$root/${BENCH_BUILD:-build}/tests/unit/test_simcard_data" "$root/bench/fixtures/cards/default.yaml"
