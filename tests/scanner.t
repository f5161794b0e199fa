#!/bin/sh
# The scanner role (drivers/sane.c) against the simulated network scanner
# (bench/fixtures/scanner) through the real libsane and sane-airscan, with
# the private SANE config `bench sim` writes: it lists the device, scans the
# card the simulated printer just ejected into the run directory (hashed and
# traced like every device exchange) and suites/printer measures
# registration from those scans. Each scanner fault (docs/station.md
# "## scanner") fails printer.registration on its own, naming the scanner,
# without a hang or a bail-out.
. "$(dirname "$0")/lib/printer.sh"

# sstation NAME FAULTS [ROLE-OPTION...]: a printer (1 s a card, 1200 dpi
# scans, offset 0.3/-0.2 mm) and its scanner role with sim faults FAULTS.
sstation() {
	name=$1 faults=$2
	shift 2
	extra=""
	for o in "$@"; do extra="$extra, $o"; done
	cat >"$d/$name.yaml" <<EOY
station: {name: scanner test $name, simulated: true}
dut: {maker: bench, model: sim printer, serial: P-1, firmware: engine, class: desktop}
roles:
  printer: {driver: ipp, sim: printer, cards: ${CARDS:-1}}
  scanner: {driver: sane, sim: scanner, resolution: 600, area: [0, 0, 105.6, 74], timeout: ${TIMEOUT:-30}$extra}
sim:
  printers:
    - {name: printer, print_time: 1, dpi: 1200, dx: 0.3, dy: -0.2, skew: 1}
  scanners:
    - {name: scanner, printer: printer, faults: [$faults]}
EOY
	stations="$stations $name"
}
# fails NAME WHAT: exit 1 (no bail-out) and printer.registration failed
# saying WHAT
fails() {
	[ "$rc" -eq 1 ] && grep -q "not ok [0-9]* - printer.registration:" "$d/$1.tap" &&
		grep -q -- "$2" "$d/$1.tap"
}
run() {
	prun "$@"
	rc=$?
}
echo "printer.registration.card_on_scanner: yes" >>"$d/answers.yaml"
trap 'BENCH_SIM_DIR="$d/default.sim" "$BENCH" sim down --station bench/fixtures/sim.yaml \
	>/dev/null 2>&1; cleanup' EXIT
run1() { run "$1" 30 suites/printer/registration.lua; }

# 1. The simulated scanner is a SANE device through sane-airscan.
CARDS=2 sstation good ""
BENCH_SIM_DIR="$d/good.sim" "$BENCH" sim up --station "$d/good.yaml" >/dev/null 2>&1
list=$(SANE_CONFIG_DIR="$d/good.sim/scanner-scanner.sane" timeout 30 scanimage -L 2>&1)
echo "$list" | grep -q "airscan:e0:bench-scanner"
ok $? "scanimage -L with the station's SANE_CONFIG_DIR lists airscan:e0:bench-scanner"

# The station is checked before anything runs: a scanner fed by no
# simulated printer, or a fault it does not know, is exit 2 at its line.
sstation noprinter ""
sed -i 's/printer: printer, faults/printer: nosuch, faults/' "$d/noprinter.yaml"
"$BENCH" check --station "$d/noprinter.yaml" >/dev/null 2>"$d/noprinter.err"
[ $? -eq 2 ] && grep -q "noprinter.yaml:10:.*printer 'nosuch' is not in sim.printers" \
	"$d/noprinter.err"
ok $? "bench check: a simulated scanner whose printer: is no simulated printer is exit 2" \
	"$d/noprinter.err"
sstation badfault "jam"
"$BENCH" check --station "$d/badfault.yaml" >/dev/null 2>"$d/badfault.err"
[ $? -eq 2 ] && grep -q "badfault.yaml:10:.*a scanner fault is nocard" "$d/badfault.err"
ok $? "bench check: an unknown scanner fault is exit 2 at its line" "$d/badfault.err"

# 2. Registration measured from scans taken over SANE.
run1 good
[ "$rc" -eq 0 ] &&
	pcsv good | awk -F, '$2 == "registration_right" { e = $3 - 0.3; if (e < 0) e = -e; if (e <= 0.05) f++ }
		$2 == "registration_up" { e = $3 - 0.2; if (e < 0) e = -e; if (e <= 0.05) g++ }
		END { exit !(f == 2 && g == 2) }'
