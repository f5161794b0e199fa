#!/bin/sh
# The simulated card's security (PIN, secure messaging, purse errors,
# profile key errors) as a library, no pcscd; on a profile without the
# default card's keys (test keys of its own).
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sed '/^# The card.s security personalisation/,$d' "$root/bench/fixtures/cards/default.yaml" \
	>"$tmp/base.yaml"
"$root/${BENCH_BUILD:-build}/tests/unit/test_simcard_sec" "$tmp/base.yaml" "$tmp"
