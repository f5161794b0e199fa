#!/bin/sh
# The default simulated station end to end: `bench run --station
# bench/fixtures/sim.yaml suites/card` brings up its own pcscd + vpcd +
# simulated card (bench sim), passes every card test and writes the APDU
# trace; the same station with a defect in its card fails. Private
# BENCH_SIM_DIR: parallel-safe, torn down on exit.
set -u
cd "$(dirname "$0")/.."
. tests/lib/tapcheck.sh
. tests/lib/station.sh
D=$(mktemp -d)
export BENCH_SIM_DIR=$D/sim
trap 'BENCH_SIM_DIR="$D/sim" "$BENCH" sim down --station bench/fixtures/sim.yaml >/dev/null 2>&1
      BENCH_SIM_DIR="$D/defect/sim" "$BENCH" sim down --station "$D/defect/station.yaml" \
	>/dev/null 2>&1; rm -rf "$D"' EXIT

timeout 300 "$BENCH" run --station bench/fixtures/sim.yaml --out "$D/out" suites/card \
	>"$D/tap" 2>"$D/err"
rc=$?
ok $rc "sim.yaml: bench run suites/card exits 0" "$(grep -A10 '^ *not ok' "$D/tap" | head -30; tail -5 "$D/err")"
run=$(ls -d "$D/out"/*/ 2>/dev/null | head -1)
grep -q '^ *ok [0-9]* - card\.neg\.le' "$D/tap"
ok $? "sim.yaml: the card tests ran"
grep -q ' apdu > [0-9A-F]* < [0-9A-F]*9000 ([0-9]* us)' "${run:-/nonexistent}/trace.log" 2>/dev/null
ok $? "sim.yaml: trace.log holds the APDUs with durations"

# A card-only simulated station whose card (T=0) has a defect.
CARD_PROTOCOL=T=0 card_station "$D/defect" challenge-repeats
timeout 300 "$BENCH" run --station "$D/defect/station.yaml" --out "$D/out2" suites/card/challenge.lua \
	>"$D/tap2" 2>"$D/err2"
rc=$?
[ $rc -eq 1 ]
ok $? "sim station with challenge-repeats: run exits 1 (got $rc)" "$(tail -5 "$D/err2")"
grep -q '^ *not ok [0-9]* - card\.challenge\.fresh' "$D/tap2"
ok $? "card.challenge.fresh fails on it"

done_testing
