#!/bin/sh
# suites/terminal/contactless.lua: ISO/IEC 14443 Type A and Type B cards
# through PC/SC part 3 (pseudo-ATR, GET DATA FF CA). Conformant readers of
# both types pass; a reader showing the other type's pseudo-ATR, or refusing
# GET DATA for the UID, fails its type's test with the bytes in the
# diagnostic; a station without a declared type SKIPs. A DUT with one
# antenna (the contactless role, a Type A card on it): the operator
# (tests/lib/operator.py) puts a Type B card there for type_b, then the
# Type A back; a Type A reader does not see it, and type_b fails. The
# Type A card not put back, or the run killed or stopped before, the
# station stays marked until bench resume has asked for it.
set -u
cd "$(dirname "$0")/.."
. tests/lib/tapcheck.sh
. tests/lib/station.sh
D=$(mktemp -d)
trap 'stations_down "$D" good acs wrong nouid mf anykey lost one onea oneop onedrop oneno onekill oneterm; rm -rf "$D"' EXIT
P=$BENCH_ROOT/bench/fixtures/cards/default.yaml

# station NAME A_FAULTS B_FAULTS
station() {
	mkdir -p "$D/$1/sim"
	cat >"$D/$1/station.yaml" <<EOT
station: {name: rf station, simulated: true}
dut: {maker: bench, model: reader, serial: T-3, firmware: "1", class: interactive}
roles:
  cl_a: {driver: pcsc, sim: cl_a, rf_type: A}
  cl_b: {driver: pcsc, sim: cl_b, rf_type: B}
sim:
  pcscd: {readers: 2}
  cards:
    - {name: cl_a, reader: 0, profile: $P, rf_type: A, rf_faults: [$2]}
    - {name: cl_b, reader: 1, profile: $P, rf_type: B, rf_faults: [$3]}
EOT
	BENCH_SIM_DIR="$D/$1/sim" timeout 200 "$BENCH" run --station "$D/$1/station.yaml" \
		--out "$D/$1/out" suites/terminal/contactless.lua >"$D/$1.tap" 2>"$D/$1.err"
}
point() { grep "^    \(not \)\?ok [0-9]* - $2: " "$D/$1.tap"; }
show() { sed -n "/ - $2: /,/^      \.\.\./p" "$D/$1.tap" | head -40; }

station good "" ""
ok $? "Type A and Type B readers per PC/SC part 3: exit 0" "$(tail -30 "$D/good.tap"; tail -3 "$D/good.err")"
for id in terminal.rf.type_a terminal.rf.type_b; do
	point good $id | grep -q '^    ok' && ! point good $id | grep -q SKIP
	ok $? "$id passes" "$(show good $id)"
done
show good terminal.rf.type_a | grep -q 'pseudo_atr: "3B89800180318053534353494D2D"' &&
	show good terminal.rf.type_a | grep -q 'uid: "045A216C931080"'
ok $? "the pseudo-ATR and the UID are in the report" "$(show good terminal.rf.type_a)"

# Readers outside PC/SC part 3 (ACS): GET DATA P1 01 gives the whole ATS,
# the Type B pseudo-ATR holds the whole ATQB. Neither table asks for PC/SC.
station acs ats-full atqb-full
ok $? "ACS-style readers (the whole ATS, the whole ATQB): exit 0" "$(tail -30 "$D/acs.tap")"
show acs terminal.rf.type_a | grep -q 'ats_layout: "the whole ATS' &&
	show acs terminal.rf.type_b | grep -q 'atqb_layout: "the whole ATQB'
ok $? "the layouts are noted" "$(show acs terminal.rf.type_a; show acs terminal.rf.type_b)"

