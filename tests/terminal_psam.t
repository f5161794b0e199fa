#!/bin/sh
# terminal.psam.classes (DB43/T 3.3 §6.3.5 表5 (6); ISO/IEC 7816-3 §5.1.3,
# §8.3): a document camera with four SAM slots holding PSAMs of class A, B,
# C and C passes; a slot that does not give 1.8 V leaves its class C PSAM
# mute and fails the test naming the slot; a PSAM whose ATR does not say
# the class the lab declared fails; a station declaring no class SKIPs.
set -u
cd "$(dirname "$0")/.."
. tests/lib/tapcheck.sh
. tests/lib/station.sh
D=$(mktemp -d)
trap 'stations_down "$D" good slot lie; rm -rf "$D"' EXIT
P=$BENCH_ROOT/bench/fixtures/cards/default.yaml

# station NAME SLOT3_CLASSES SAM4_ATR_CLASS
station() {
	mkdir -p "$D/$1/sim"
	cat >"$D/$1/station.yaml" <<EOT
station: {name: psam station, simulated: true}
dut: {maker: bench, model: doc camera, serial: T-2, firmware: "1", class: document-camera}
roles:
  card: {driver: pcsc, sim: card}
  sam1: {driver: pcsc, sim: sam1, reader: "Bench vpcd 1 *", psam_class: A, timeout_ms: 1500}
  sam2: {driver: pcsc, sim: sam2, reader: "Bench vpcd 2 *", psam_class: B, timeout_ms: 1500}
  sam3: {driver: pcsc, sim: sam3, reader: "Bench vpcd 3 *", psam_class: C, timeout_ms: 1500}
  sam4: {driver: pcsc, sim: sam4, reader: "Bench vpcd 4 *", psam_class: C, timeout_ms: 1500}
sim:
  pcscd: {readers: 5}
  cards:
    - {name: card, reader: 0, profile: $P}
    - {name: sam1, reader: 1, profile: $P, protocol: T=0, voltage_class: A}
    - {name: sam2, reader: 2, profile: $P, protocol: T=0, voltage_class: B}
    - {name: sam3, reader: 3, profile: $P, protocol: T=0, voltage_class: C, slot_classes: $2}
    - {name: sam4, reader: 4, profile: $P, protocol: T=1, voltage_class: $3}
EOT
}
run() {
	BENCH_SIM_DIR="$D/$1/sim" timeout 200 "$BENCH" run --station "$D/$1/station.yaml" \
		--out "$D/$1/out" suites/terminal/enumeration.lua >"$D/$1.tap" 2>"$D/$1.err"
}
point() { grep "^    \(not \)\?ok [0-9]* - $2: " "$D/$1.tap"; }
show() { sed -n "/ - terminal.psam.classes: /,/^    \.\.\./p" "$D/$1.tap" | head -40; }

station good ABC C
run good
ok $? "four slots giving A, B, C: bench run exits 0" "$(cat "$D/good.tap" "$D/good.err" | tail -30)"
point good terminal.psam.classes | grep -q '^    ok' && ! point good terminal.psam.classes | grep -q SKIP
ok $? "terminal.psam.classes passes" "$(show good)"
grep -q 'sam3_class: "C (1.8 V)"' "$D/good.tap"
ok $? "the class each slot ran at is reported (sam3: C)" "$(show good)"
point good terminal.enum.psam | grep -q '^    ok'
ok $? "four SAM slots counted for the document camera"

station slot AB C
run slot
rc=$?
[ $rc -eq 1 ] && point slot terminal.psam.classes | grep -q '^    not ok'
ok $? "a slot without 1.8 V: terminal.psam.classes fails (rc $rc)" "$(show slot; tail -5 "$D/slot.err")"
show slot | grep -q 'sam3: the class C (1.8 V) PSAM powers up and answers'
ok $? "the failure names the slot and the class" "$(show slot)"

station lie ABC A
run lie
point lie terminal.psam.classes | grep -q '^    not ok' &&
	show lie | grep -q "sam4: the ATR's class indicator includes C"
ok $? "a PSAM whose ATR says class A in a slot declared C fails" "$(show lie)"

# No class declared: SKIP, not a pass.
card_station "$D/none"
BENCH_SIM_DIR="$D/none/sim" timeout 100 "$BENCH" run --station "$D/none/station.yaml" \
	--out "$D/none/out" suites/terminal/enumeration.lua >"$D/none.tap" 2>"$D/none.err"
point none terminal.psam.classes | grep -q '# SKIP no sam role declares psam_class'
ok $? "no psam_class declared: SKIP" "$(point none terminal.psam.classes)"
stations_down "$D" none
done_testing
