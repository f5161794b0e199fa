#!/bin/sh
# suites/env/class_range.lua on the default station made a document camera
# (DB43/T 3.3 表5, -10..50 C, 5..93 %RH): its card readers are read through
# every hold. A reader that works only from 0 C up (reader fault cold-stop=0)
# fails the -10 C hold, though the operator answers that it worked at the
# end; before, that answer alone passed it. A good DUT passes all three.
. "$(dirname "$0")/lib/station.sh"
d=$(mktemp -d)
trap 'stations_down "$d" good cold; [ -n "${BENCH_KEEP:-}" ] || rm -rf "$d"' EXIT
echo "1..5"
ANSWERS="env.range.document-camera.low.works: yes
env.range.document-camera.high.works: yes
env.range.document-camera.damp.works: yes"
hold() { # name reader-fault
	mkdir -p "$d/$1"
	station_copy "$d/$1"
	sed -i -e "0,/faults: \[\]         # reader faults/s//faults: [$2]         # reader faults/" \
		-e "s|class: desktop|class: document-camera|" "$d/$1/station.yaml"
	printf '%s\n' "$ANSWERS" >"$d/$1/answers"
	timeout 300 "$BENCH" run --station "$d/$1/station.yaml" --out "$d/$1/out" \
		--time-scale 14400 --answers "$d/$1/answers" --filter 'env.range.document-camera.*' \
		suites/env/class_range.lua >"$d/$1/tap" 2>"$d/$1/err"
	rc=$?
}
hold good ""
[ $rc -eq 0 ] && [ "$(grep -c '^    ok [0-9]* - env.range.document-camera.\(low\|high\|damp\):' "$d/good/tap")" -eq 3 ] &&
	! grep -q '# SKIP' "$d/good/tap" &&
	echo "ok 1 - a good document camera passes its -10 C, 50 C and damp heat holds" ||
	{ echo "not ok 1 - good: rc $rc"; grep -m6 'ok \|message' "$d/good/tap" | sed 's/^/# /'; }
[ "$(grep -c 'workload: "through card, contactless"' "$d/good/tap")" -eq 3 ] &&
	echo "ok 2 - each hold reads through the contactless and the contact reader, noted" ||
	echo "not ok 2 - no workload note"
runs=$(grep -o 'workload_runs: [0-9]*' "$d/good/tap" | head -1)
[ "${runs#*: }" -ge 5 ] 2>/dev/null && [ "$(grep -c '00A40000023F00' "$d"/good/out/*/trace.log)" -ge 30 ] &&
	echo "ok 3 - the readers were read through the hold ($runs)" ||
	echo "not ok 3 - workload runs '$runs'"

hold cold cold-stop=0
grep -q 'cold-stop=0' "$d/cold/station.yaml" || echo "# the station copy has no cold-stop fault"
[ $rc -eq 1 ] && grep -q 'not ok 1 - env.range.document-camera.low' "$d/cold/tap" &&
	grep -q 'workload failed at +[0-9:]* of the hold: .*card' "$d/cold/tap" &&
	! grep -q 'decision: "inconclusive"' "$d/cold/tap" &&
	echo "ok 4 - a reader that stops below 0 C fails the -10 C hold, naming the reader and the time" ||
	{ echo "not ok 4 - cold: rc $rc"; grep -m8 'not ok\|message\|decision' "$d/cold/tap" | sed 's/^/# /'; }
[ "$(grep -c '^    ok [0-9]* - env.range.document-camera.\(high\|damp\):' "$d/cold/tap")" -eq 2 ] &&
	echo "ok 5 - the same DUT passes the 50 C and damp heat holds" ||
	{ echo "not ok 5 - cold DUT's warm holds"; grep -m6 'ok ' "$d/cold/tap" | sed 's/^/# /'; }
