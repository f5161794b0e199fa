#!/bin/sh
# LAVA: with --lava (or inside a LAVA test shell) every verdict and every
# measurement is also a LAVA test signal on stdout, test sets per suite, and
# the stream stays valid TAP 14 (strict parser) with the same counts;
# results.tap gets no LAVA lines. And what LAVA records of them, through
# lava-dispatcher's own test-shell signal handling (tests/lib/lava_parse.py):
# NaN and infinite measurements, units as written, unique case ids for a
# repeated measurement name, and each point's log between STARTTC and ENDTC.
cd "$(dirname "$0")/.." || exit 1
. tests/lib/tap.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp "$BENCH" "$tmp/bench" && BENCH=$tmp/bench # the tree may be relinked meanwhile
plan 20

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

# What lava-dispatcher makes of the signals (Debian's lava-dispatcher,
# installed by bench/setup).
lava_checks=11
if ! /usr/bin/python3 -c 'import lava_dispatcher.actions.test.shell' 2>/dev/null; then
	i=0
	while [ $i -lt $lava_checks ]; do
		echo "ok $((_tap_n + 1)) # SKIP lava-dispatcher is not installed (bench/setup installs it)"
		_tap_n=$((_tap_n + 1)) i=$((i + 1))
	done
	exit 0
fi
"$BENCH" run --lava --station tests/stations/empty.yaml --out "$tmp/r3" tests/suites/lava.lua \
	>"$tmp/console" 2>&1
rc=$? # 1: a point fails by design
got=$(/usr/bin/python3 tests/lib/lava_parse.py <"$tmp/console")
case_of() { printf '%s\n' "$got" | grep "^case=$1 " | sed 's/ log=.*//'; }
is "$rc$(printf '%s\n' "$got" | grep '^error' | head -3)" "1" \
	"the LAVA suite runs and lava-dispatcher reads every signal without an error"
is "$(case_of lava.values.noise)" \
	"case=lava.values.noise set=tests_suites_lava.lua result=fail measurement=nan units=dB" \
	"a NaN measurement is recorded, not dropped"
is "$(case_of lava.values.gain)$(case_of lava.values.offset)" \
	"case=lava.values.gain set=tests_suites_lava.lua result=fail measurement=inf units=dBcase=lava.values.offset set=tests_suites_lava.lua result=fail measurement=-inf units=mV" \
	"+inf and -inf measurements are recorded (failed: a measurement must be finite)"
is "$(case_of lava.units.temp)" \
	"case=lava.units.temp set=tests_suites_lava.lua result=pass measurement=23.5 units=°C" "°C stays °C"
units() { for c in "$@"; do case_of "lava.units.$c" | sed 's/.* units=//'; done | paste -sd'|'; }
is "$(units rh speed level odd)" "%|m/s|dB_re_1_m|a_b_c" \
	"% and m/s stay as written; only blanks, '=' and '>' are replaced"
is "$(case_of lava.units.nbsp | sed 's/.* units=//')" "k_Ω" "a no-break space in a unit is replaced too"
is "$(printf '%s\n' "$got" | sed -n 's/^case=\(lava\.repeat\.[^ ]*\) .*/\1/p' | sort -u | wc -l)" 4 \
	"a name measured three times (and one called temp.2) gives four distinct cases"
is "$(printf '%s\n' "$got" | sed -n 's/^case=\([^ ]*\) .*/\1/p' | sort | uniq -d)" "" \
	"no two cases share an id"
is "$(case_of 'lava\.repeat\.temp\.3')" \
	"case=lava.repeat.temp.3 set=tests_suites_lava.lua result=fail measurement=23.0 units=°C" \
	"the third reading keeps its own verdict"
span=$(printf '%s\n' "$got" | sed -n 's/^case=lava\.log .* log=\([0-9]*\):\([0-9]*\)$/\1,\2/p')
log=$([ -n "$span" ] && sed -n "${span}p" "$tmp/console")
like "$log" '^    ok 4 - lava.log: a point that logs while it runs$' "a case's LAVA log holds its TAP point"
like "$log" '^bench: lava.log is running$' "... and what the test printed while it ran"
