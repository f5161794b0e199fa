#!/bin/sh
# bench run --jobs on the demo (issue 19 item 2, "done when"): the demo's
# suites on the default simulated station, serially and with --jobs 3, give
# the same verdict for every test; the --jobs stream is valid TAP and its
# suites come in the serial order. The two wall times are printed, not
# asserted (the machine is shared). bench/demo runs with these options, so
# this test is what vouches for the demo's verdicts.
cd "$(dirname "$0")/.." || exit 1
. tests/lib/tap.sh
. tests/lib/station.sh
tmp=$(mktemp -d)
trap 'stations_down "$tmp" s; rm -rf "$tmp"' EXIT
plan 8
station_copy "$tmp/s"
suites="suites/card suites/terminal suites/printer suites/env"
now() { date +%s.%N; }
run() { # run NAME [--jobs N]: the demo's run (bench/demo) into $tmp/NAME
	_n=$1
	shift
	# shellcheck disable=SC2086
	"$BENCH" run --station "$tmp/s/station.yaml" --time-scale 14400 \
		--answers bench/fixtures/answers.yaml --out "$tmp/$_n" "$@" $suites \
		>"$tmp/$_n.tap" 2>"$tmp/$_n.err"
}
verdicts() { grep -a '^R	' "$tmp/$1"/*/journal | cut -f4,10 | awk '{print $2, $1}' | sort; }

t0=$(now)
run serial
rs=$?
t1=$(now)
run jobs --jobs 3
rj=$?
t2=$(now)
echo "# demo suites: serial $(echo "$t1 - $t0" | bc) s, --jobs 3 $(echo "$t2 - $t1" | bc) s"
ok $((rs > 1)) "serial run ends (exit $rs: 0 or 1)"
is "$rj" "$rs" "--jobs 3 ends with the same exit code"
verdicts serial >"$tmp/serial.v"
verdicts jobs >"$tmp/jobs.v"
[ "$(wc -l <"$tmp/serial.v")" -gt 100 ]
ok $? "the serial run journals every test ($(wc -l <"$tmp/serial.v"))"
diff "$tmp/serial.v" "$tmp/jobs.v" >"$tmp/v.diff"
same=$?
ok $same "every test has the same verdict with --jobs 3 as serially"
sed 's/^/# /' "$tmp/v.diff" | head -20
# A verdict that differs is shown whole on stderr, which a non-verbose
# prove (tests/run, CI) prints: which test, and why in each run.
if [ $same -ne 0 ]; then
	for id in $(sed -n 's/^[<>] \([^ ]*\) .*/\1/p' "$tmp/v.diff" | sort -u); do
		for r in serial jobs; do
			echo "# $r: $id" >&2
			grep -a -A25 " - $id: " "$tmp/$r.tap" | sed -n '1,/^ *\.\.\.$/p' | head -25 >&2
		done
	done
fi
c=$(tap_counts <"$tmp/jobs.tap")
like "$c" '^ok=[01] suites=[0-9]+ tests=[0-9]+ .* bailout=0 errors=0$' "the strict TAP parser reads the --jobs stream"
grep '^    # Subtest: ' "$tmp/serial.tap" >"$tmp/serial.order"
grep '^    # Subtest: ' "$tmp/jobs.tap" | cmp -s - "$tmp/serial.order"
ok $? "suites come whole in the serial order"
grep -q '"side_by_side": \[$' "$tmp"/jobs/*/run.json
ok $? "run.json lists suites that ran side by side"
grep -q -- '--time-scale 14400 --jobs 3 ' bench/demo
ok $? "bench/demo runs the demo as checked here (--time-scale 14400 --jobs 3)"
