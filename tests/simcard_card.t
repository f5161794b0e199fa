#!/bin/sh
# The simulated card's APDU handler as a library (no pcscd): parsing, T=0,
# profile errors, check digits shared with bench/lib/card/cardnum.c.
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$root/${BENCH_BUILD:-build}/tests/unit/test_simcard_card" "$root/bench/fixtures/cards/default.yaml" "$tmp"