ok $? "registration passes, measured from 2 SANE scans within 0.05 mm of the injected offset" \
	"$d/good.tap"
[ "$(grep -c 'scanner eSCL bench-scanner, SANE backend airscan (airscan:e0:bench-scanner), 600 dpi' \
	"$d/good.tap")" -eq 2 ]
ok $? "each card's measurement names the scanner: maker, model, SANE backend, device, dpi" \
	"$d/good.tap"
run=$(ls -d "$d"/good.out/*/)
tr="$run/trace.log"
grep -q 'scanner sane: option resolution 600' "$tr" && grep -q 'scanner sane: option br-x 105.6' "$tr" &&
	grep -q 'scanner sane: params 2494 1748 8 gray' "$tr" &&
	grep -q 'scanner sane: done 4359512 600' "$tr"
ok $? "trace.log: the options the scanner took, its parameters and the bytes read" "$tr"
good=0
for f in "$run"/scans/*.png; do
	sha=$(sha256sum "$f" | cut -d' ' -f1)
	grep -q "scanner scan .* -> scans/$(basename "$f") sha256 $sha" "$tr" && good=$((good + 1))
done
[ "$good" -eq 2 ]
ok $? "both scans are in the run directory, their SHA-256 in trace.log ($good of 2)" "$tr"
# bench verify holds each scan to its trace line: the manifest lists no
# scan, so an edited, swapped or removed image was unseen before.
"$BENCH" verify --unsigned-ok "$run" >"$d/v.out" 2>&1
ok $? "bench verify: the run with its two scans is intact" "$d/v.out"
cp -r "$run" "$d/forged"
scan=$(ls "$d/forged/scans" | head -1)
cp "$d/forged/scans/$(ls "$d/forged/scans" | tail -1)" "$d/forged/scans/$scan"
"$BENCH" verify --unsigned-ok "$d/forged" >"$d/v.out" 2>&1
[ $? -eq 1 ] && grep -q "scans/$scan: SHA-256 differs from trace.log:[0-9]* (file altered)" "$d/v.out"
ok $? "... one scan swapped for the other: exit 1, naming the scan and its trace line" "$d/v.out"
rm "$d/forged/scans/$scan"
"$BENCH" verify --unsigned-ok "$d/forged" >"$d/v.out" 2>&1
[ $? -eq 1 ] && grep -q "scans/$scan: named by trace.log:[0-9]* but missing" "$d/v.out"
ok $? "... removed: exit 1, missing" "$d/v.out"
rm -r "$d/forged"
cp -r "$run" "$d/forged"
cp "$d/forged/scans/$scan" "$d/forged/scans/extra.png"
"$BENCH" verify --unsigned-ok "$d/forged" >"$d/v.out" 2>&1
[ $? -eq 0 ] && grep -q "note: scans/extra.png is named by no scan of trace.log: no test's evidence" "$d/v.out"
ok $? "... an image no scan names: said, not failed (no test's evidence)" "$d/v.out"

# 3. The operator is asked to lay each card on the glass; no: no measurement.
sed 's/card_on_scanner: yes/card_on_scanner: no/' "$d/answers.yaml" >"$d/no.answers"
sstation asked ""
BENCH_SIM_DIR="$d/asked.sim" timeout 300 "$BENCH" run --station "$d/asked.yaml" \
	--out "$d/asked.out" --time-scale 30 --answers "$d/no.answers" \
	suites/printer/registration.lua >"$d/asked.tap" 2>"$d/asked.err"
rc=$?
fails asked "card 1 (job .*) not on the scanner: the operator said no" &&
	grep -q "card_on_scanner = no (answers file) to: Put card 1 (job [^)]*) face down on the scanner glass, the lid open or a black sheet over it" \
		"$d"/asked.out/*/trace.log
ok $? "without a feeder the operator lays the card on the glass, the lid open (the question in trace.log); 'no' fails the card" \
	"$d/asked.tap"
# A feeder: nobody is asked (the answers file has no answer for it).
sstation feeder "" "feeder: true"
BENCH_SIM_DIR="$d/feeder.sim" timeout 300 "$BENCH" run --station "$d/feeder.yaml" \
	--out "$d/feeder.out" --time-scale 30 suites/printer/registration.lua \
	>"$d/feeder.tap" 2>"$d/feeder.err"
ok $? "with feeder: true no operator step: registration passes unattended" "$d/feeder.tap"

# 4. Scanner faults, each a failing point naming the scanner.
sstation nocard nocard
run1 nocard
fails nocard "no card in scan: .*(scanner: eSCL bench-scanner, SANE backend airscan"
ok $? "no card on the glass: registration fails on the blank image, naming the scanner" \
	"$d/nocard.tap"
# The lid closed over the card: white all round, no card edges to measure
# from; the failure says what to do.
sstation lid white_lid
run1 lid
fails lid "no card in scan: .*was the scanner's lid closed over the card? Its edges show only against a dark background: the lid open or a black sheet over the card).*(scanner: eSCL"
ok $? "the lid closed over the card (white around it): fails, asking for the lid open" \
	"$d/lid.tap"
sstation wrongdpi "wrong_dpi=540"
run1 wrongdpi
fails wrongdpi "wrong scan dpi?).*(scanner: eSCL bench-scanner, SANE backend airscan (airscan:e0:bench-scanner), 600 dpi)"
ok $? "scans at 540 dpi reported as 600: caught from the card's size in the image" \
	"$d/wrongdpi.tap"
sstation busy busy
run1 busy
fails busy "scanner scanner (airscan:e0:bench-scanner): start: Device busy"
ok $? "scanner busy (503): registration fails naming the scanner" "$d/busy.tap"
sstation offline offline
start=$(date +%s)
run1 offline
fails offline "scanner scanner (airscan:e0:bench-scanner): open: Error during device I/O" &&
	[ $(($(date +%s) - start)) -lt 200 ]
ok $? "scanner offline (connection refused): registration fails naming the scanner" \
	"$d/offline.tap"
# 5. The default station: registration and resolution measured from scans
#    its scanner role takes through libsane and sane-airscan, the operator
#    steps answered by the demo's answers file.
BENCH_SIM_DIR="$d/default.sim" timeout 600 "$BENCH" run --station bench/fixtures/sim.yaml \
	--out "$d/default.out" --time-scale 3600 --answers bench/fixtures/answers.yaml \
	suites/printer/registration.lua suites/printer/resolution.lua >"$d/default.tap" \
	2>"$d/default.err"
rc=$?
tr=$(ls "$d"/default.out/*/trace.log 2>/dev/null)
[ "$rc" -eq 0 ] && [ "$(grep -c 'scanner scan .* -> scans/.* sha256 ' "$tr")" -eq 4 ] &&
	[ "$(grep -c 'SANE backend airscan (airscan:e0:bench-scanner), 1200 dpi' \
		"$d/default.tap")" -eq 3 ] &&
	[ "$(pcsv default | grep -c '^printer.registration,registration_max,')" -eq 1 ] &&
	grep -q 'printed_lines_feed' "$d/default.tap"
ok $? "default station: registration (3 cards) and resolution measured from SANE scans" \
	"$d/default.tap"

# A scanner that takes the connection and never answers: the role's timeout
# ends the scan (the sane-scan helper is killed), the point fails.
TIMEOUT=5 sstation hang hang
start=$(date +%s)
run1 hang
fails hang "scanner scanner (airscan:e0:bench-scanner): no scan within 5 s" &&
	[ $(($(date +%s) - start)) -lt 120 ]
ok $? "scanner that never answers: the scan ends at the role's 5 s timeout, the point fails" \
	"$d/hang.tap"
# The scan is written aside and renamed when whole: the one cut at the
# timeout leaves nothing, and the run verifies.
run=$(ls -d "$d"/hang.out/*/)
[ -z "$(ls "$run/scans" 2>/dev/null)" ] && "$BENCH" verify --unsigned-ok "$run" >"$d/v.out" 2>&1 &&
	! grep -q "note:" "$d/v.out"
ok $? "... the cut scan leaves no file in scans/, and bench verify passes the run" \
	"$(ls -la "$run/scans" 2>&1; cat "$d/v.out")"
echo "1..$n"