station wrong wrong-atr wrong-atr
[ $? -eq 1 ]
ok $? "readers showing the other type's pseudo-ATR: exit 1"
show wrong terminal.rf.type_b | grep -q 'Type B pseudo-ATR has 8 historical bytes'
ok $? "Type B with an ATS-style pseudo-ATR fails on its historical bytes" "$(show wrong terminal.rf.type_b)"
show wrong terminal.rf.type_a | grep -q "pseudo-ATR historical bytes are the ATS's"
ok $? "Type A whose pseudo-ATR is not its ATS fails" "$(show wrong terminal.rf.type_a)"

station nouid no-uid no-uid
point nouid terminal.rf.type_a | grep -q '^    not ok' &&
	show nouid terminal.rf.type_a | grep -q 'GET DATA UID (FF CA 00 00)'
ok $? "a reader refusing GET DATA UID fails Type A" "$(show nouid terminal.rf.type_a)"
point nouid terminal.rf.type_b | grep -q '^    not ok' &&
	show nouid terminal.rf.type_b | grep -q 'GET DATA PUPI'
ok $? "and Type B" "$(show nouid terminal.rf.type_b)"

# MIFARE Classic Mini, 1K and 4K; faults on the 1K.
mf_station() {
	mkdir -p "$D/$1/sim"
	cat >"$D/$1/station.yaml" <<EOT
station: {name: mifare station, simulated: true}
dut: {maker: bench, model: reader, serial: T-4, firmware: "1", class: interactive}
roles:
  mf_mini: {driver: pcsc, sim: mf_mini, mifare: mini}
  mf_1k: {driver: pcsc, sim: mf_1k, mifare: 1k, mifare_key: ffffffffffff}
  mf_4k: {driver: pcsc, sim: mf_4k, mifare: 4k}
sim:
  pcscd: {readers: 3}
  cards:
    - {name: mf_mini, reader: 0, profile: $P, mifare: mini}
    - {name: mf_1k, reader: 1, profile: $P, mifare: 1k, mifare_faults: [$2]}
    - {name: mf_4k, reader: 2, profile: $P, mifare: 4k}
EOT
	BENCH_SIM_DIR="$D/$1/sim" timeout 200 "$BENCH" run --station "$D/$1/station.yaml" \
		--out "$D/$1/out" suites/terminal/contactless.lua >"$D/$1.tap" 2>"$D/$1.err"
}
mf_station mf ""
point mf terminal.rf.mifare | grep -q '^    ok' && ! point mf terminal.rf.mifare | grep -q SKIP
ok $? "MIFARE Classic Mini, 1K and 4K pass" "$(show mf terminal.rf.mifare; tail -3 "$D/mf.err")"
run=$(ls -d "$D/mf/out"/*/)
grep -q 'mf_4k apdu > FF860000050100FE6000 < 9000' "$run/trace.log" &&
	grep -q 'mf_mini apdu > FF860000050100126000 < 9000' "$run/trace.log" &&
	grep -q 'mf_1k apdu > FFD6000410' "$run/trace.log"
ok $? "the last sector of the 4K (block 254) and the Mini (18) authenticated, 1K block 4 written" \
	"$(grep FF86 "$run/trace.log" | head)"
mf_station anykey any-key
show anykey terminal.rf.mifare | grep -q 'a wrong key does not authenticate'
ok $? "a reader/card accepting a wrong key fails" "$(show anykey terminal.rf.mifare)"
mf_station lost write-lost
show lost terminal.rf.mifare | grep -q 'the block reads back as written'
ok $? "a write that is lost fails" "$(show lost terminal.rf.mifare)"

card_station "$D/none"
BENCH_SIM_DIR="$D/none/sim" timeout 100 "$BENCH" run --station "$D/none/station.yaml" \
	--out "$D/none/out" suites/terminal/contactless.lua >"$D/none.tap" 2>"$D/none.err"
point none terminal.rf.type_b | grep -q '# SKIP no role declares rf_type: B'
ok $? "no rf_type declared: SKIP" "$(point none terminal.rf.type_b)"
stations_down "$D" none
# One antenna: station NAME RF_FAULTS [--on REGEX SHELL]... (an operator on
# bench's TTY when rules are given); $FAULTS: the reader's faults.
antenna() {
	_n=$1 _f=$2
	shift 2
	mkdir -p "$D/$_n/sim"
	cat >"$D/$_n/station.yaml" <<EOT
station: {name: one antenna, simulated: true}
dut: {maker: bench, model: reader, serial: T-4, firmware: "1", class: interactive}
roles:
  contactless: {driver: pcsc, sim: contactless, rf_type: A}
sim:
  pcscd: {readers: 1}
  cards:
    - {name: contactless, reader: 0, profile: $P, rf_type: A, rf_faults: [$_f],
       faults: [${FAULTS:-}]}
EOT
	set -- ${1:+python3 tests/lib/operator.py "$@" --} "$BENCH" run --station "$D/$_n/station.yaml" \
		--out "$D/$_n/out" suites/terminal/contactless.lua
	BENCH_SIM_DIR="$D/$_n/sim" timeout 200 "$@" >"$D/$_n.tap" 2>"$D/$_n.err" </dev/null
}
antenna one ""
point one terminal.rf.type_b | grep -q '# SKIP operator step: no answer for terminal.rf.type_b.on_antenna$' &&
	point one terminal.rf.type_a | grep -q '^    ok [0-9]* - terminal.rf.type_a: [^#]*$'
ok $? "one antenna, unattended: Type A passes, Type B needs the operator's card: SKIP" \
	"$(point one terminal.rf.type_a; point one terminal.rf.type_b)"
swap_b="echo B >'$D/oneop/sim/slot-contactless'; echo y"
back_a="echo A >'$D/oneop/sim/slot-contactless'; echo y"
antenna oneop "" --on 'Type B card on' "$swap_b" --on 'Type A card back' "$back_a"
rc=$?
point oneop terminal.rf.type_b | grep -q '^    ok [0-9]* - terminal.rf.type_b: [^#]*$' &&
	grep -q 'card: "Type B, put on the contactless antenna by the operator"' "$D/oneop.tap" &&
	[ "$(cat "$D/oneop/sim/slot-contactless")" = A ]
ok $? "one antenna, the operator swapping: Type B passes on it, the Type A card put back (rc $rc)" \
	"$(show oneop terminal.rf.type_b; tail -5 "$D/oneop.tap")"
swap_b="echo B >'$D/onea/sim/slot-contactless'; echo y"
back_a="echo A >'$D/onea/sim/slot-contactless'; echo y"
antenna onea only-a --on 'Type B card on' "$swap_b" --on 'Type A card back' "$back_a"
rc=$?
[ $rc -eq 1 ] && point onea terminal.rf.type_b | grep -q '^    not ok' &&
	show onea terminal.rf.type_b | grep -q 'the Type B card put on the contactless antenna is seen'
ok $? "a Type A reader: the Type B card put on it is not seen, type_b fails (rc $rc)" \
	"$(show onea terminal.rf.type_b)"
# A reader that drops every APDU: the Type B card's checks end the test with
# a device error, and the station's card is still asked back first.
swap_b="echo B >'$D/onedrop/sim/slot-contactless'; echo y"
back_a="echo A >'$D/onedrop/sim/slot-contactless'; echo y"
FAULTS=drop=1 antenna onedrop "" --on 'Type B card on' "$swap_b" --on 'Type A card back' "$back_a"
point onedrop terminal.rf.type_b | grep -q '^    not ok' &&
	grep -q 'answer terminal.rf.type_b.put_back = y (at the terminal)' "$D"/onedrop/out/*/trace.log &&
	[ "$(cat "$D/onedrop/sim/slot-contactless")" = A ]
ok $? "the checks on the swapped card raise: the put-back is still asked, the test fails" \
	"$(show onedrop terminal.rf.type_b)"
# The operator answers that the Type A card is not back: the test fails
# saying so, the run ends there (exit 3: the tests after it would run on
# the Type B card), and the station keeps its marker (bench check refuses
# it).
swap_b="echo B >'$D/oneno/sim/slot-contactless'; echo y"
antenna oneno "" --on 'Type B card on' "$swap_b" --on 'Type A card back' "echo n"
rc=$?
BENCH_SIM_DIR="$D/oneno/sim" "$BENCH" check --station "$D/oneno/station.yaml" >/dev/null 2>"$D/oneno.check"
rc2=$?
[ $rc -eq 3 ] && point oneno terminal.rf.type_b | grep -q '^    not ok' &&
	show oneno terminal.rf.type_b | grep -q 't:finally: the operator did not put back what the station declares' &&
	[ $rc2 -eq 2 ] && grep -q 'terminal.rf.type_b, in run' "$D/oneno.check"
ok $? "the Type A card not put back: type_b fails, the run ends, the station stays marked (rc $rc, $rc2)" \
	"$(show oneno terminal.rf.type_b; cat "$D/oneno.check")"
# Killed (SIGKILL) or stopped (SIGTERM: the put-back's prompt gives up
# at once) while the Type B card is on the antenna: no "put back" in
# trace.log, so a new run on the station is refused, and bench resume asks
# for the Type A card back (the test's rest_at_resume) before type_b runs
# again; the marker goes. swap_killed NAME SIGNAL
swap_killed() {
	swap_b="echo B >'$D/$1/sim/slot-contactless'; echo y"
	back_a="echo A >'$D/$1/sim/slot-contactless'; echo y"
	stop="for p in \$(pgrep -x bench); do grep -q '$D/$1/' /proc/\$p/cmdline && kill -$2 \$p; done; sleep 5; echo n"
	antenna "$1" "" --on 'Type B card on' "$swap_b" --on 'Type A card back' "$stop"
	rc=$?
	BENCH_SIM_DIR="$D/$1/sim" timeout 100 "$BENCH" run --station "$D/$1/station.yaml" \
		--out "$D/$1/out2" suites/terminal/contactless.lua >/dev/null 2>"$D/$1.new"
	rc2=$?
	run=$(ls -td "$D/$1/out"/*/ | head -1)
	[ $rc -ne 0 ] && [ $rc2 -eq 2 ] && grep -q 'terminal.rf.type_b, in run' "$D/$1.new" &&
		! grep -q 'terminal.rf.type_b: t:finally: put back' "$run/trace.log" &&
		[ "$(cat "$D/$1/sim/slot-contactless")" = B ]
	ok $? "$2 with the Type B card on the antenna: a new run is refused (rc $rc, $rc2)" \
		"$(cat "$D/$1.new")"
	BENCH_SIM_DIR="$D/$1/sim" timeout 200 python3 tests/lib/operator.py \
		--on 'Type B card on' "$swap_b" --on 'Type A card back' "$back_a" -- \
		"$BENCH" resume "$run" >"$D/$1.2" 2>&1 </dev/null
	rc=$?
	BENCH_SIM_DIR="$D/$1/sim" "$BENCH" check --station "$D/$1/station.yaml" >/dev/null 2>&1
	rc2=$?
	[ $rc -eq 0 ] && [ $rc2 -eq 0 ] &&
		grep -q 'bench terminal.rf.type_b: rest: the station put back at resume' "$run/trace.log" &&
		grep -q "station_left: \"the run died in this test .*its rest put the station back before it ran again\"" "$run/results.tap" &&
		grep -q '^    ok [0-9]* - terminal.rf.type_b: [^#]*$' "$run/results.tap" &&
		[ "$(cat "$D/$1/sim/slot-contactless")" = A ]
	ok $? "$2, resumed: the Type A card asked back first, type_b runs again and passes, the marker gone (rc $rc, $rc2)" \
		"$(tail -20 "$D/$1.2")"
}
swap_killed onekill KILL
swap_killed oneterm TERM
done_testing
