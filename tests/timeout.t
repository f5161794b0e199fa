#!/bin/sh
# Every test has a timeout (docs/suite-api.md "Timeouts"): a pure Lua loop,
# one that catches every error, a long bench.sleep and t:parallel branches
# all end at it with "timeout after N s" at the suite line, and the run
# goes on. A test's `timeout =` wins over a shorter station `test_timeout:`,
# a longer one lengthens it. A timed-out point is journaled like any
# failure: bench resume does not run it again.
cd "$(dirname "$0")/.." || exit 1
. tests/lib/tap.sh
tmp=$(mktemp -d)
bg=""
trap '[ -z "$bg" ] || kill -9 $bg 2>/dev/null; rm -rf "$tmp"' EXIT
plan 23
SUITE=tests/suites/timeout.lua
# station FILE SECONDS: an empty station whose test_timeout is SECONDS.
station() {
	sed "s/^  name: empty$/  name: empty\n  test_timeout: $2/" tests/stations/empty.yaml >"$1"
}
diag() { awk -v id="$1" '$0 ~ "^    (not )?ok [0-9]+ - " id ":" { on = 1; next }
	on && /^      \.\.\.$/ { exit } on { print }'; }
station "$tmp/st1.yaml" 1
station "$tmp/st3.yaml" 3

start=$(date +%s)
out=$(timeout 120 "$BENCH" run --station "$tmp/st1.yaml" --out "$tmp/r" $SUITE 2>"$tmp/err")
rc=$?
took=$(($(date +%s) - start))
is $rc 1 "the run ends, exit 1 (timed-out tests fail)"
[ $rc -eq 1 ] && [ $took -lt 40 ]
ok $? "bounded by the timeouts (took ${took}s)"
is "$(printf '%s\n' "$out" | tap_counts)" \
	"ok=0 suites=1 tests=6 pass=1 fail=5 skip=0 todo=0 bailout=0 errors=0" \
	"strict TAP: 5 timed out, the last test passes"
for c in loop:7 pcall:15 sleep:23; do
	like "$(printf '%s\n' "$out" | diag to.${c%:*})" \
		"message: \"Lua error: tests/suites/timeout.lua:${c#*:}: timeout after 2 s\"" \
		"to.${c%:*}: fails with timeout after 2 s at its line"
done
like "$(printf '%s\n' "$out" | diag to.loop)" 'traceback: ".*stack traceback' "with the traceback"
d=$(printf '%s\n' "$out" | diag to.parallel)
like "$d" 'Lua error in branch nap: tests/suites/timeout.lua:34: timeout after 2 s' "t:parallel: the sleeping branch times out"
like "$d" 'Lua error in branch spin: tests/suites/timeout.lua:33: timeout after 2 s' "t:parallel: the spinning branch too"
[ -n "$d" ] && ! printf '%s\n' "$d" | grep -q 'after t:parallel'
ok $? "t:parallel: the test ends there"
like "$(printf '%s\n' "$out" | diag to.station)" 'timeout after 1 s' \
	"no timeout of its own: the station's test_timeout (1 s)"

out=$(timeout 60 "$BENCH" run --station "$tmp/st3.yaml" --out "$tmp/r3" --filter to.loop $SUITE 2>/dev/null)
like "$(printf '%s\n' "$out" | diag to.loop)" 'timeout after 3 s' \
	"a station test_timeout longer than the test's own lengthens it"

# kill -9 after to.loop is journaled; the resume replays it, never re-runs it.
"$BENCH" run --station "$tmp/st1.yaml" --out "$tmp/k" $SUITE >/dev/null 2>&1 &
bg=$!
i=0
while ! grep -qs '	to\.loop	' "$tmp"/k/*/journal && [ $i -lt 400 ]; do sleep 0.05; i=$((i + 1)); done
kill -9 $bg 2>/dev/null
wait $bg 2>/dev/null
bg=""
run=$(ls -d "$tmp"/k/*/ | head -1)
out=$(timeout 120 "$BENCH" resume "$run" 2>/dev/null)
is $? 1 "bench resume of the killed run finishes (exit 1)"
is "$(grep -c ' bench test to.loop begins' "$run/trace.log")" 1 "the timed-out point ran once: resume replayed it"
like "$(printf '%s\n' "$out" | diag to.loop)" 'timeout after 2 s' "and its failure is in the resumed results"
is "$(printf '%s\n' "$out" | tap_counts)" \
	"ok=0 suites=1 tests=6 pass=1 fail=5 skip=0 todo=0 bailout=0 errors=0" "the resumed run is complete"

printf 'test { id = "x.t", title = "t", clause = "c", timeout = "long", run = function() end }\n' >"$tmp/badto.lua"
err=$("$BENCH" check "$tmp/badto.lua" 2>&1)
is "$?: $err" "2: bench: $tmp/badto.lua:1: test x.t: timeout must be a number of seconds > 0" \
	"timeout = \"long\": a suite error at file:line (exit 2)"
station "$tmp/st0.yaml" 0
err=$("$BENCH" check --station "$tmp/st0.yaml" 2>&1)
is "$?: $err" "2: bench: $tmp/st0.yaml:4:17: test_timeout must be seconds > 0" \
	"station test_timeout: 0 is a station error at file:line:col (exit 2)"

# t:wait: the station's time, not the test's. A 2 s wait in a test of 1 s
# passes, noted; what runs after a wait still has the 1 s; a wait of -1 s
# is an error at its line; SIGTERM ends a 10 min wait at once (exit 3).
W=tests/suites/wait.lua
ST0=tests/stations/empty.yaml
start=$(date +%s)
out=$(timeout 60 "$BENCH" run --station $ST0 --out "$tmp/w" --filter 'wait.[cbs]*' $W 2>/dev/null)
took=$(($(date +%s) - start))
d=$(printf '%s\n' "$out" | diag wait.charge)
printf '%s\n' "$out" | grep -q '^    ok 1 - wait.charge' && printf '%s\n' "$d" | grep -q 'wait: "2 s: a UPS charges"' &&
	grep -q 'bench wait.charge: t:wait 2 s: a UPS charges' "$tmp"/w/*/trace.log
ok $? "a 2 s t:wait in a 1 s test: it passes, the wait noted on the point and in trace.log" "$out"
like "$(printf '%s\n' "$out" | diag wait.spin)" 'timeout after 1 s' "after a wait the test's own timeout still holds"
like "$(printf '%s\n' "$out" | diag wait.branch)" 't:wait in branch one: a wait for the station is the whole test' \
	"t:wait in a t:parallel branch: an error (the other branches would run on against the deadline)"
like "$(printf '%s\n' "$out" | diag wait.bad)" 'wait.lua:24: bad argument #1 to .wait. \(seconds must be >= 0\)' \
	"t:wait(-1): an error at the suite's line"
"$BENCH" run --station $ST0 --out "$tmp/wl" --filter wait.long $W >"$tmp/wl.tap" 2>"$tmp/wl.err" &
bg=$!
start=$(date +%s)
stop_when $bg "$tmp/wl.err" 'wait.long: waiting' TERM
bg=""
took=$(($(date +%s) - start))
[ "$stop_rc" = 3 ] && [ $took -lt 10 ] && grep -q '^Bail out! interrupted by SIGTERM in wait.long' "$tmp/wl.tap"
ok $? "SIGTERM in a 10 min t:wait: exit 3 at once ($stop_rc, ${took}s)" "$(tail -2 "$tmp/wl.tap")"
