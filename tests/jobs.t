#!/bin/sh
# bench run --jobs (issue 19 item 2): suites with disjoint roles side by
# side. The TAP is the serial run's, byte for byte but the times; suites
# that share a role, or that need the whole station, never overlap; a suite
# that opens a role it did not declare is refused (exit 2); kill -9 or
# SIGTERM mid-run and bench resume lose and duplicate nothing; the reports
# say which suites ran side by side.
cd "$(dirname "$0")/.." || exit 1
. tests/lib/tap.sh
. tests/lib/station.sh
tmp=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill -9 "$pid" 2>/dev/null; BENCH=$BENCH_TREE stations_down "$tmp" card; rm -rf "$tmp"' EXIT
st=tests/stations/empty.yaml
S=tests/suites
suites="$S/jobs_a.lua $S/jobs_x.lua $S/jobs_b.lua $S/jobs_c.lua"
trials=${JOBS_TRIALS:-6}
plan $((trials + 26))
# A private copy: the tree may be rebuilt while this test runs (the card
# station's runs use the tree's, which finds its simulators next to it).
BENCH_TREE=$BENCH
cp "$BENCH" "$tmp/bench" && BENCH=$tmp/bench

norm() { sed -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z/<time>/g; s/[0-9]+\.[0-9]{6}/<mono>/g' "$1"; }
rand() { echo $(($(od -An -N2 -tu2 /dev/urandom) % $1)); }
now() { date +%s.%N; }
pairs() { tr -d ' \n' <"$1/run.json" | sed -n 's/.*"side_by_side":\[\(.*\)\],"station_name".*/\1/p'; }

t0=$(now)
# shellcheck disable=SC2086
"$BENCH" run --station $st --out "$tmp/serial" $suites >"$tmp/serial.out" 2>/dev/null
is $? 1 "serial run exits 1 (one deliberate failure)"
t1=$(now)
# shellcheck disable=SC2086
"$BENCH" run --station $st --out "$tmp/jobs" --jobs 3 $suites >"$tmp/jobs.out" 2>"$tmp/jobs.err"
is $? 1 "--jobs 3 run exits 1 too"
t2=$(now)
echo "# serial: $(echo "$t1 - $t0" | bc) s, --jobs 3: $(echo "$t2 - $t1" | bc) s"
serial=$(ls -d "$tmp"/serial/*) jobs=$(ls -d "$tmp"/jobs/*)
norm "$serial/results.tap" >"$tmp/serial.tap"
norm "$jobs/results.tap" | cmp -s - "$tmp/serial.tap"
ok $? "results.tap of --jobs is the serial run's (times aside): whole suites, serial order"
[ -s "$jobs/results.tap" ] && cmp -s "$jobs/results.tap" "$tmp/jobs.out"
ok $? "stdout is results.tap"
is "$(tap_counts <"$tmp/jobs.out")" \
	"ok=0 suites=4 tests=25 pass=23 fail=1 skip=1 todo=0 bailout=0 errors=0" \
	"the strict TAP parser reads the --jobs stream (no error, every point)"
a=$(grep '^R	' "$serial/journal" | cut -f4,10 | sort)
is "$(grep '^R	' "$jobs/journal" | cut -f4,10 | sort)" "$a" "per-test verdicts equal the serial run's"
p=$(pairs "$jobs")
like "$p" '\["tests/suites/jobs_a.lua","tests/suites/jobs_b.lua"\]' \
	"run.json: jobs_a and jobs_b (roles card, printer) ran side by side"
[ -n "$p" ] && ! printf '%s' "$p" | grep -q 'jobs_a.lua","tests/suites/jobs_c' &&
	! printf '%s' "$p" | grep -q 'jobs_x'
ok $? "jobs_c (role card as jobs_a) and jobs_x (exclusive) ran beside nothing they may not"
like "$(grep '"jobs"' "$jobs/run.json")" '"jobs": 3,' "run.json records --jobs 3"
grep -q '<h2>Side by side</h2>' "$jobs/report.html" &&
	grep -q '<tr><td>tests/suites/jobs_a.lua</td><td>tests/suites/jobs_b.lua</td></tr>' "$jobs/report.html"
ok $? "report.html says which suites ran side by side"
! grep -q 'Side by side' "$serial/report.html"
ok $? "a serial report has no such section"
"$BENCH" verify --unsigned-ok "$jobs" >/dev/null 2>"$tmp/verify.err"
ok $? "bench verify: the trace covers every point of the interleaved journal"
[ $? -eq 0 ] || sed 's/^/# /' "$tmp/verify.err"
# A stream with no failure goes through prove as it is.
# shellcheck disable=SC2086
"$BENCH" run --station $st --out "$tmp/pass" --jobs 2 --tap-version 13 --filter 'jobs_[bcx]*' $suites \
	>"$tmp/pass.tap" 2>/dev/null
is $? 0 "--jobs 2 over the passing tests exits 0"
prove -e cat "$tmp/pass.tap" >"$tmp/prove.out" 2>&1
ok $? "prove reads the --jobs stream: PASS"
[ $? -eq 0 ] || tail -5 "$tmp/prove.out" | sed 's/^/# /'

# Roles: what a suite opens must be what it declares, once side by side.
card_station "$tmp/card"
"$BENCH_TREE" run --station "$tmp/card/station.yaml" --out "$tmp/bad" --jobs 2 $S/jobs_bad.lua $S/jobs_b.lua \
	>"$tmp/bad.out" 2>"$tmp/bad.err"
rc=$?
is $rc 2 "--jobs: a suite that opens a role it did not declare exits 2"
[ $rc -eq 2 ] || tail -5 "$tmp/bad.err" | sed 's/^/# /'
like "$(cat "$tmp/bad.out")" "Bail out! tests/suites/jobs_bad.lua uses role 'card', which it does not declare" \
	"and the TAP says which suite and which role"
"$BENCH_TREE" run --station "$tmp/card/station.yaml" --out "$tmp/bad1" $S/jobs_bad.lua >/dev/null 2>&1
is $? 0 "the same suite passes a serial run (nothing runs beside it)"
cat >"$tmp/undeclared.lua" <<'EOT'
suite { title = "x", standard = "x", roles = { "printer" } }
test { id = "u.1", title = "u", clause = "x", roles = { "card" }, run = function(t) t:ok(true) end }
EOT
"$BENCH" run --station $st --out "$tmp/u" "$tmp/undeclared.lua" >/dev/null 2>"$tmp/u.err"
is $? 2 "a test role missing from the suite's roles = {...} is a suite error (exit 2)"
like "$(cat "$tmp/u.err")" "undeclared.lua:2: test u.1 needs role 'card', which the suite's roles" \
	"naming file:line, test and role"

# SIGTERM mid-run ends every running suite; resume finishes the run.
# shellcheck disable=SC2086
"$BENCH" run --station $st --out "$tmp/term" --jobs 3 $suites >/dev/null 2>&1 &
pid=$!
n=0
while [ "$(cat "$tmp"/term/*/journal 2>/dev/null | grep -c '^R	')" -lt 6 ] && [ $n -lt 500 ]; do
	sleep 0.01
	n=$((n + 1))
done
kill -TERM "$pid"
wait "$pid"
rc=$?
pid=
is "$rc" 3 "SIGTERM during a --jobs run: exit 3"
dir=$(ls -d "$tmp"/term/*)
like "$(cat "$dir/run.json")" '"interrupted": "SIGTERM"' "run.json says the run was interrupted"
"$BENCH" resume "$dir" >/dev/null 2>&1
is $? 1 "bench resume finishes it"
norm "$dir/results.tap" | cmp -s - "$tmp/serial.tap"
ok $? "and the resumed run equals the serial run"

# kill -9 at random points, resume (side by side again: run.json's jobs).
lost=0 dup=0 bad=0 i=0 mid=0
npoints=$(grep -c '^R	' "$serial/journal")
while [ $i -lt "$trials" ]; do
	i=$((i + 1))
	out="$tmp/k$i"
	# shellcheck disable=SC2086
	"$BENCH" run --station $st --out "$out" --jobs 3 $suites >/dev/null 2>&1 &
	pid=$!
	sleep "$(($(rand 20) / 10)).$(rand 10)"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	pid=
	dir=$(ls -d "$out"/* 2>/dev/null | head -1)
	why=
	if [ -n "$dir" ] && [ -f "$dir/run.json" ]; then
		before=$(grep -c '^R	' "$dir/journal" 2>/dev/null)
		[ "${before:-0}" -gt 0 ] && [ "$before" -lt "$npoints" ] && mid=$((mid + 1))
		"$BENCH" resume "$dir" >"$tmp/resume.out" 2>"$tmp/resume.err"
		rc=$?
		[ $rc -eq 1 ] || why="$why resume exit $rc;"
		n=$(grep -c '^R	' "$dir/journal")
		u=$(grep '^R	' "$dir/journal" | cut -f2,10 | sort -u | wc -l)
		[ "$u" -lt "$npoints" ] && lost=$((lost + npoints - u)) && why="$why lost $((npoints - u));"
		[ "$n" -gt "$u" ] && dup=$((dup + n - u)) && why="$why duplicated $((n - u));"
		norm "$dir/results.tap" | cmp -s - "$tmp/serial.tap" || why="$why results.tap differs;"
		cmp -s "$dir/results.tap" "$tmp/resume.out" || why="$why stdout != results.tap;"
		"$BENCH" verify --unsigned-ok "$dir" >/dev/null 2>"$tmp/verify.err" ||
			why="$why verify: $(cat "$tmp/verify.err");"
	else
		before=0 # killed before the run recorded its start: nothing ran
	fi
	[ -n "$why" ] && bad=$((bad + 1))
	is "$why" "" "kill -9 after $before points, bench resume: the serial run's results"
done
[ "$mid" -gt 0 ]
ok $? "$mid of the $trials kills landed mid-run (some point journaled, not all)"
is "$lost" 0 "0 test points lost over $trials kill -9 / resume trials"
is "$dup" 0 "0 test points duplicated over $trials kill -9 / resume trials"
