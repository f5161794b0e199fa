#!/bin/sh
# Issue 17, faults 1-2 and item 2: each clause verdict state in report.html
# (conforms, does not conform, inconclusive, partly tested, not tested) and
# the summary's count of each; a measurement in its guard band is not ok and
# inconclusive; junit.xml stays valid; every clause row of the real suites
# names its standard by its designation (no "seed 00x", no "-").
cd "$(dirname "$0")/.." || exit 1
. tests/lib/tap.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp "$BENCH" "$tmp/bench" && BENCH=$tmp/bench # the tree may be relinked meanwhile
plan 37

printf 'cl.ask.looks: yes\n' >"$tmp/answers.yaml"
"$BENCH" run --station tests/stations/instruments.yaml --out "$tmp/r" \
	--answers "$tmp/answers.yaml" tests/suites/clauses.lua >"$tmp/out.tap" 2>"$tmp/err"
is $? 1 "the run exits 1 (failures and inconclusive points)"
run=$(ls -d "$tmp"/r/*)
h=$(cat "$run/report.html")

# The clause verdict of a row: the last cell of the row of clause "§N ".
verdict() {
	printf '%s\n' "$h" | grep -F "<td> §$1 " | sed 's/.*<td class="[a-z]*">\([^<]*\)<\/td><\/tr>$/\1/'
}
is "$(verdict '1')" "conforms" "all points pass: conforms"
is "$(verdict '2')" "does not conform" "a point failed: does not conform"
is "$(verdict '3')" "not tested" "every point skipped (or TODO): not tested"
is "$(verdict '4')" "partly tested" "some skipped, none failed: partly tested"
is "$(verdict '5')" "inconclusive" "a measurement in its guard band, none failed: inconclusive"
is "$(verdict '6')" "conforms" "guarded, clear of the guard band: conforms"
is "$(verdict '7')" "conforms" "the test's own decision_rule = simple: 24.9 <= 25 passes"
is "$(verdict '8')" "does not conform" "guarded, past the limit: does not conform"
is "$(verdict '9')" "does not conform" "guard band and a real failure: does not conform"
is "$(verdict '10')" "inconclusive" "guarded with no uncertainty in the unit: inconclusive"
is "$(verdict '11')" "conforms" "an operator's yes: conforms"
is "$(verdict '12')" "inconclusive" "t:inconclusive (the set-up failed), nothing else: inconclusive"
is "$(verdict '13')" "inconclusive" "a condition= measurement out of limits: inconclusive"
is "$(verdict '14')" "does not conform" "the set-up and the DUT failed: does not conform"
is "$(verdict '15')" "inconclusive" "t:undecided after a pass: inconclusive"
p=$(sed -n '/not ok [0-9]* - cl.undecided:/,/^ *\.\.\.$/p' "$tmp/out.tap")
like "$p" 'decision: "inconclusive"' "t:undecided: not ok, decision inconclusive"
printf '%s\n' "$p" | grep -q 'after t:undecided\|skipped_after_failure'
is $? 1 "t:undecided ends the test: no check after it ran, nothing noted as a skip"
like "$h" 'id="clause-summary"><span class="pass">4 conforms</span><span class="fail">4 does not conform</span><span class="inconclusive">5 inconclusive</span><span class="partly">1 partly tested</span><span class="untested">1 not tested</span>' \
	"the summary counts the clauses in each state"
like "$(printf '%s\n' "$h" | grep -F '<td> §5 ')" '<span class="inconclusive">cl.inc.guard inconclusive</span>' \
	"the clause row shows the guard-band point as inconclusive"
grep -q 'no failure' "$run/report.html"
is $? 1 "no clause reads 'no failure'"

# The TAP point of a guard-band value: not ok, decision inconclusive, and
# the measurement states its rule, instrument and uncertainty.
p=$(sed -n '/not ok [0-9]* - cl.inc.guard:/,/^ *\.\.\.$/p' "$tmp/out.tap")
like "$p" 'not ok' "a value in the guard band is not ok in TAP"
like "$p" 'decision: "inconclusive"' "its YAML says decision: inconclusive"
like "$p" 'rule: "guarded"' "the measurement states its rule"
like "$p" 'uncertainty: 0.3' "and the uncertainty it was decided with"
like "$p" 'expected: ">= 15.3 and <= 24.7 C"' "expected: the acceptance zone (limits less the guard band)"
p=$(sed -n '/not ok [0-9]* - cl.inc.and.fail:/,/^ *\.\.\.$/p' "$tmp/out.tap")
printf '%s\n' "$p" | grep -q 'decision:'
is $? 1 "a point that also failed a check is not inconclusive"
like "$(cat "$run/measurements.csv")" \
	'^cl.inc.guard,temp,24.9,C,15,25,inconclusive,[0-9TZ:-]+,[0-9.]+,guarded,0\.3$' \
	"measurements.csv: verdict, rule and uncertainty of each measurement"
like "$h" '<td>cl.inc.guard</td><td>temp</td><td>C</td><td>15</td><td>25</td><td>guarded</td><td>±0.3 C</td>' \
	"report.html states the rule and uncertainty next to the measurement"

xmllint --noout --schema tests/junit.xsd "$run/junit.xml" 2>"$tmp/xsd"
ok $? "junit.xml validates against the JUnit schema"
node tests/tap/check.mjs <"$run/results.tap" >"$tmp/counts" 2>&1
ok $? "results.tap is valid TAP 14 (strict parser)"

# Every clause of the real suites, as report.html shows it: a standard named
# by its designation. An empty station skips every test, fast, but the
# matrix lists every clause.
"$BENCH" run --station tests/stations/empty.yaml --out "$tmp/all" suites/card suites/env \
	suites/printer suites/terminal suites/video >/dev/null 2>&1
is $? 0 "the real suites run (all SKIP) on the empty station"
all=$(ls -d "$tmp"/all/*)
stds=$(sed -n '/Clause traceability/,/<\/table>/p' "$all/report.html" |
	sed -n 's/^<tr><td>\([^<]*\)<\/td><td>.*/\1/p')
bad=$(printf '%s\n' "$stds" | grep -Ev '^(DB43/T 3\.3|GF 61/T PT002-2014|ISO/IEC 7816-[34](:20[01][0-9])?|社会保障卡加载金融功能通用规范|厦门市一、二类视频监控设备主要技术要求)$')
is "$bad" "" "every clause row names a known standard designation (no '-', no empty)"
cover=$(sed -n '/class="stds"/,/<\/table>/p' "$all/report.html" |
	sed -n 's/^<tr><td>\([^<]*\)<\/td><td>[0-9].*/\1/p')
printf '%s\n' "$cover" | LC_ALL=C sort -c 2>"$tmp/sort" && [ "$(printf '%s\n' "$cover" | wc -l)" -ge 5 ]
ok $? "the cover lists its standards sorted by designation (editions together): $(tr '\n' ';' <"$tmp/sort")"
grep -i 'seed' "$all/report.html" "$all/junit.xml"
is $? 1 "no report says 'seed'"
# Nor does a suite, a doc or the code: a standard is named by its
# designation wherever a reader meets it (../shared/seeds/README.md).
grep -rniE 'seed 0[0-9]{2}' suites docs bench drivers README.md
is $? 1 "no suite, doc or source says 'seed 00x'"

# bench/report/clauses.c alone (tests/unit/test_clauses.c).
"$BENCH_BUILD/tests/unit/test_clauses" >"$tmp/unit" 2>&1
ok $? "unit tests of clauses.c: states, points, standards"
