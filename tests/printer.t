#!/bin/sh
# The card printer end to end: `bench sim` starts ippeveprinter with our
# print engine, `bench run` drives suites/printer through libcups. A good
# printer passes (registration within 0.05 mm of the injected offset); each
# injected fault fails its own test with a useful diagnostic.
B=${BENCH_BUILD:-build}
BENCH="$B/bench/bench"
ROOT=$(pwd)
d=$(mktemp -d)
stations=""
cleanup() {
	for s in $stations; do
		BENCH_SIM_DIR="$d/$s.sim" "$BENCH" sim down --station "$d/$s.yaml" >/dev/null 2>&1
	done
	rm -rf "$d"
}
trap cleanup EXIT
n=0
ok() { # ok COND-EXIT-STATUS DESCRIPTION
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi
}

# station NAME WITH_CARD PRINTER-OPTIONS...: writes $d/NAME.yaml
station() {
	name=$1 card=$2
	shift 2
	{
		printf 'station: {name: printer test %s, simulated: true}\n' "$name"
		printf 'dut: {maker: bench, model: sim printer, serial: P-1, firmware: engine, class: desktop}\n'
		printf 'roles:\n  printer: {driver: ipp, sim: printer, cards: 2, rate_cards: 4, soak_hours: 24}\n'
		[ "$card" = card ] && printf '  card: {driver: pcsc, sim: card}\n'
		printf 'sim:\n'
		if [ "$card" = card ]; then
			printf '  pcscd: {readers: 1}\n  cards:\n'
			printf '    - {name: card, reader: 0, profile: %s, protocol: T=1}\n' \
				"$ROOT/bench/fixtures/cards/default.yaml"
		fi
		printf '  printers:\n    - name: printer\n'
		case "$*" in *print_time:*) ;; *) printf '      print_time: 20\n' ;; esac
		for o in "$@"; do printf '      %s\n' "$o"; done
	} >"$d/$name.yaml"
	stations="$stations $name"
}

# run NAME TIME-SCALE SUITE-FILES...: TAP in $d/NAME.tap, exit code returned
run() {
	name=$1 scale=$2
	shift 2
	BENCH_SIM_DIR="$d/$name.sim" timeout 600 "$BENCH" run --station "$d/$name.yaml" \
		--out "$d/$name.out" --time-scale "$scale" --answers "$d/answers.yaml" "$@" \
		>"$d/$name.tap" 2>"$d/$name.err"
	rc=$?
	sed "s/^/    # /" "$d/$name.tap" | grep -E "not ok|value|fault|error|got|LRC|scan|rate" | head -20
	return $rc
}

printf 'printer.warpage.mm: 1.2\nprinter.laminate.ok: yes\nprinter.appearance.ok: yes\n' \
	>"$d/answers.yaml"

# 1. Good printer: every suite but the soak passes; registration measured
#    within 0.05 mm of the injected offset (dx 0.35, dy -0.2, skew 2 deg).
station good card "dx: 0.35" "dy: -0.2" "skew: 2"
run good 30 suites/printer/resolution.lua suites/printer/registration.lua \
	suites/printer/rate.lua suites/printer/magstripe.lua suites/printer/encode.lua \
	suites/printer/operator.lua
ok $? "good printer: resolution, registration, rate, mag stripe, encode, operator pass"
grep "ok 1 - printer.encode_while_printing" "$d/good.tap" | grep -qv SKIP &&
	grep -q 'apdu_ms: "min' "$d/good.tap"
ok $? "encode while printing ran APDUs on the card role during the print (not skipped)"
csv=/dev/null
for f in "$d"/good.out/*/measurements.csv; do [ -f "$f" ] && csv=$f; done
bad=$(awk -F, '$2 ~ /^registration_(left|right)$/ { d = $3 - 0.35; if (d < 0) d = -d; if (d > 0.05) print }
	$2 ~ /^registration_(up|down)$/ { d = $3 + 0.2; if (d < 0) d = -d; if (d > 0.05) print }' "$csv")
cnt=$(grep -c "^printer.registration,registration_" "$csv")
[ -z "$bad" ] && [ "$cnt" -eq 8 ]
ok $? "measurements.csv: $cnt registration values, all within 0.05 mm of injected ${bad:+(off: $bad)}"

# 2. Good printer, a simulated day of continuous printing.
station soak nocard
run soak 3600 suites/printer/reliability.lua
ok $? "good printer: 24 h (time-scaled) reliability passes"

# 3. Faults, each failing its own test.
station offset nocard "dx: 1.2"
run offset 30 suites/printer/registration.lua
[ $? -eq 1 ] && grep -q "not ok 1 - printer.registration" "$d/offset.tap" &&
	awk -F, '$2 == "registration_left" { d = $3 - 1.2; if (d < 0) d = -d; if (d <= 0.05) f = 1 }
		END { exit !f }' "$d"/offset.out/*/measurements.csv
ok $? "offset 1.2 mm fails printer.registration with the measured 1.2 mm"

station slow nocard "print_time: 40" # 90 cards/h
run slow 30 suites/printer/rate.lua
[ $? -eq 1 ] && grep -q "not ok 1 - printer.rate" "$d/slow.tap" &&
	grep -q 'name: "print_rate"' "$d/slow.tap"
ok $? "90 cards/h fails printer.rate"

station jam nocard "jam_every: 5" "jam_burst: 2"
run jam 3600 suites/printer/reliability.lua
[ $? -eq 1 ] && grep -q "two consecutive print errors" "$d/jam.tap" &&
	grep -q "media-jam" "$d/jam.tap"
ok $? "a jam pair fails printer.reliability as one fault (media-jam)"

station ribbon nocard "ribbon_break_at: 4"
run ribbon 3600 suites/printer/reliability.lua
[ $? -eq 1 ] && grep -q "ribbon/film break" "$d/ribbon.tap" &&
	grep -q "marker-supply-empty" "$d/ribbon.tap"
ok $? "a ribbon break fails printer.reliability (marker-supply-empty)"

station lrc nocard "bad_lrc_track: 2"
run lrc 30 suites/printer/magstripe.lua
[ $? -eq 1 ] && grep -q "LRC mismatch" "$d/lrc.tap"
ok $? "a bad LRC on track 2 fails printer.magstripe"

for f in empty corrupt nocard twocards; do
	station "scan$f" nocard "scan_fault: $f"
	run "scan$f" 30 suites/printer/registration.lua
	rc=$?
	case $f in
	empty) want="empty file" ;;
	corrupt) want="corrupt PNG" ;;
	nocard) want="no card" ;;
	twocards) want="2 cards" ;;
	esac
	[ $rc -eq 1 ] && grep -q "$want" "$d/scan$f.tap" && ! grep -qi "sanitizer\|segv" "$d/scan$f.err"
	ok $? "scan '$f' gives a failing point saying \"$want\", no crash"
done
echo "1..$n"
