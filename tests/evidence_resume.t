#!/bin/sh
# Issue 8, must show 1: kill -9 at random points of a run, `bench resume`,
# compare with a clean run: 0 lost, 0 duplicated test points; results.tap and
# measurements.csv identical except timing fields; the trace chain intact.
cd "$(dirname "$0")/.." || exit 1
. tests/lib/tap.sh
. tests/lib/killwhen.sh
tmp=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill -9 "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
st=tests/stations/empty.yaml
suites="tests/suites/slow_a.lua tests/suites/slow_b.lua"
trials=${EVIDENCE_TRIALS:-20}
plan $((trials + 9))
# A private copy: the tree may be rebuilt while this long test runs.
cp "$BENCH" "$tmp/bench" && BENCH=$tmp/bench

# Timing fields: wall-clock timestamps and monotonic seconds.
norm() { sed -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z/<time>/g; s/[0-9]+\.[0-9]{6}/<mono>/g' "$1"; }
rand() { echo $(( $(od -An -N2 -tu2 /dev/urandom) % $1 )); }

# shellcheck disable=SC2086
"$BENCH" run --station $st --out "$tmp/clean" $suites >/dev/null 2>&1
is $? 1 "clean run exits 1 (it has deliberate failures)"
clean=$(ls -d "$tmp"/clean/*)
npoints=$(grep -c '^R	' "$clean/journal")
is "$npoints" 51 "clean run journals all 51 points"
norm "$clean/results.tap" >"$tmp/clean.tap"
norm "$clean/measurements.csv" >"$tmp/clean.csv"

# Runs a command in the background and kill -9s it after a random delay
# (0.1 .. 1.9 s: the clean run takes about 1.8 s).
kill_after_random() {
	"$@" >/dev/null 2>&1 &
	pid=$!
	sleep "$(( $(rand 18) / 10 )).$(rand 10)$(rand 10)"
	sleep 0.1
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	pid=
}

lost=0 dup=0 bad=0
i=0
while [ $i -lt "$trials" ]; do
	i=$((i + 1))
	out="$tmp/t$i"
	# shellcheck disable=SC2086
	kill_after_random "$BENCH" run --station $st --out "$out" $suites
	dir=$(ls -d "$out"/* 2>/dev/null | head -1)
	why=
	if [ -z "$dir" ] || [ ! -f "$dir/run.json" ]; then
		# Killed before the run recorded its start (a window of microseconds
		# after mkdir): nothing ran, so nothing can be lost; resume says so.
		before=0
		if [ -n "$dir" ]; then
			"$BENCH" resume "$dir" >/dev/null 2>"$tmp/resume.err"
			[ $? -eq 2 ] && grep -q "nothing to resume" "$tmp/resume.err" ||
				why="resume of a run killed before its start: $(cat "$tmp/resume.err")"
		fi
	else
		before=$(grep -c '^R	' "$dir/journal" 2>/dev/null)
		# Every third trial the resume is killed too, then resumed again.
		[ $((i % 3)) -eq 0 ] && kill_after_random "$BENCH" resume "$dir"
		"$BENCH" resume "$dir" >"$tmp/resume.out" 2>"$tmp/resume.err"
		rc=$?
		[ $rc -eq 1 ] || why="$why resume exit $rc;"
		n=$(grep -c '^R	' "$dir/journal")
		u=$(grep '^R	' "$dir/journal" | cut -f2,10 | sort -u | wc -l)
		[ "$u" -lt "$npoints" ] && lost=$((lost + npoints - u)) && why="$why lost $((npoints - u));"
		[ "$n" -gt "$u" ] && dup=$((dup + n - u)) && why="$why duplicated $((n - u));"
		norm "$dir/results.tap" | cmp -s - "$tmp/clean.tap" || why="$why results.tap differs;"
		norm "$dir/measurements.csv" | cmp -s - "$tmp/clean.csv" || why="$why csv differs;"
		cmp -s "$dir/results.tap" "$tmp/resume.out" || why="$why stdout != results.tap;"
		"$BENCH" verify --unsigned-ok "$dir" >/dev/null 2>"$tmp/verify.err" ||
			why="$why verify: $(cat "$tmp/verify.err");"
	fi
	[ -n "$why" ] && bad=$((bad + 1))
	is "$why" "" "trial $i (killed after ${before:-?} points): resumed run equals the clean run"
	if [ -n "$why" ] && [ -n "$dir" ]; then
		norm "$dir/results.tap" | diff "$tmp/clean.tap" - | head -10 | sed 's/^/# /'
	fi
done
# A kill inside the checkpointing soak: resume continues from the checkpoint
# (killed once its 8th is saved: the soak's i is 8).
# shellcheck disable=SC2086
kill_when '\["i"\]=([89]|[1-9][0-9])[,}]' "$tmp/soak" "$BENCH" run --station $st --out "$tmp/soak" $suites
dir=$(ls -d "$tmp"/soak/*)
saved=$(grep -c '^C	slow_b.soak' "$dir/journal")
[ "$saved" -ge 8 ] && ! grep -q '^R	.*	slow_b.soak	' "$dir/journal"
ok $? "killed inside the soak after $saved checkpoints"
"$BENCH" resume "$dir" >/dev/null 2>&1
like "$(grep 'soak restored at' "$dir/trace.log")" "soak restored at ([89]|[1-9][0-9])[^0-9]" \
	"the resumed soak continued from its last checkpoint, not from zero"
norm "$dir/results.tap" | cmp -s - "$tmp/clean.tap"
ok $? "and its run equals the clean run"
# A test killed after it saw a failure: the failure stands on resume
# (before, the rerun passed); an undecided check (not the DUT's) is not
# carried; a failure the rerun sees again is told once.
kill_when '^C	seen.once' "$tmp/seen" "$BENCH" run --station $st --out "$tmp/seen" tests/suites/seen.lua
dir=$(ls -d "$tmp"/seen/*)
"$BENCH" resume "$dir" >"$tmp/seen.tap" 2>&1
rc=$?
[ $rc -eq 1 ] && grep -q '^ *not ok 1 - seen.once' "$tmp/seen.tap" &&
	[ "$(grep -c 'check: "before bench stopped: a failure seen before the kill: got 1, expected 2 (tests/suites/seen.lua:[0-9]*)"' "$tmp/seen.tap")" -eq 1 ]
ok $? "a failure seen before the kill stands on resume (rc $rc)"
! grep -q 'before bench stopped: the chamber' "$tmp/seen.tap" &&
	[ "$(grep -c 'check: "the same failure every time"' "$tmp/seen.tap")" -eq 1 ] &&
	! grep -q 'before bench stopped: the same failure' "$tmp/seen.tap" &&
	grep -q 'seen.once: 1 failure(s) seen before bench stopped stand' "$dir/trace.log"
ok $? "an undecided check is not carried; a failure seen again is told once; trace.log says so"
is "$lost" 0 "0 test points lost over $trials kill -9 / resume trials"
is "$dup" 0 "0 test points duplicated over $trials kill -9 / resume trials"
