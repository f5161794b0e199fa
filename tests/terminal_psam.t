#!/bin/sh
# terminal.psam.classes (DB43/T 3.3 §6.3.5 表5 (6); ISO/IEC 7816-3 §5.1.3,
# §8.3): a document camera with four SAM slots holding PSAMs of class A, B,
# C and C passes; a slot that does not give 1.8 V leaves its class C PSAM
# mute and fails the test naming the slot; a PSAM whose ATR does not say
# the class the lab declared fails; a station declaring no class SKIPs.
# Each slot must give each class (表5 (6)): the operator (tests/lib/
# operator.py on bench's TTY) puts, class by class, single-class PSAMs in
# the slots that have not shown it, then the station's back; a slot without
# 5 V fails in the class A round, and a class the operator does not put is
# inconclusive.
set -u
cd "$(dirname "$0")/.."
. tests/lib/tapcheck.sh
. tests/lib/station.sh
D=$(mktemp -d)
trap 'stations_down "$D" good slot lie each nofive none5 noback; rm -rf "$D"' EXIT
P=$BENCH_ROOT/bench/fixtures/cards/default.yaml

# station NAME SLOT3_CLASSES SAM4_ATR_CLASS [SLOT2_CLASSES]
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
    - {name: sam2, reader: 2, profile: $P, protocol: T=0, voltage_class: B, slot_classes: ${4:-ABC}}
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
point good terminal.psam.classes |
	grep -q '^    ok .* # SKIP operator step: no answer for terminal.psam.classes.class_A$'
ok $? "unattended, the slots' own PSAMs pass; each class in each slot needs the operator: SKIP" \
	"$(show good)"
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

# The operator's rules: a class K's PSAMs go into each slot the prompt
# names (the simulated slot's file, docs/station.md); the put-back writes
# the station's classes again. Each answers y.
swap() {
	printf 'for s in $(printf %%s "$PROMPT" | grep -o "sam[0-9]"); do echo %s >"%s/slot-$s"; done; echo y' \
		"$1" "$D/$2/sim"
}
back() { printf 'cd "%s" && echo A >slot-sam1 && echo B >slot-sam2 && echo C >slot-sam3 && echo C >slot-sam4 && echo y' "$D/$1/sim"; }
oprun() { # NAME [--on REGEX SHELL]...: a run of the class test with an operator
	_n=$1
	shift
	BENCH_SIM_DIR="$D/$_n/sim" timeout 300 python3 tests/lib/operator.py "$@" -- \
		"$BENCH" run --station "$D/$_n/station.yaml" --out "$D/$_n/out" \
		--filter terminal.psam.classes suites/terminal/enumeration.lua >"$D/$_n.tap" 2>&1
}
station each ABC C
oprun each --on 'class A' "$(swap A each)" --on 'class B' "$(swap B each)" \
	--on 'class C' "$(swap C each)" --on 'Put back' "$(back each)"
rc=$?
point each terminal.psam.classes | grep -q '^    ok' && grep -q 'classes_proven: "12 of 12 (slot, class)"' "$D/each.tap"
ok $? "each class in each of four slots, the operator swapping: passes, 12 of 12 proven (rc $rc)" \
	"$(show each; tail -5 "$D/each.tap")"
grep -q 'sam3_class: "C (1.8 V)"' "$D/each.tap"
ok $? "the class each slot's own PSAM ran at is reported (sam3: C)" "$(show each)"
grep -q 'sam1_class_B: "B (3 V)"' "$D/each.tap" && grep -q 'sam4_class_A: "A (5 V)"' "$D/each.tap" &&
	grep -q 'answer terminal.psam.classes.put_back = y (at the terminal)' "$D"/each/out/*/trace.log &&
	[ "$(cat "$D/each/sim/slot-sam2")" = B ]
ok $? "the class each slot ran at in each round noted; the station's PSAMs put back" "$(show each)"

station nofive ABC C BC
oprun nofive --on 'class A' "$(swap A nofive)" --on 'class B' "$(swap B nofive)" \
	--on 'class C' "$(swap C nofive)" --on 'Put back' "$(back nofive)"
point nofive terminal.psam.classes | grep -q '^    not ok' &&
	show nofive | grep -q 'sam2: the class A (5 V) PSAM powers up and answers'
ok $? "a slot without 5 V whose own PSAM takes 3 V: fails in the class A round, naming it" "$(show nofive)"

station none5 ABC C
oprun none5
point none5 terminal.psam.classes | grep -q '^    not ok' &&
	show none5 | grep -q 'decision: "inconclusive"' &&
	show none5 | grep -q 'class A (5 V) not proven in sam2, sam3, sam4'
ok $? "the operator puts no other PSAM: inconclusive, naming the class and the slots" "$(show none5)"

# An answers file that has the class A PSAMs put and says nothing of putting
# the station's back: the put-back, asked however the test ends, has no
# answer. The test fails saying so (not a SKIP that ends it as if nothing
# were left changed), the run ends there (exit 3), and the station keeps
# its marker: bench check, and so any run on it, refuses it.
station noback ABC C
printf 'terminal.psam.classes.class_A: yes\nterminal.psam.classes.class_B: no\nterminal.psam.classes.class_C: no\n' \
	>"$D/noback.answers"
BENCH_SIM_DIR="$D/noback/sim" timeout 200 "$BENCH" run --station "$D/noback/station.yaml" \
	--out "$D/noback/out" --answers "$D/noback.answers" --filter terminal.psam.classes \
	suites/terminal/enumeration.lua >"$D/noback.tap" 2>"$D/noback.err"
rc=$?
BENCH_SIM_DIR="$D/noback/sim" "$BENCH" check --station "$D/noback/station.yaml" >/dev/null 2>"$D/noback.check"
rc2=$?
[ $rc -eq 3 ] && point noback terminal.psam.classes | grep -q '^    not ok' &&
	show noback | grep -q 'no answer for terminal.psam.classes.put_back .*: the station may be left changed' &&
	[ $rc2 -eq 2 ] && grep -q 'terminal.psam.classes, in run' "$D/noback.check"
ok $? "class A put, no answer for the put-back: the test fails, the station stays marked (rc $rc, $rc2)" \
	"$(show noback; cat "$D/noback.err" "$D/noback.check")"
done_testing
