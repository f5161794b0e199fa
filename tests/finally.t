#!/bin/sh
# t:finally (docs/suite-api.md "Putting things back"): what a test
# registers runs when the test ends, however it ends: returned, raised,
# timed out in a loop that catches every error, skipped, or interrupted by
# SIGTERM (where Lua's own pcall cannot run: the count hook stops every
# instruction). The last registered runs first; one that raises fails the
# test, says so on stderr and in trace.log, and the others still run.
cd "$(dirname "$0")/.." || exit 1
. tests/lib/tap.sh
tmp=$(mktemp -d)
# The station-left markers (docs/evidence.md) of this file's runs: its own.
export BENCH_STATE_DIR="$tmp/state"
bg=""
trap '[ -z "$bg" ] || kill -9 $bg 2>/dev/null; rm -rf "$tmp"' EXIT
plan 37
diag() { awk -v id="$1" '$0 ~ "^    (not )?ok [0-9]+ - " id ":" { on = 1; next }
	on && /^      \.\.\.$/ { exit } on { print }'; }
ST=tests/stations/empty.yaml

out=$(timeout 60 "$BENCH" run --station $ST --out "$tmp/r" tests/suites/finally.lua 2>"$tmp/err")
rc=$?
is "$(printf '%s\n' "$out" | tap_counts)" \
	"ok=0 suites=0 tests=6 pass=2 fail=3 skip=1 todo=0 bailout=1 errors=0" \
	"strict TAP: return and none pass, error, timeout and raises fail, skip skips, then a bail out (rc $rc)"
is "$(grep -o 'fin.return: [a-z]* registered' "$tmp/err" | tr '\n' ,)" \
	"fin.return: last registered,fin.return: first registered," "the last registered runs first, each once"
like "$(printf '%s\n' "$out" | diag fin.return)" 'restored: "yes"' "a finally function's t:note is in the point"
grep -q 'fin.error: put back' "$tmp/err" &&
	printf '%s\n' "$out" | diag fin.error | grep -q 'message: "Lua error: tests/suites/finally.lua:20: boom"'
ok $? "after a Lua error: put back, the test fails with its own error"
d=$(printf '%s\n' "$out" | diag fin.timeout)
grep -q 'fin.timeout: put back' "$tmp/err" && printf '%s\n' "$d" | grep -q 'timeout after 1 s' &&
	printf '%s\n' "$d" | grep -q 'restored: "after the timeout"'
ok $? "after its timeout (a loop that catches every error): put back, noted" "$d"
d=$(printf '%s\n' "$out" | diag fin.raises)
like "$d" 'message: "t:finally: tests/suites/finally.lua:54: cannot switch the mains back on"' \
	"a finally that raises fails the test, naming its line"
grep -q '^bench: fin.raises: t:finally: tests/suites/finally.lua:54: cannot' "$tmp/err" &&
	grep -q 'bench fin.raises: t:finally: tests/suites/finally.lua:54' "$tmp"/r/*/trace.log &&
	grep -q 'fin.raises: the other still runs' "$tmp/err"
ok $? "said on stderr and in trace.log; the one registered before it still runs"
printf '%s\n' "$out" | grep -q '^Bail out! fin.raises: its put-back failed, so the station may be left changed: no later test runs on it' &&
	[ $rc -eq 3 ] && ! printf '%s\n' "$out" | grep -q 'fin.hang'
ok $? "the station may be left changed: the run ends after that test, exit 3 (rc $rc)" "$(printf '%s\n' "$out" | tail -3)"
grep -q 'fin.skip: put back' "$tmp/err" && printf '%s\n' "$out" | grep -q 'ok 4 - fin.skip: skips # SKIP no fixture'
ok $? "after t:skip: put back, the point SKIPs"
is "$(grep -c 'put back\|registered\|still runs' "$tmp/err")" 6 "fin.none runs none of the others' functions"

# The time for putting back is the test's timeout, at most 60 s, for all
# its functions together: one that never returns is stopped at it, and the
# thousand behind it are one failure, not a thousand waits.
out=$(timeout 60 "$BENCH" run --station $ST --out "$tmp/r" --filter fin.hang tests/suites/finally.lua \
	2>"$tmp/err")
d=$(printf '%s\n' "$out" | diag fin.hang)
like "$d" 'message: "t:finally: tests/suites/finally.lua:[0-9]+: timeout after 1 s"' \
	"a finally that never returns is stopped at the test's 1 s" "$d"
printf '%s\n' "$d" | grep -q 't:finally: 1000 function(s) not run: the 1 s for putting back are over' &&
	! grep -q 'fin.hang: ran' "$tmp/err"
ok $? "the thousand behind it: one failure, none run"

# SIGTERM while the test spins: its finally runs, and its bench.sleep sleeps.
# bench resume then finds the station put back, and says nothing of it.
"$BENCH" run --station $ST --out "$tmp/s" tests/suites/finally_signal.lua >"$tmp/s.tap" 2>"$tmp/s.err" &
bg=$!
stop_when $bg "$tmp/s.err" 'fin.sig: spinning' TERM
bg=""
is "$stop_rc $(tail -1 "$tmp/s.tap")" \
	"3 Bail out! interrupted by SIGTERM in fin.sig at tests/suites/finally_signal.lua:19" \
	"exit 3, Bail out! names the line the signal stopped, not the finally's"
tr=$(cat "$tmp"/s/*/trace.log)
is "$(printf '%s\n' "$tr" | grep -o 'suite fin.sig: [a-z]*\|bench fin.sig: t:finally: [a-z]*\|bench interrupted' | tr '\n' ,)" \
	"bench fin.sig: t:finally: the,bench fin.sig: t:finally: put,suite fin.sig: spinning,suite fin.sig: settling,suite fin.sig: put,bench fin.sig: t:finally: put,bench interrupted," \
	"trace.log: the finally ran after the signal, before the run closed"
