#!/bin/sh
# Issue 19, item 3: the journal keeps up with a run of many trivial points.
# Every finished point's record is written (write(2), the page cache) before
# the next point starts, so kill -9 at random points of a fast run loses no
# point that was reported, and the resume completes the same set without a
# duplicate; the fsyncs are grouped (one per 100 ms at most, and at the end),
# so a run of N points makes far fewer than N of them; a full disk in the
# middle of a fast run still ends it with exit 3 (docs/evidence.md "Kill -9
# and power cuts"). No timing is asserted: speed lives in bench/perf.
cd "$(dirname "$0")/.." || exit 1
. tests/lib/tap.sh
tmp=$(mktemp -d)
pid= mnt=
trap '[ -n "$pid" ] && kill -9 "$pid" 2>/dev/null; [ -n "$mnt" ] && umount "$mnt"; rm -rf "$tmp"' EXIT
cp "$BENCH" "$tmp/bench" && BENCH=$tmp/bench # the tree may be relinked meanwhile
st=tests/stations/empty.yaml
trials=${JOURNAL_TRIALS:-8}
N=3000
plan $((trials + 10))

# Suites read no environment: a copy with N points.
sed "s/^local N = [0-9]*\$/local N = $N/" bench/perf/points.lua >"$tmp/points.lua"
norm() { sed -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z/<time>/g; s/[0-9]+\.[0-9]{6}/<mono>/g' "$1"; }
rand() { echo $(($(od -An -N4 -tu4 /dev/urandom) % $1)); }
points() { grep -c '^R	' "$1/journal"; }
unique() { grep '^R	' "$1/journal" | cut -f10 | sort -u | wc -l; }

"$BENCH" run --station $st --out "$tmp/clean" "$tmp/points.lua" >/dev/null 2>&1
is $? 0 "a clean run of $N trivial points passes"
clean=$(ls -d "$tmp"/clean/*)
is "$(points "$clean")" $N "and journals all $N points"
norm "$clean/results.tap" >"$tmp/clean.tap"

# kill -9 once the run has reported k points (k random): every point on
# stdout was journaled before it was printed, so the journal holds at least
# as many; the resume then completes the run, nothing lost, nothing twice.
i=0
while [ $i -lt "$trials" ]; do
	i=$((i + 1))
	out=$tmp/t$i
	k=$(($(rand $((N - 10))) + 1))
	: >"$tmp/k.out"
	"$BENCH" run --station $st --out "$out" "$tmp/points.lua" >"$tmp/k.out" 2>/dev/null &
	pid=$!
	n=0
	while [ "$(grep -c '^    ok ' "$tmp/k.out")" -lt $k ] && kill -0 $pid 2>/dev/null; do
		n=$((n + 1))
		[ $n -lt 12000 ] || break
		sleep 0.01
	done
	kill -9 $pid 2>/dev/null
	wait $pid 2>/dev/null
	pid=
	shown=$(grep -c '^    ok ' "$tmp/k.out")
	dir=$(ls -d "$out"/*)
	kept=$(points "$dir")
	why=
	[ "$kept" -ge "$shown" ] || why="$why $shown points shown but $kept journaled;"
	"$BENCH" resume "$dir" >/dev/null 2>&1 || why="$why resume exit $?;"
	[ "$(unique "$dir")" -eq $N ] || why="$why $((N - $(unique "$dir"))) lost;"
	[ "$(points "$dir")" -eq "$(unique "$dir")" ] || why="$why $(($(points "$dir") - $(unique "$dir"))) doubled;"
	norm "$dir/results.tap" | cmp -s - "$tmp/clean.tap" || why="$why results.tap differs;"
	"$BENCH" verify --unsigned-ok "$dir" >/dev/null 2>"$tmp/v.err" || why="$why verify: $(cat "$tmp/v.err");"
	is "$why" "" "kill -9 after $shown points shown ($kept journaled): the resume completes the same $N points"
done

# Grouped fsync, counted by strace: > 0 (the run's evidence does reach the
# disk) and far below one per point (before: at least one per point): at
# most one group (4 files) per 100 ms the run took, plus the syncs at its
# end (run.json, the manifest), and below N / 2 however slow the machine.
if command -v strace >/dev/null; then
	t0=$(date +%s.%N)
	# (LeakSanitizer stops the world with ptrace, which strace holds.)
	ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 \
		strace -f -qq -e trace=fsync,fdatasync -o "$tmp/strace" "$BENCH" run --station $st --out "$tmp/s" "$tmp/points.lua" >/dev/null 2>&1
	is $? 0 "the run under strace passes"
	most=$(echo "$t0 $(date +%s.%N) $N" | awk '{ m = 4 * (int(($2 - $1) * 10) + 3) + 8; print m < $3 / 2 ? m : int($3 / 2) }')
	syncs=$(grep -Ec '(fsync|fdatasync)\(' "$tmp/strace")
	[ "$syncs" -gt 0 ] && [ "$syncs" -le "$most" ]
	ok $? "$syncs fsync/fdatasync calls for $N points (> 0, <= $most: one group per 100 ms)"
	# Each file is synced by the run: the journal after a group's last write.
	run=$(ls -d "$tmp"/s/*)
	j=$(grep -c '^R	' "$run/journal")
	is "$j" $N "and it journals all $N points"
	# A point that only writes trace lines for 1.5 s: trace.log grows inside
	# its length (its mapped window, docs/evidence.md), and each group still
	# syncs it (some 15 times; without the trace saying what it holds, only
	# the first group and the run's end would).
	ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 \
		strace -f -qq -y -e trace=fdatasync -o "$tmp/strace.lines" "$BENCH" run --station $st \
		--out "$tmp/lines" tests/suites/trace_lines.lua >/dev/null 2>&1
	syncs=$(grep -c 'trace\.log>' "$tmp/strace.lines")
	[ "$syncs" -ge 5 ]
	ok $? "1.5 s of trace lines in one point: trace.log synced $syncs times (>= 5)"
else
	for _ in 1 2 3 4; do ok 0 "# SKIP strace is not installed (bench/setup installs it)"; done
fi

# A full disk in the middle of a fast run: exit 3 and a bail, as before.
mkdir "$tmp/full"
if mount -t tmpfs -o size=192k tmpfs "$tmp/full" 2>/dev/null; then
	mnt=$tmp/full
	"$BENCH" run --station $st --out "$tmp/full" "$tmp/points.lua" >"$tmp/f.out" 2>"$tmp/f.err"
	is $? 3 "disk full during a fast run: exit 3"
	like "$(tail -1 "$tmp/f.out")" "^Bail out! evidence lost: .*No space left on device" \
		"the TAP stream bails out with the reason"
	run=$(ls -d "$tmp"/full/*)
	n=$(points "$run")
	[ "$n" -gt 0 ] && [ "$n" -lt $N ] && [ "$(grep -c '^    ok ' "$tmp/f.out")" -le "$n" ]
	ok $? "$n points kept, none shown that the journal lacks"
	grep -o ' bench test [^ ]* begins	' "$run/trace.log" | cut -d' ' -f4 | sort -u >"$tmp/traced"
	is "$(grep '^R	' "$run/journal" | cut -f10 | sort -u | comm -23 - "$tmp/traced")" "" \
		"no verdict is journaled without its trace lines"
else
	for _ in 1 2 3 4; do ok 0 "# SKIP cannot mount a tmpfs here (not root?)"; done
fi
