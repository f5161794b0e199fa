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

# The other rows of 表3: a conformant self-service machine passes each; one
# value under each row's limit fails that row's test.
GOOD_S="terminal.camera.scene.megapixels: 5.04
terminal.camera.scene.mjpg_yuy2: yes
terminal.camera.binocular.visible_megapixels: 3
terminal.camera.binocular.infrared_megapixels: 3
terminal.display.diagonal: 21.5
terminal.display.full_hd: yes
terminal.display.touch_points: 10
terminal.display.brightness: 250
terminal.display.contrast: 3000
terminal.idcard.distance.max_distance: 5
terminal.idcard.distance.read_time: 0.8
terminal.idcard.distance.permits: yes
terminal.fingerprint.dpi: 508
terminal.fingerprint.certified_capacitive: yes
terminal.receipt_printer.line_thermal_cutter: yes
terminal.receipt_printer.paper_width: 80
terminal.receipt_printer.print_width: 72
terminal.laser_printer.fitted: no"
run all_s self-service "$GOOD_S"
is $? 0 "self-service machine with conformant modules: exit 0" all_s
for id in terminal.camera.scene terminal.camera.binocular terminal.display \
	terminal.idcard.distance terminal.fingerprint terminal.receipt_printer; do
	is "$(verdict all_s $id)" ok "self-service: $id passes" all_s
done
is "$(verdict all_s terminal.laser_printer)" skip "optional laser printer not fitted: SKIP" all_s
is "$(verdict all_s terminal.camera.document)" skip "self-service: no document camera row: SKIP" all_s
for bad in "terminal.camera.scene.megapixels: 3.1" "terminal.camera.binocular.infrared_megapixels: 2" \
	"terminal.display.contrast: 1000" "terminal.idcard.distance.read_time: 1.0" \
	"terminal.fingerprint.dpi: 500" "terminal.laser_printer.fitted: yes
terminal.laser_printer.a4: yes
terminal.laser_printer.dpi: 600"; do
	key=${bad%%:*}
	id=${key%.*}
	run one_s self-service "$(printf '%s\n' "$GOOD_S" | grep -v "^$id\.\(fitted\|${key##*.}\):")
$bad"
	is "$(verdict one_s "$id")" fail "self-service: $(echo "$bad" | tail -1) fails $id" one_s
done
is "$(verdict good_i terminal.display)" skip "interactive: no display answered: SKIP" good_i
run disp_i interactive "terminal.display.diagonal: 15.6
terminal.display.full_hd: yes
terminal.display.touch_points: 10"
is "$(verdict disp_i terminal.display)" ok "interactive: a 15.6-inch 10-point display passes 表4 (5), (6)" disp_i
run disp_s self-service "terminal.display.diagonal: 15.6
terminal.display.full_hd: yes
terminal.display.touch_points: 10
terminal.display.brightness: 300
terminal.display.contrast: 3000"
is "$(verdict disp_s terminal.display)" fail "self-service: the same 15.6-inch display fails 表3's 21.5" disp_s

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
