#!/bin/sh
# SIGTERM/SIGINT during a run (docs/evidence.md "Interrupted runs"): the
# point under way ends as interrupted (a device call within its timeout, a
# sleep or pure Lua at once), the run writes its journal and every report
# marked INTERRUPTED (run.json, "Bail out! interrupted by SIGTERM" in
# results.tap, report.html), stops the simulators it started and exits 3;
# `bench resume` runs the interrupted point again and finishes the run.
set -u
cd "$(dirname "$0")/.." || exit 1
. tests/lib/station.sh
. tests/lib/tap.sh
tmp=$(mktemp -d)
bg=""
trap '[ -z "$bg" ] || kill -9 $bg 2>/dev/null; BENCH_SIM_DIR="$tmp/sim" "$BENCH" sim down --station "$tmp/station.yaml" >/dev/null 2>&1; rm -rf "$tmp"' EXIT
plan 17
station_copy "$tmp" # the default station: pcscd, 4 cards, printer, chamber, AC source
st=$tmp/station.yaml
"$BENCH" sim down --station "$st" >/dev/null 2>&1
# "pid:start time" of every process of the simulators (each runs in its
# own session: pid files name the leaders), so a reused pid is not ours.
stamps() {
	leaders=$(cat $(find "$BENCH_SIM_DIR" -name '*.pid') 2>/dev/null | sort -u)
	for l in $leaders; do
		ps -eo pid=,sid= | awk -v s="$l" '$2 == s || $1 == s { print $1 }'
	done | sort -u | while read -r p; do
		[ -r "/proc/$p/stat" ] && echo "$p:$(sed 's/.*) //' "/proc/$p/stat" | cut -d' ' -f20)"
	done
}
alive() { # alive STAMPS: those still running (zombies waiting for init count as gone)
	for ps in $1; do
		p=${ps%%:*}
		[ "$(stamps1 "$p")" = "$ps" ] && ! grep -q ') Z' "/proc/$p/stat" 2>/dev/null && echo "$p"
	done
}
stamps1() { [ -r "/proc/$1/stat" ] && echo "$1:$(sed 's/.*) //' "/proc/$1/stat" | cut -d' ' -f20)"; }

"$BENCH" run --station "$st" --out "$tmp/out" tests/suites/signals.lua >"$tmp/tap" 2>"$tmp/err" &
bg=$!
i=0
while ! grep -qs 'sig.wait: waiting for the signal' "$tmp/err" && [ $i -lt 1200 ]; do sleep 0.05; i=$((i + 1)); done
sims=$(stamps)
kill -TERM $bg
i=0
while kill -0 $bg 2>/dev/null && [ $i -lt 200 ]; do sleep 0.1; i=$((i + 1)); done
kill -9 $bg 2>/dev/null
wait $bg
rc=$?
bg=""
[ $rc = 3 ] && [ $i -lt 200 ]
ok $? "SIGTERM: bench exits 3 within 20 s (exit $rc after $((i / 10)) s)"
like "$(cat "$tmp/err")" 'bench: interrupted by SIGTERM in sig.wait at tests/suites/signals.lua:18; bench resume .* runs the rest' \
	"stderr: interrupted by SIGTERM, where, and how to go on"
