#!/bin/sh
# suites/terminal on the default station: every reader test passes against
# real pcscd + vpcd with four simulated cards (contact, contactless, two
# PSAMs), the chamber's relay moving the contact card and its actuator the
# contactless one; the distance curve lands in measurements.csv; operator
# steps SKIP without answers and pass with them.
set -u
cd "$(dirname "$0")/.."
. tests/lib/tapcheck.sh
. tests/lib/terminal.sh
D=$(mktemp -d)
ST=bench/fixtures/sim.yaml
export BENCH_SIM_DIR="$D/sim"
trap 'BENCH_SIM_DIR="$D/sim" "$BENCH" sim down --station "$ST" >/dev/null 2>&1; stations_down "$D" dc t0; rm -rf "$D"' EXIT

timeout 300 "$BENCH" run --station "$ST" --out "$D/out" suites/terminal \
	>"$D/tap" 2>"$D/err"
rc=$?
run=$(ls -d "$D/out"/*/ | head -1)
ok $rc "bench run suites/terminal exits 0 on the good station" \
	"$(grep -A20 '^ *not ok' "$D/tap" | head -60; tail -3 "$D/err")"
for id in terminal.enum.readers terminal.enum.psam terminal.events.cycles \
	terminal.proto.t1 terminal.read_time.contact \
	terminal.read_time.contactless terminal.contactless.distance \
	terminal.reliability.contact terminal.reliability.contactless; do
	grep -q "^    ok [0-9]* - $id: " "$D/tap" && ! grep -q "^    ok [0-9]* - $id: .*# SKIP" "$D/tap"
	ok $? "$id passes (not skipped)"
done
# T=0 and T=1 are asked of the user-card slot (表4 (9)): its card talks
# T=1, so T=0 needs the operator's T=0 card there; without an answer SKIP
# (the T=0 PSAMs prove nothing of that slot).
grep -q "^    ok [0-9]* - terminal.proto.t0: .*# SKIP operator step: no answer for terminal.proto.t0.inserted" "$D/tap"
ok $? "proto.t0 on a T=1 user card: SKIP, the operator's T=0 card asked for"
grep -q "^    ok [0-9]* - terminal.buzzer: .*# SKIP for document-camera DUTs only (dut_class); this DUT's class is desktop" "$D/tap"
ok $? "buzzer operator step SKIPs on a desktop DUT: a row of 表5 (document cameras)"

n=$(grep -c '^terminal.contactless.distance,read_at_[0-9]*mm,' "$run/measurements.csv")
[ "$n" -eq 11 ]
ok $? "distance curve: 11 points in measurements.csv (got $n)"
grep -q '^terminal.contactless.distance,read_at_110mm,0,' "$run/measurements.csv" &&
	grep -q '^terminal.contactless.distance,read_at_40mm,1,' "$run/measurements.csv"
ok $? "curve: reads at 40 mm, none at 110 mm"
grep -q '^terminal.enum.psam,psam_slots,2,' "$run/measurements.csv"
ok $? "two PSAM slots counted"
lat=$(awk -F, '$2 == "removal_latency" { print $3 }' "$run/measurements.csv")
awk -v v="$lat" 'BEGIN { exit !(v > 0 && v < 1000) }'
ok $? "removal latency measured: $lat ms"
grep -q 'card_feeder modbus .*write coil 16\|card_feeder.*coil' "$run/trace.log"
ok $? "the relay moves are in trace.log" "$(grep card_feeder "$run/trace.log" | head -3)"
grep -q 'card status change: card removed' "$run/trace.log"
ok $? "the removal event is in trace.log"

# A T=0 card in the user-card slot passes proto.t0; an operator who says a
# T=0 card is there when the slot still holds the T=1 one fails it.
terminal_station "$D/t0" card_proto=T=0
timeout 120 "$BENCH" run --station "$D/t0/station.yaml" --out "$D/out4" \
	--filter 'terminal.proto.*' suites/terminal/protocols.lua >"$D/tap4" 2>"$D/err4"
grep -q "^    ok [0-9]* - terminal.proto.t0: " "$D/tap4" && ! grep -q 'proto.t0: .*SKIP' "$D/tap4" &&
	grep -q 'case4: "T=0: 61' "$D/tap4"
ok $? "a T=0 card in the user-card slot: proto.t0 passes, 61xx + GET RESPONSE" "$(head -30 "$D/tap4")"
printf 'terminal.proto.t0.inserted: yes\n' >"$D/t0ans.yaml"
BENCH_SIM_DIR="$D/sim" timeout 120 "$BENCH" run --station "$ST" --out "$D/out5" \
	--answers "$D/t0ans.yaml" --filter 'terminal.proto.t0' suites/terminal/protocols.lua \
	>"$D/tap5" 2>"$D/err5"
grep -q "^    not ok [0-9]* - terminal.proto.t0: " "$D/tap5" &&
	grep -q 'the card in the user-card slot talks T=0' "$D/tap5"
ok $? "'a T=0 card is in' while the slot holds the T=1 card: proto.t0 fails" "$(head -30 "$D/tap5")"

# On a document camera, operator steps without answers SKIP, with answers
# pass (and a "no" fails).
station_copy "$D/dc"
sed -i 's/class: desktop/class: document-camera/' "$D/dc/station.yaml"
timeout 120 "$BENCH" run --station "$D/dc/station.yaml" --out "$D/out3" \
	suites/terminal/operator.lua >"$D/tap3" 2>"$D/err3"
grep -q "^    ok [0-9]* - terminal.buzzer: .*# SKIP .*no answer" "$D/tap3"
ok $? "document camera: the buzzer operator step SKIPs without an answer" \
	"$(head -20 "$D/tap3"; tail -5 "$D/err3")"
printf 'terminal.buzzer.customisable: yes\nterminal.led.two_colours: no\n' >"$D/answers.yaml"
timeout 120 "$BENCH" run --station "$D/dc/station.yaml" --out "$D/out2" --answers "$D/answers.yaml" \
	suites/terminal/operator.lua >"$D/tap2" 2>"$D/err2"
rc=$?
[ $rc -eq 1 ] && grep -q '^    ok [0-9]* - terminal.buzzer: ' "$D/tap2" &&
	! grep -q 'terminal.buzzer: .*SKIP' "$D/tap2" &&
	grep -q '^    not ok [0-9]* - terminal.led: ' "$D/tap2"
ok $? "answers: buzzer yes passes, LED 'no' fails (rc $rc)" "$(cat "$D/tap2" "$D/err2" | head -40)"
done_testing
