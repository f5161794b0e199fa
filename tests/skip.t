#!/bin/sh
# t:skip and an operator step with no answer end a test as SKIP, but never
# hide a check that failed before them (docs/suite-api.md): that test fails,
# its skip reason noted.
cd "$(dirname "$0")/.." || exit 1
. tests/lib/tap.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
plan 6
point() { grep "^    \(not \)\?ok [0-9]* - $1: " "$tmp/out"; }

"$BENCH" run --station tests/stations/empty.yaml --out "$tmp/r" tests/suites/skip_after.lua \
	</dev/null >"$tmp/out" 2>"$tmp/err"
is $? 1 "failed checks followed by a skip: the run exits 1"
like "$(point sk.after_fail)" '^    not ok 1 - sk.after_fail: fails, then skips$' \
	"a failed check, then t:skip: the test fails, not SKIP"
grep -A12 '^    not ok 1 - sk.after_fail' "$tmp/out" | grep -q 'skipped_after_failure: "no fixture"'
ok $? "its skip reason noted as skipped_after_failure" "$(cat "$tmp/out")"
like "$(point sk.after_pass)" '^    ok 2 - sk.after_pass: .* # SKIP no fixture$' "a passed check, then t:skip: SKIP"
like "$(point sk.ask_after_fail)" '^    not ok 3 - sk.ask_after_fail: ' \
	"a failed check, then an operator step with no answer: the test fails"
like "$(point sk.ask)" '^    ok 4 - sk.ask: .* # SKIP operator step: no answer for sk.ask.swapped$' \
	"an operator step with no answer and no failure before it: SKIP"