run=$(ls -d "$tmp"/out/*/ | head -1)
[ "$(tail -1 "$run/results.tap")" = "Bail out! interrupted by SIGTERM in sig.wait at tests/suites/signals.lua:18" ] &&
	cmp -s "$run/results.tap" "$tmp/tap"
ok $? "results.tap and stdout end with Bail out! interrupted by SIGTERM, naming the test and line" \
	"$(tail -3 "$run/results.tap")"
like "$(cat "$run/run.json")" '"interrupted": "SIGTERM"' "run.json: interrupted by SIGTERM"
like "$(cat "$run/run.json")" '"exit_code": 3' "run.json: exit code 3"
like "$(cat "$run/report.html")" 'INTERRUPTED by SIGTERM' "report.html says INTERRUPTED"
[ -s "$run/junit.xml" ] && [ -s "$run/manifest.json" ] && "$BENCH" verify --unsigned-ok "$run" >/dev/null 2>&1
ok $? "junit.xml and the manifest are written, and bench verify passes"
grep -q '	sig\.card	' "$run/journal" && ! grep -q '^R.*	sig\.wait	' "$run/journal" &&
	grep -q ' bench interrupted by SIGTERM in sig.wait .*not journaled: bench resume runs it again' "$run/trace.log"
ok $? "journal: sig.card recorded, the interrupted sig.wait not, and trace.log says so"
# `sim down` waits for each group's leader; its other members (the
# printer's ippeveprinter and dbus-daemon) may take a moment more to exit.
i=0
while [ -n "$(alive "$sims")" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
left=$(alive "$sims")
[ "$(echo $sims | wc -w)" -ge 7 ] && [ -z "$left" ]
ok $? "none of the $(echo $sims | wc -w) simulator processes the run started is left running" \
	"$(for p in $left; do ps -o pid=,cmd= -p "$p"; done)"

# Resuming a run marked interrupted (it has exit code 3 in run.json, yet it
# is not finished): every check below needs the mark.
grep -q '"interrupted": "SIGTERM"' "$run/run.json"
marked=$?
timeout 120 "$BENCH" resume "$run" >"$tmp/rtap" 2>"$tmp/rerr" &
bg=$!
i=0
while ! grep -qs 'sig.last' "$run/trace.log" && [ $i -lt 600 ]; do sleep 0.05; i=$((i + 1)); done
sims=$(stamps)
wait $bg
rc=$?
bg=""
out=$(cat "$tmp/rtap")
[ $marked = 0 ] && [ $rc = 0 ]
ok $? "bench resume finishes the interrupted run (exit $rc)"
[ $marked = 0 ] && [ "$(printf '%s\n' "$out" | tap_counts)" = \
	"ok=1 suites=1 tests=3 pass=3 fail=0 skip=0 todo=0 bailout=0 errors=0" ]
ok $? "strict TAP: all 3 points, no bail out"
[ $marked = 0 ] && [ "$(grep -c ' bench test sig.wait begins' "$run/trace.log")" = 2 ]
ok $? "the interrupted point ran again"
[ $marked = 0 ] && grep -q '"interrupted": null' "$run/run.json" && grep -q '"exit_code": 0' "$run/run.json"
ok $? "run.json: finished, exit code 0, no longer interrupted"
[ $marked = 0 ] && ! grep -q INTERRUPTED "$run/report.html"
ok $? "report.html rebuilt without the mark"
i=0
while [ -n "$(alive "$sims")" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
[ $marked = 0 ] && [ "$(echo $sims | wc -w)" -ge 7 ] && [ -z "$(alive "$sims")" ]
ok $? "the resume started the simulators again, and stopped all $(echo $sims | wc -w) of them"

# SIGINT while a test spins in pure Lua: stopped at its next instruction.
# (A background job of a script ignores SIGINT, and bench keeps an ignored
# SIGINT ignored: env gives it the default back, as a terminal's job has.)
env --default-signal=INT "$BENCH" run --station tests/stations/empty.yaml --out "$tmp/loop" \
	tests/suites/signals_loop.lua >"$tmp/loop.tap" 2>"$tmp/loop.err" &
bg=$!
stop_when $bg "$tmp/loop.err" 'sig.spin: spinning' INT
bg=""
is "$stop_rc" 3 "SIGINT in a pure Lua loop: exit 3, within 10 s"
is "$(tail -1 "$tmp/loop.tap")" "Bail out! interrupted by SIGINT in sig.spin at tests/suites/signals_loop.lua:7" \
	"Bail out! names SIGINT, the test and its line"