a=$(printf '%s\n' "$tr" | awk '/fin.sig: settling/ { print $3 }')
b=$(printf '%s\n' "$tr" | awk '/fin.sig: put back/ { print $3 }')
awk -v a="${a:-0}" -v b="${b:-0}" 'BEGIN { exit !(a > 0 && b - a >= 0.45) }'
ok $? "its bench.sleep(0.5) slept through the signal ($a -> $b)"
run=$(ls -d "$tmp"/s/*/ | head -1)
timeout 60 "$BENCH" resume "$run" >"$tmp/s2.tap" 2>"$tmp/s2.err"
rc=$?
[ $rc -eq 0 ] && ! grep -q 'warning: the run died' "$tmp/s2.err" && ! grep -q station_left "$tmp/s2.tap"
ok $? "resumed after SIGTERM (rc $rc): the station was put back, no warning" "$(cat "$tmp/s2.err")"

# SIGKILL: nothing runs. bench resume warns that the run died with the
# station changed (trace.log has the registration and no "put back" of the
# engine's: the suite's look-alike line does not count), in
# trace.log too, and notes it on the test's point when it runs again.
"$BENCH" run --station $ST --out "$tmp/k" tests/suites/finally_signal.lua >"$tmp/k.tap" 2>"$tmp/k.err" &
bg=$!
stop_when $bg "$tmp/k.err" 'fin.sig: spinning' KILL
bg=""
run=$(ls -d "$tmp"/k/*/ | head -1)
! grep -q 'fin.sig: put back' "$tmp/k.err" && grep -q 'fin.sig: t:finally: the station changed' "$run/trace.log"
ok $? "SIGKILL: no finally ran (exit $stop_rc), trace.log has the registration"
timeout 60 "$BENCH" resume "$run" >"$tmp/k2.tap" 2>"$tmp/k2.err"
rc=$?
[ $rc -eq 0 ] &&
	grep -q '^bench: warning: the run died in fin.sig after it changed the station and before its t:finally put it back: check the station' "$tmp/k2.err"
ok $? "bench resume finishes it (rc $rc) and warns on stderr, naming the test" "$(cat "$tmp/k2.err")"
grep -q 'bench resumed: the run died in fin.sig with the station changed' "$run/trace.log" &&
	grep -q 'station_left: "the run died in this test with the station changed' "$run/results.tap"
ok $? "trace.log says so, and the point run again is noted station_left"

# test{rest = fn}: the test's first t:finally, so it runs as the test ends;
# after a SIGKILL bench resume runs it before the test runs again, with a
# note instead of the warning; a rest that raises there keeps the test from
# running at all.
R=tests/suites/rest_signal.lua
out=$(timeout 60 "$BENCH" run --station $ST --out "$tmp/p" --filter rest.plain $R 2>"$tmp/p.err")
is "$(grep -o 'rest.plain: [a-z ]*' "$tmp/p.err" | tr '\n' ,)" "rest.plain: ran,rest.plain: rest ran," \
	"a test's rest runs as it ends, after run"
