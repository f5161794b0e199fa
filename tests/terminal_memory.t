#!/bin/sh
# suites/terminal/memory.lua (DB43/T 3.3 表4 (9)): AT24C16, SLE4442 and
# SLE4428 through ACS-style pseudo-APDUs. Good cards pass; a write that is
# lost, a card that takes writes without its PSC, an error counter that
# does not count, each fails naming what; a wrong code in the station stops
# after one try (the card is never locked); no memory_card: SKIP.
set -u
cd "$(dirname "$0")/.."
. tests/lib/tapcheck.sh
. tests/lib/station.sh
D=$(mktemp -d)
trap 'stations_down "$D" good lost nopsc stuck code; rm -rf "$D"' EXIT
P=$BENCH_ROOT/bench/fixtures/cards/default.yaml

# station NAME AT24_FAULTS 4442_FAULTS 4428_FAULTS [4442 CODE]
station() {
	mkdir -p "$D/$1/sim"
	cat >"$D/$1/station.yaml" <<EOT
station: {name: memory card station, simulated: true}
dut: {maker: bench, model: terminal, serial: T-5, firmware: "1", class: interactive}
roles:
  at24: {driver: pcsc, sim: at24, memory_card: at24c16}
  sle42: {driver: pcsc, sim: sle42, memory_card: sle4442, memory_code: ${5:-ffffff}}
  sle28: {driver: pcsc, sim: sle28, memory_card: sle4428, memory_cmds: acs}
sim:
  pcscd: {readers: 3}
  cards:
    - {name: at24, reader: 0, profile: $P, memory: at24c16, memory_faults: [$2]}
    - {name: sle42, reader: 1, profile: $P, memory: sle4442, memory_faults: [$3]}
    - {name: sle28, reader: 2, profile: $P, memory: sle4428, memory_faults: [$4]}
EOT
	BENCH_SIM_DIR="$D/$1/sim" timeout 200 "$BENCH" run --station "$D/$1/station.yaml" \
		--out "$D/$1/out" suites/terminal/memory.lua >"$D/$1.tap" 2>"$D/$1.err"
}
show() { sed -n "/ - terminal.memory: /,/^      \.\.\./p" "$D/$1.tap" | head -60; }

station good "" "" ""
ok $? "AT24C16, SLE4442, SLE4428 pass (exit 0)" "$(show good; tail -3 "$D/good.err")"
run=$(ls -d "$D/good/out"/*/)
grep -q 'sle42 apdu > FF20000003' "$run/trace.log" &&
	grep -q 'sle28 apdu > FFB1000003 < .*9000' "$run/trace.log"
ok $? "PRESENT_CODE and the error counter are in trace.log" "$(grep -c FF20 "$run/trace.log")"
show good | grep -q 'sle42_error_counter_after_wrong_code: "03"'
ok $? "SLE4442: one wrong code leaves 03 (two tries)" "$(show good)"

station lost write-lost "" ""
show lost | grep -q 'not ok' && show lost | grep -q 'the bytes read back as written'
ok $? "AT24 write lost: fails on the read-back" "$(show lost)"
station nopsc "" no-psc ""
show nopsc | grep -q 'without the security code a write changes nothing'
ok $? "SLE4442 writable without its PSC: fails" "$(show nopsc)"
station stuck "" "" counter-stuck
show stuck | grep -q 'a wrong code costs one try'
ok $? "SLE4428 error counter that does not count: fails" "$(show stuck)"

station code "" "" "" 123456
show code | grep -q "PRESENT_CODE with the station's code" &&
	! show code | grep -q 'a wrong code costs one try'
ok $? "a wrong code in the station stops the test after one try" "$(show code)"
run=$(ls -d "$D/code/out"/*/)
n=$(grep -c 'sle42 apdu > FF20' "$run/trace.log")
[ "$n" -eq 1 ]
ok $? "exactly one PRESENT_CODE was sent to that card (got $n)"

card_station "$D/none"
BENCH_SIM_DIR="$D/none/sim" timeout 100 "$BENCH" run --station "$D/none/station.yaml" \
	--out "$D/none/out" suites/terminal/memory.lua >"$D/none.tap" 2>"$D/none.err"
grep -q 'terminal.memory: .*# SKIP no role declares memory_card' "$D/none.tap"
ok $? "no memory_card declared: SKIP"
stations_down "$D" none
done_testing
