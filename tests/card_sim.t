#!/bin/sh
# The default simulated station end to end: `bench run --station
# bench/fixtures/sim.yaml suites/card` brings up its own pcscd + vpcd +
# simulated card (bench sim), passes every card test and writes the APDU
# trace; the same station with a defect in its card fails. Private
# BENCH_SIM_DIR: parallel-safe, torn down on exit.
set -u
cd "$(dirname "$0")/.."
. tests/lib/tapcheck.sh
BENCH=${BENCH_BUILD:-build}/bench/bench
D=$(mktemp -d)
export BENCH_SIM_DIR=$D/sim
trap '"$BENCH" sim down --station bench/fixtures/sim.yaml >/dev/null 2>&1
      "$BENCH" sim down --station "$D/defect.yaml" >/dev/null 2>&1; rm -rf "$D"' EXIT

timeout 300 "$BENCH" run --station bench/fixtures/sim.yaml --out "$D/out" suites/card \
	>"$D/tap" 2>"$D/err"
rc=$?
ok $rc "sim.yaml: bench run suites/card exits 0" "$(grep -A10 '^ *not ok' "$D/tap" | head -30; tail -5 "$D/err")"
run=$(ls -d "$D/out"/*/ 2>/dev/null | head -1)
grep -q '^ *ok [0-9]* - card\.neg\.le' "$D/tap"
ok $? "sim.yaml: the card tests ran"
grep -q ' apdu > [0-9A-F]* < [0-9A-F]*9000 ([0-9]* us)' "${run:-/nonexistent}/trace.log" 2>/dev/null
ok $? "sim.yaml: trace.log holds the APDUs with durations"

# A card-only simulated station whose card has a defect.
BENCH_SIM_DIR=$D/sim2
export BENCH_SIM_DIR
cat >"$D/defect.yaml" <<EOS
station:
  name: defective card station
  simulated: true
dut:
  maker: bench
  model: simulated card with a defect
  serial: SIM-0002
  firmware: simcard
roles:
  card:
    driver: pcsc
    sim: card
sim:
  pcscd:
    readers: 1
  cards:
    - name: card
      reader: 0
      profile: $PWD/bench/fixtures/cards/default.yaml
      protocol: T=0
      defects: [challenge-repeats]
EOS
ok 0 "defect station written"
timeout 300 "$BENCH" run --station "$D/defect.yaml" --out "$D/out2" suites/card/challenge.lua \
	>"$D/tap2" 2>"$D/err2"
rc=$?
[ $rc -eq 1 ]
ok $? "sim station with challenge-repeats: run exits 1 (got $rc)" "$(tail -5 "$D/err2")"
grep -q '^ *not ok [0-9]* - card\.challenge\.fresh' "$D/tap2"
ok $? "card.challenge.fresh fails on it"

done_testing
