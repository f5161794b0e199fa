#!/bin/sh
# Issue 17, plots and scale: one plot per test and measurement series over
# the run's own (simulated) elapsed time; decimated to the pixel columns with
# the counts stated, every column's min and max kept; fewer than 3 points a
# table; non-negative quantities from 0; per-point sections capped. Not
# timed: bench/perf/million measures the 1M-point report (docs/perf.md).
cd "$(dirname "$0")/.." || exit 1
. tests/lib/tap.sh
tmp=$(mktemp -d)
bg=""
trap '[ -z "$bg" ] || kill -9 $bg 2>/dev/null; rm -rf "$tmp"' EXIT
cp "$BENCH" "$tmp/bench" && BENCH=$tmp/bench # the tree may be relinked meanwhile
plan 14

"$BENCH" run --station tests/stations/simulated.yaml --time-scale 36000 --out "$tmp/r" \
	tests/suites/plots.lua >/dev/null 2>"$tmp/err"
is $? 1 "the run exits 1 (out-of-band spikes, one failing point)"
run=$(ls -d "$tmp"/r/*)
check() { python3 tests/lib/plots_check.py "$run" "$1"; }

is "$(head -1 "$run/measurements.csv")" "test_id,name,value,unit,min,max,verdict,time,elapsed,rule,uncertainty" \
	"measurements.csv records each measurement's elapsed time"
span=$(awk -F, '$1 == "pl.hours" { if (!n++) f = $9; e = $9 } END { print int(e - f) }' \
	"$run/measurements.csv")
[ "$span" -ge 14399 ] && [ "$span" -le 21600 ]
ok $? "elapsed is simulated time: 4 simulated hours (and less than 6: load) from first to last sample ($span s)"
out=$(check counts)
ok $? "each plot states its measured and plotted counts truly, within 2 points per pixel column $out"
out=$(check extremes)
ok $? "20 000 points decimated; every pixel column's min and max survive $out"
out=$(check apart)
ok $? "a series of one test never appears in another test's plot $out"
out=$(check table)
ok $? "a two-point series is a table, not a plot $out"
out=$(check zero)
ok $? "a latency axis starts at 0 and carries its unit $out"
out=$(check hours)
ok $? "the x axis is the run's simulated elapsed time in h:mm:ss $out"
out=$(check fill)
ok $? "each series spans its plot's width, a short test late in the run too $out"
h=$(cat "$run/report.html")
like "$h" 'and 10 more tests \(9 pass, 1 fail, 0 other\): see results.tap' \
	"a clause's tests past 50 are counted, not listed"
like "$h" '[0-9]+ more lines \([0-9]+ bytes\) of this point.s diagnostic: see results.tap' \
	"a failure's huge diagnostic is cut, pointing to results.tap"
size=$(wc -c <"$run/report.html")
[ "$size" -lt 400000 ]
ok $? "report.html of 20 000 points stays small ($size bytes)"

# bench resume: the clock goes on from the interrupted run's latest sample.
"$BENCH" run --station tests/stations/simulated.yaml --time-scale 3600 --out "$tmp/s" \
	tests/suites/plots_resume.lua >/dev/null 2>"$tmp/s.err" &
bg=$!
i=0
while ! grep -qs 'pr.wait: waiting for the signal' "$tmp/s.err" && [ $i -lt 1200 ]; do
	sleep 0.05
	i=$((i + 1))
done
kill -TERM $bg
wait $bg
bg=""
"$BENCH" resume "$(ls -d "$tmp"/s/*)" >/dev/null 2>"$tmp/r.err"
at() { awk -F, -v t="$1" '$1 == t { print $9 }' "$tmp"/s/*/measurements.csv; }
before=$(at pr.before) after=$(at pr.wait)
awk -v b="$before" -v a="$after" 'BEGIN { exit !(b >= 10800 && a >= b) }'
ok $? "after bench resume elapsed goes on: pr.before at $before s, pr.wait (resumed) at $after s"
