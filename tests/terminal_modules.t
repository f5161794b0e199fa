#!/bin/sh
# suites/terminal/modules.lua: the operator-measured rows of DB43/T 3.3
# tables 4 and 5. Each row applies to its DUT classes only (others SKIP
# naming the class); a value under the row's limit fails with the value in
# the diagnostic; an optional module not fitted SKIPs; no answer SKIPs.
set -u
cd "$(dirname "$0")/.."
. tests/lib/tapcheck.sh
. tests/lib/station.sh
D=$(mktemp -d)
trap 'rm -rf "$D"' EXIT
S=suites/terminal/modules.lua

# station CLASS: a station with no device, only the DUT's class.
station() {
	cat >"$D/$1.yaml" <<EOT
station: {name: operator bench}
dut: {maker: Vendor B, model: T-9, serial: S-1, firmware: "1.0", class: $1}
roles: {}
EOT
}
# run NAME CLASS ANSWERS...: bench run of the suite, TAP in $D/NAME.tap.
run() {
	_n=$1 _c=$2
	shift 2
	station "$_c"
	printf '%s\n' "$@" >"$D/$_n.ans"
	timeout 60 "$BENCH" run --station "$D/$_c.yaml" --out "$D/$_n" --answers "$D/$_n.ans" $S \
		>"$D/$_n.tap" 2>"$D/$_n.err"
}
# verdict NAME ID: ok, skip or fail of test ID in run NAME.
verdict() {
	_l=$(grep "^    \(not \)\?ok [0-9]* - $2: " "$D/$1.tap")
	case $_l in
	*"# SKIP"*) echo skip ;;
	"    not ok"*) echo fail ;;
	"    ok"*) echo ok ;;
	*) echo none ;;
	esac
}
is() { [ "$1" = "$2" ]; ok $? "$3 (got $1)" "$(cat "$D/$4.tap" "$D/$4.err" | head -40)"; }

GOOD_I="terminal.camera.scene.megapixels: 2.1
terminal.camera.document.megapixels: 13
terminal.fingerprint.fitted: yes
terminal.fingerprint.dpi: 500
terminal.fingerprint.grey_levels: 256
terminal.receipt_printer.fitted: yes
terminal.receipt_printer.thermal_58mm: yes
terminal.receipt_printer.max_speed: 90"
run good_i interactive "$GOOD_I"
rc=$?
is $rc 0 "interactive terminal with conformant modules: exit 0" good_i
for id in terminal.camera.scene terminal.camera.document terminal.fingerprint \
	terminal.receipt_printer; do
	is "$(verdict good_i $id)" ok "interactive: $id passes" good_i
done
is "$(verdict good_i terminal.idcard.distance)" skip "interactive: the ID card row (表5) SKIPs" good_i
grep -q 'terminal.idcard.distance: .*# SKIP DUT class interactive: this row is for document-camera' "$D/good_i.tap"
ok $? "the SKIP names the class the row is for"
grep -q '^terminal.camera.document,megapixels,13,' "$D/good_i"/*/measurements.csv
ok $? "the operator's value is a measurement in measurements.csv"

run good_d document-camera "terminal.camera.scene.megapixels: 2
terminal.camera.document.megapixels: 10
terminal.idcard.distance.max_distance: 5.5
terminal.fingerprint.fitted: no"
is $? 0 "document camera with conformant modules, no fingerprint reader: exit 0" good_d
is "$(verdict good_d terminal.idcard.distance)" ok "document camera: ID card distance passes" good_d
is "$(verdict good_d terminal.fingerprint)" skip "optional fingerprint reader not fitted: SKIP" good_d
is "$(verdict good_d terminal.receipt_printer)" skip "receipt printer rows (表3, 表4 only): SKIP" good_d

# The self-service machine's receipt printer (表3): not optional; paper
# 79.5 +- 0.5 mm, 72 mm printed, a cutter. A printer of 85 mm/s passes the
# interactive row's maximum only if that is its fastest, so the question
# names the maximum, not a receipt's average.
run good_s self-service "terminal.receipt_printer.line_thermal_cutter: yes
terminal.receipt_printer.paper_width: 79.5
terminal.receipt_printer.print_width: 72"
is "$(verdict good_s terminal.receipt_printer)" ok "self-service: 79.5 mm paper, 72 mm printed, cutter: passes" good_s
grep -q 'row: "表3 凭条打印机' "$D/good_s.tap"
ok $? "the self-service report names 表3's row"
run bad_s self-service "terminal.receipt_printer.line_thermal_cutter: yes
terminal.receipt_printer.paper_width: 57.5
terminal.receipt_printer.print_width: 48"
is "$(verdict bad_s terminal.receipt_printer)" fail "self-service: a 58 mm printer fails 表3's widths" bad_s
grep -A16 'not ok [0-9]* - terminal.receipt_printer: ' "$D/bad_s.tap" | grep -q 'got: "57.5 mm"'
ok $? "the failure shows the paper width answered" "$(grep -A16 'terminal.receipt_printer' "$D/bad_s.tap")"
run none_s self-service "terminal.receipt_printer.line_thermal_cutter: yes"
is "$(verdict none_s terminal.receipt_printer)" skip "self-service: no width answered: SKIP, not a pass" none_s

# Each value under its row's limit fails its own test, the value shown.
run bad_i interactive "terminal.camera.scene.megapixels: 1.3
terminal.camera.document.megapixels: 8
terminal.fingerprint.fitted: yes
terminal.fingerprint.dpi: 450
terminal.fingerprint.grey_levels: 256
terminal.receipt_printer.fitted: yes
terminal.receipt_printer.thermal_58mm: no
terminal.receipt_printer.max_speed: 120"
is $? 1 "interactive terminal under the limits: exit 1" bad_i
for id in terminal.camera.scene terminal.camera.document terminal.fingerprint \
	terminal.receipt_printer; do
	is "$(verdict bad_i $id)" fail "interactive: $id fails" bad_i
done
grep -A12 'not ok [0-9]* - terminal.camera.scene: ' "$D/bad_i.tap" | grep -q 'got: "1.3 MP"'
ok $? "the scene camera's failure shows the 1.3 MP answered" \
	"$(grep -A12 'terminal.camera.scene' "$D/bad_i.tap")"
run bad_d document-camera "terminal.camera.scene.megapixels: 2
terminal.camera.document.megapixels: 10
terminal.idcard.distance.max_distance: 4
terminal.fingerprint.fitted: no"
is "$(verdict bad_d terminal.idcard.distance)" fail "document camera reading ID cards at 4 cm fails" bad_d

# No answer: SKIP, never a pass.
run none document-camera ""
is "$(verdict none terminal.camera.document)" skip "no answer: SKIP" none
done_testing