like "$out" 'rest: "ran"' "the rest's t:note is in the point"
spin_kill() { # station name test: run the test into $tmp/name, SIGKILL it spinning; $run
	"$BENCH" run --station "$1" --out "$tmp/$2" --filter "$3" $R >"$tmp/$2.tap" 2>"$tmp/$2.err" &
	bg=$!
	stop_when $bg "$tmp/$2.err" "$3: spinning" KILL
	bg=""
	run=$(ls -td "$tmp/$2"/*/ | head -1)
}
killed() { # name test: run the test, SIGKILL it spinning, resume it
	spin_kill $ST "$1" "$2"
	timeout 60 "$BENCH" resume "$run" >"$tmp/$1.2.tap" 2>"$tmp/$1.2.err"
	rc=$?
}
killed rk rest.sig
[ $rc -eq 0 ] && ! grep -q 'warning' "$tmp/rk.2.err" &&
	grep -q '^bench: note: the run died in rest.sig after it changed the station; its rest puts the station back before it runs again' "$tmp/rk.2.err" &&
	[ "$(grep -o 'rest.sig: r[a-z ]*' "$tmp/rk.2.err" | tr '\n' ,)" = "rest.sig: rest ran,rest.sig: ran,rest.sig: rest ran," ]
ok $? "SIGKILL, resumed (rc $rc): its rest ran before the test ran again, a note, no warning" "$(cat "$tmp/rk.2.err")"
grep -q 'bench rest.sig: rest: the station put back at resume' "$run/trace.log" &&
	grep -q 'station_left: "the run died in this test with the station changed and its t:finally not run; its rest put the station back before it ran again"' "$run/results.tap"
ok $? "trace.log has the put back, the point's station_left says the rest put it back"
killed rb rest.bad
[ $rc -eq 3 ] && ! grep -q 'rest.bad: ran' "$tmp/rb.2.err" &&
	grep -q '^Bail out! rest.bad: its rest failed at resume, so the station may be left changed' "$tmp/rb.2.tap" &&
	grep -q "message: \"rest, at resume: tests/suites/rest_signal.lua:[0-9]*: the relay does not answer: the test not run on a station in an unknown state\"" "$run/results.tap" &&
	grep -q 'station_left: ".*its rest failed, so it did not run again"' "$run/results.tap"
ok $? "a rest that raises at resume: the test fails, not run, noted so; the run ends (rc $rc)" "$(cat "$tmp/rb.2.err")"
printf 'test { id = "x", title = "x", clause = "x", rest = 5, run = function(t) end }\n' >"$tmp/bad.lua"
timeout 60 "$BENCH" run --station $ST --out "$tmp/b" "$tmp/bad.lua" >/dev/null 2>"$tmp/b.err"
rc=$?
[ $rc -eq 2 ] && grep -q 'bad.lua:1: test x: rest is a function(t) that puts the station back' "$tmp/b.err"
ok $? "rest that is not a function: exit 2 at its line (rc $rc)" "$(cat "$tmp/b.err")"

# Side by side (--jobs 2), two suites each killed with the station
# changed: bench resume names and puts back both, not only the last.
for x in a b; do
	cat >"$tmp/lane_$x.lua" <<EOF
test {
  id = "lane.$x", title = "spins", clause = "docs/suite-api.md rest",
  rest = function() bench.log("lane.$x: rest ran") end,
  run = function(t)
    if t:restore() then return t:ok(true, "resumed") end
    t:checkpoint { spinning = true }
    bench.log("lane.$x: spinning")
    while true do bench.sleep(0.05) end
  end,
}
EOF
done
"$BENCH" run --station $ST --out "$tmp/j" --jobs 2 "$tmp/lane_a.lua" "$tmp/lane_b.lua" >"$tmp/j.tap" 2>"$tmp/j.err" &
bg=$!
i=0
while [ "$(grep -c ': spinning' "$tmp/j.err")" != 2 ] && [ $i -lt 400 ]; do sleep 0.05; i=$((i + 1)); done
kill -9 $bg 2>/dev/null
wait $bg 2>/dev/null
bg=""
run=$(ls -d "$tmp"/j/*/ | head -1)
timeout 60 "$BENCH" resume "$run" >"$tmp/j2.tap" 2>"$tmp/j2.err"
rc=$?
[ $rc -eq 0 ] && [ "$(grep -c '^bench: note: the run died in lane.[ab] after it changed the station' "$tmp/j2.err")" = 2 ] &&
	[ "$(grep -c 'station_left: ".*its rest put the station back' "$tmp/j2.tap")" = 2 ] &&
	[ "$(grep -c 'bench lane.[ab]: rest: the station put back at resume' "$run/trace.log")" = 2 ]
ok $? "--jobs 2, both killed with the station changed: resume puts back both (rc $rc)" "$(cat "$tmp/j2.err")"

# The next run on that station, before the killed one was resumed, is
# refused (exit 2), naming the test and the run: the marker beside the run
# directories outlives the kill. The resume puts the station back (its
# rest) and the marker goes; a run then starts. After another kill,
# --station-checked (the station put back by hand) lets a run start, and
# its trace.log says so.
sed 's/^roles: {}$/roles:\n  dut_power: {driver: modbus-relay, host: 127.0.0.1, port: 1}/' $ST >"$tmp/dev.yaml"
spin_kill "$tmp/dev.yaml" m rest.sig
timeout 60 "$BENCH" run --station "$tmp/dev.yaml" --out "$tmp/m" --filter rest.plain $R >/dev/null 2>"$tmp/m1.err"
rc=$?
[ $rc -eq 2 ] && grep -q "a run died with it changed" "$tmp/m1.err" &&
	grep -q "rest.sig, in run ${run%/}" "$tmp/m1.err" && grep -q 'bench resume' "$tmp/m1.err"
ok $? "a new run on the station the killed run left changed: exit 2 naming test and run (rc $rc)" "$(cat "$tmp/m1.err")"
err=$("$BENCH" check --station "$tmp/dev.yaml" --out "$tmp/m" 2>&1)
rc=$?
[ $rc -eq 2 ] && printf '%s\n' "$err" | grep -q "rest.sig, in run ${run%/}"
ok $? "bench check --station says so too (rc $rc)" "$err"
timeout 60 "$BENCH" run --station "$tmp/dev.yaml" --out "$tmp/elsewhere" --filter rest.plain $R >/dev/null 2>"$tmp/m0.err"
rc=$?
[ $rc -eq 2 ] && grep -q "rest.sig, in run ${run%/}" "$tmp/m0.err"
ok $? "a run that writes its reports elsewhere (another --out) is refused too (rc $rc)" "$(cat "$tmp/m0.err")"
timeout 60 "$BENCH" resume "$run" >/dev/null 2>"$tmp/m2.err"
rc=$?
timeout 60 "$BENCH" run --station "$tmp/dev.yaml" --out "$tmp/m" --filter rest.plain $R >/dev/null 2>"$tmp/m3.err"
rc3=$?
[ $rc -eq 0 ] && [ $rc3 -eq 0 ] && [ -d "$BENCH_STATE_DIR/station-left" ] &&
	[ -z "$(ls "$BENCH_STATE_DIR"/station-left/*/ 2>/dev/null)" ]
ok $? "resumed (its rest put the station back): the marker gone, a new run starts" "$(cat "$tmp/m2.err" "$tmp/m3.err")"
spin_kill "$tmp/dev.yaml" m rest.sig
timeout 60 "$BENCH" run --station "$tmp/dev.yaml" --out "$tmp/m" --filter rest.plain --station-checked $R \
	>/dev/null 2>"$tmp/m4.err"
rc=$?
last=$(ls -td "$tmp"/m/*/ | head -1)
[ $rc -eq 0 ] && grep -q '^bench: --station-checked: the station was left changed by rest.sig (run ' "$tmp/m4.err" &&
	grep -q 'bench station checked by hand (--station-checked): it was left changed by rest.sig' "$last/trace.log"
ok $? "--station-checked: the run starts, stderr and trace.log name what was cleared (rc $rc)" "$(cat "$tmp/m4.err")"
# A put-back that raised may have left the station changed too: its marker
# stays, and the next run on the station is refused until it is checked.
timeout 60 "$BENCH" run --station "$tmp/dev.yaml" --out "$tmp/f" --filter rest.fails $R >/dev/null 2>"$tmp/f1.err"
rc=$?
timeout 60 "$BENCH" run --station "$tmp/dev.yaml" --out "$tmp/f" --filter rest.plain $R >/dev/null 2>"$tmp/f2.err"
rc2=$?
[ $rc -eq 3 ] && grep -q 'rest.fails: t:finally: .*the mains relay is stuck' "$tmp/f1.err" &&
	[ $rc2 -eq 2 ] && grep -q '  rest.fails, in run .*: its put-back failed (check the station by hand)$' "$tmp/f2.err"
ok $? "a rest that raised as its test ended: the next run is refused (rc $rc, $rc2)" "$(cat "$tmp/f1.err" "$tmp/f2.err")"

# test{rest_at_resume = fn}: what bench resume runs first, and only there
# (an operator asked for the station's card back); not a t:finally.
sed 's/^roles: {}$/roles:\n  dut_power: {driver: modbus-relay, host: 127.0.0.1, port: 1}/' $ST >"$tmp/dev2.yaml"
spin_kill "$tmp/dev2.yaml" rr rest.resume
timeout 60 "$BENCH" resume "$run" >"$tmp/rr.2.tap" 2>"$tmp/rr.2.err"
rc=$?
[ $rc -eq 0 ] && grep -q '^bench: note: the run died in rest.resume after it changed the station; its rest' "$tmp/rr.2.err" &&
	"$BENCH" check --station "$tmp/dev2.yaml" >/dev/null 2>&1
ok $? "rest_at_resume: killed, resumed (rc $rc) with the note; the marker gone" "$(cat "$tmp/rr.2.err")"
is "$(grep -o 'rest.resume: [a-z ]*' "$tmp/rr.err" "$tmp/rr.2.err" | tr '\n' ,)" \
	"$tmp/rr.err:rest.resume: ran,$tmp/rr.err:rest.resume: spinning,$tmp/rr.2.err:rest.resume: rest ran,$tmp/rr.2.err:rest.resume: ran," \
	"it runs at resume before the test, not as the test ends"
# A put-back that asks the operator, unanswered (no TTY, no answers file):
# the test fails, not a SKIP that would end it as if put back.
out=$(timeout 60 "$BENCH" run --station $ST --out "$tmp/a" --filter rest.ask $R 2>"$tmp/a.err" </dev/null)
rc=$?
[ $rc -eq 3 ] && printf '%s\n' "$out" | diag rest.ask |
	grep -q 'message: "t:finally: tests/suites/rest_signal.lua:[0-9]*: operator step: no answer for rest.ask.back: the station may be left changed"'
ok $? "an unanswered t:ask in a t:finally fails the test (rc $rc)" "$out"
printf 'test { id = "x", title = "x", clause = "x", rest = print, rest_at_resume = print,\n run = function(t) end }\n' >"$tmp/both.lua"
timeout 60 "$BENCH" run --station $ST --out "$tmp/b" "$tmp/both.lua" >/dev/null 2>"$tmp/both.err"
rc=$?
[ $rc -eq 2 ] && grep -q 'both.lua:1: test x: rest or rest_at_resume, not both' "$tmp/both.err"
ok $? "rest and rest_at_resume both: exit 2 at its line (rc $rc)" "$(cat "$tmp/both.err")"

# Without $BENCH_STATE_DIR the markers are in $XDG_STATE_HOME/bench (else
# /var/lib/bench for root, ~/.local/state/bench for a user).
(
	unset BENCH_STATE_DIR
	export XDG_STATE_HOME="$tmp/xdg"
	spin_kill "$tmp/dev.yaml" x rest.sig
	ls "$tmp"/xdg/bench/station-left/*/test-rest.sig >/dev/null &&
		grep -qx "${run%/}" "$tmp"/xdg/bench/station-left/*/test-rest.sig &&
		timeout 60 "$BENCH" run --station "$tmp/dev.yaml" --out "$tmp/x" --filter rest.plain \
			--station-checked $R >/dev/null 2>&1 &&
		[ -z "$(ls "$tmp"/xdg/bench/station-left/*/ 2>/dev/null)" ]
)
ok $? "no BENCH_STATE_DIR: the marker, holding the run, in \$XDG_STATE_HOME/bench/station-left"
