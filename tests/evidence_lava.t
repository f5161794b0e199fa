#!/bin/sh
# LAVA: with --lava (or inside a LAVA test shell) every verdict and every
# measurement is also a LAVA test signal on stdout, test sets per suite, and
# the stream stays valid TAP 14 (strict parser) with the same counts;
# results.tap gets no LAVA lines.
cd "$(dirname "$0")/.." || exit 1
. tests/lib/tap.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp "$BENCH" "$tmp/bench" && BENCH=$tmp/bench # the tree may be relinked meanwhile
plan 9

out=$("$BENCH" run --lava --station tests/stations/empty.yaml --out "$tmp/r" tests/suites/mixed.lua 2>/dev/null)
is $? 1 "--lava run exits as without it"
like "$out" '^    # <LAVA_SIGNAL_TESTSET START tests_suites_mixed.lua>$' "a test set per suite"
like "$out" '^    # <LAVA_SIGNAL_TESTCASE TEST_CASE_ID=mixed.fail RESULT=fail>$' "failing verdict signalled"
like "$out" '^    # <LAVA_SIGNAL_TESTCASE TEST_CASE_ID=mixed.skip RESULT=skip>$' "skip signalled"
like "$out" '^    # <LAVA_SIGNAL_TESTCASE TEST_CASE_ID=mixed.measure.read_time RESULT=pass MEASUREMENT=850 UNITS=ms>$' \
	"measurement signalled with its unit"
is "$(printf '%s\n' "$out" | grep -c '<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=mixed\.[a-z]* ')" 7 \
	"one TESTCASE per test point"
is "$(printf '%s\n' "$out" | tap_counts)" \
	"ok=0 suites=1 tests=7 pass=2 fail=2 skip=2 todo=1 bailout=0 errors=0" \
	"the stream with LAVA lines is still valid TAP 14 with the same counts"
run=$(ls -d "$tmp"/r/*)
grep -q LAVA_SIGNAL "$run/results.tap"
is $? 1 "results.tap has no LAVA lines"
out=$(LAVA_RESULT_DIR=/tmp "$BENCH" run --station tests/stations/empty.yaml --out "$tmp/r2" tests/suites/mixed.lua 2>/dev/null)
like "$out" 'LAVA_SIGNAL_TESTCASE' "inside a LAVA test shell (LAVA_RESULT_DIR set) signals are on by default"
