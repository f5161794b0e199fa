#!/bin/sh
# A time-scaled run that stalls in the middle of an environment hold (the
# host leaves it without a CPU, here SIGSTOP for 1 s: 2 simulated hours at
# --time-scale 7200) stops the simulated world with it: the hold's test has
# the whole station, so the shared simulated clock (bench/base/simclock.c)
# is on its leash and the chamber lives no minute nobody watched. Without
# that the hold failed with max_sample_gap ~ 7 000 s > 600 s; a loaded host
# did the same at a large time scale (docs/perf.md "Demo run").
. "$(dirname "$0")/lib/station.sh"
d=$(mktemp -d)
trap 'kill -CONT $bpid 2>/dev/null; stations_down "$d" p; rm -rf "$d"' EXIT
echo "1..3"
bpid=
mkdir -p "$d/p"
station_copy "$d/p"
timeout 300 "$BENCH" run --station "$d/p/station.yaml" --out "$d/p/out" --time-scale 7200 \
	--filter env.work.15c suites/env/work_temp.lua >"$d/tap" 2>"$d/err" &
pid=$!
# The hold has begun once its workload ran twice (a card APDU each time).
i=0
until [ "$(cat "$d"/p/out/*/trace.log 2>/dev/null | grep -c ' card apdu > ')" -ge 2 ] || [ $i -ge 600 ]; do
	sleep 0.05
	i=$((i + 1))
done
bpid=$(pgrep -P $pid -x bench) # timeout's child
kill -STOP $bpid
sleep 1
kill -CONT $bpid
wait $pid
rc=$?
[ $rc -eq 0 ] && grep -q '^ *ok 1 - env.work.15c' "$d/tap" &&
	echo "ok 1 - the hold passes though bench stood still for 1 s of it" ||
	{ echo "not ok 1 - rc $rc"; grep -E 'not ok|max_sample_gap' "$d/tap" | sed 's/^/# /'; tail -3 "$d/err" | sed 's/^/# /'; }
# The stop fell inside the hold: 1 s without a trace line, after the
# workload's first APDU of this test.
stop=$(awk '/ card apdu > / { hold = 1 } hold && prev && $3 - prev >= 0.9 { printf "%.2f", $3 - prev; exit } { prev = $3 }' "$d"/p/out/*/trace.log)
[ -n "$stop" ] && echo "ok 2 - the trace shows the stop inside the hold ($stop s without a line)" ||
	echo "not ok 2 - no 1 s stop inside the hold in the trace (waited $i polls)"
gap=$(sed -n 's/^env\.work\.15c,max_sample_gap,\([0-9.]*\),.*/\1/p' "$d"/p/out/*/measurements.csv)
awk -v g="${gap:-99999}" 'BEGIN { exit !(g < 600) }' &&
	echo "ok 3 - samples stay dense in simulated time: max_sample_gap $gap s < 600 s" ||
	echo "not ok 3 - max_sample_gap '$gap' s"
