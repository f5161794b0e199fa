#!/bin/sh
# The env suite end to end through bench run, a real Modbus TCP chamber
# (ours), time-scaled: a good chamber passes with samples in
# measurements.csv; a drift during the hold fails it naming when and how far;
# a non-simulated station refuses --time-scale (exit 2).
# The good run is at 1800, not 3600: a 60 s sample slot is then 33 ms of real
# time and the 600 s gap limit 333 ms, which a loaded two-core host running
# the sanitizer build keeps (at 3600 single Modbus reads took up to 70 ms).
B=${BENCH_BUILD:-build}
d=$(mktemp -d)
pids=""
trap 'for p in $pids; do kill $p 2>/dev/null; done; pcsim_stop; [ -n "${BENCH_KEEP:-}" ] || rm -rf "$d"' EXIT
# The DUT the holds watch working: a simulated card behind a private pcscd
# (a hold without its workload's card role SKIPs, docs/env.md).
. tests/lib/pcsim.sh
pcsim_start "$d/pcsim" || { echo "Bail out! the simulated card did not start"; exit 1; }
CARD_ROLE='  card: { driver: pcsc, reader: "Virtual PCD 00 00", timeout_ms: 10000 }'
start() { # name, faults...
	n=$1; shift
	"$B/bench/fixtures/chamber/chamber" --port 0 --port-file "$d/$n.port" --time-scale "${SCALE:-3600}" "$@" 2>/dev/null &
	pids="$pids $!"
	i=0; while [ ! -s "$d/$n.port" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
	cat > "$d/$n.yaml" <<EOS
station: { name: env test, simulated: ${SIMULATED:-true} }
dut: { maker: bench, model: sim, serial: "0001", firmware: "1.0", class: desktop }
roles:
  chamber: { driver: modbus-chamber, host: 127.0.0.1, port: $(cat "$d/$n.port"), profile: $PWD/bench/fixtures/chambers/sim.yaml }
  ref_sensor: { driver: modbus-sensor, host: 127.0.0.1, port: $(cat "$d/$n.port") }
$CARD_ROLE
EOS
}
echo "1..16"
SCALE=1800 start good
"$B/bench/bench" run --station "$d/good.yaml" --out "$d/good" --time-scale 1800 \
	suites/env/work_temp.lua >"$d/good.tap" 2>"$d/good.err"
rc=$?
[ $rc -eq 0 ] && echo "ok 1 - good chamber: holds pass" || { echo "not ok 1 - good chamber: rc $rc"; sed 's/^/# /' "$d/good.err" | tail -5; }
n=$(grep -c '^env.work.15c,temp+' "$d"/good/*/measurements.csv)
# 241 grid slots (0..4 h every 60 s), each sampled or, when an earlier read
# ran late, reported in skipped_slots; how sparse the samples got is the
# run's own max_sample_gap verdict (<= 600 s, so at least 25 samples).
skip=$(sed -n 's/^env\.work\.15c,skipped_slots,\([0-9]*\),slots,.*/\1/p' "$d"/good/*/measurements.csv)
gap=$(grep -c '^env.work.15c,max_sample_gap,.*,pass,' "$d"/good/*/measurements.csv)
[ "$n" -ge 25 ] && [ "$((n + ${skip:-999}))" -eq 241 ] && [ "$gap" -eq 1 ] &&
	echo "ok 2 - 4 h of 60 s samples in measurements.csv ($n sampled + ${skip} skipped = 241 slots), gaps within limit" ||
	echo "not ok 2 - $n samples + skipped_slots '$skip' != 241, max_sample_gap pass rows: $gap"
# A scaled run is a simulation, and every report of it must say so.
sims=0
for f in results.tap report.html junit.xml; do
	grep -q 'SIMULATED: time scale 1800' "$d"/good/*/$f && sims=$((sims + 1))
done
[ $sims -eq 3 ] && echo "ok 3 - results.tap, report.html and junit.xml say SIMULATED" ||
	echo "not ok 3 - only $sims of 3 report files say SIMULATED"

start drift --fault drift=1800:4
"$B/bench/bench" run --station "$d/drift.yaml" --out "$d/drift" --time-scale 3600 \
	--filter 'env.work.15c' suites/env/work_temp.lua >"$d/drift.tap" 2>"$d/drift.err"
rc=$?
[ $rc -eq 1 ] && grep -q 'decision: "inconclusive"' "$d/drift.tap" &&
	echo "ok 4 - drift fails the hold (exit 1): inconclusive, the chamber's doing, not the DUT's" ||
	echo "not ok 4 - drift: rc $rc or no inconclusive decision"
grep -q 'hold out of tolerance: temperature 1[7-9]\.[0-9] C at +0[0-3]:[0-9][0-9]:[0-9][0-9] of the hold (limit 15 +- 2 C)' "$d/drift.tap" &&
	echo "ok 5 - the diagnostic names when and how far" || { echo "not ok 5 - no time/value in diagnostic"; grep -m3 'tolerance' "$d/drift.tap" | sed 's/^/# /'; }

SIMULATED=false start real
"$B/bench/bench" run --station "$d/real.yaml" --out "$d/real" --time-scale 3600 \
	suites/env/work_temp.lua >/dev/null 2>"$d/real.err"
rc=$?
[ $rc -eq 2 ] && echo "ok 6 - --time-scale on a real station is refused (exit 2)" || echo "not ok 6 - rc $rc"

SIMULATED=true
# alarm= and noanswer= count from the chamber's first client (bench), so the
# bench's own start-up (a second under load is an hour at 3600) cannot move
# them out of the hold.
start alarm --fault alarm=4000
"$B/bench/bench" run --station "$d/alarm.yaml" --out "$d/alarm" --time-scale 3600 \
	--filter 'env.work.15c' suites/env/work_temp.lua >"$d/alarm.tap" 2>"$d/alarm.err"
rc=$?
grep -q 'hold out of tolerance: chamber alarm (general alarm) at +0[0-9]:[0-9][0-9]:[0-9][0-9]' "$d/alarm.tap" && [ $rc -eq 1 ] &&
	echo "ok 7 - an alarm bit during the hold fails it with the time" || { echo "not ok 7 - alarm: rc $rc"; grep -m3 'alarm' "$d/alarm.tap" | sed 's/^/# /'; }

start humid --fault humidity=70
"$B/bench/bench" run --station "$d/humid.yaml" --out "$d/humid" --time-scale 3600 \
	--filter 'env.work.damp_heat' suites/env/work_temp.lua >"$d/humid.tap" 2>"$d/humid.err"
rc=$?
grep -q 'chamber not stable at 35 C / 80 %RH within +04:00:00' "$d/humid.tap" && grep -q 'it reads 35.* C / [67][0-9].* %RH' "$d/humid.tap" && [ $rc -eq 1 ] &&
	echo "ok 8 - humidity not reached fails with the humidity reached" || { echo "not ok 8 - humidity: rc $rc"; grep -m3 -A3 'not stable' "$d/humid.tap" | sed 's/^/# /'; }

start mute --fault noanswer=8000
"$B/bench/bench" run --station "$d/mute.yaml" --out "$d/mute" --time-scale 3600 \
	--filter 'env.work.15c' suites/env/work_temp.lua >"$d/mute.tap" 2>"$d/mute.err"
rc=$?
grep -q 'at +0[0-9]:[0-9][0-9]:[0-9][0-9] of the hold: .*modbus tcp 127.0.0.1:[0-9]* unit 1: read [a-z]* [0-9]* (.*): Connection timed out' "$d/mute.tap" && [ $rc -ne 0 ] &&
	echo "ok 9 - a chamber that stops answering fails with the register and the timeout (exit $rc)" || { echo "not ok 9 - noanswer: rc $rc"; grep -m3 'answer\|timed' "$d/mute.tap" "$d/mute.err" | sed 's/^/# /'; }

# A hold is a clause about the DUT working at the condition: a station
# without the workload's card role SKIPs it; the chamber alone never passes.
CARD_ROLE= start nocard
"$B/bench/bench" run --station "$d/nocard.yaml" --out "$d/nocard" --time-scale 3600 \
	--filter 'env.work.15c' suites/env/work_temp.lua >"$d/nocard.tap" 2>"$d/nocard.err"
rc=$?
grep -q "ok 1 - env.work.15c.*# SKIP role 'card' is not in the station" "$d/nocard.tap" && [ $rc -eq 0 ] &&
	echo "ok 10 - no card role: the hold SKIPs, naming the role (exit $rc)" || { echo "not ok 10 - nocard: rc $rc"; sed 's/^/# /' "$d/nocard.tap" | head -5; }

# Storage (DB43/T 3.3 §6.5.3): the DUT must work after each hold, so a
# station without its card SKIPs the steps; the chamber alone never passes.
"$B/bench/bench" run --station "$d/nocard.yaml" --out "$d/nocard2" --time-scale 3600 \
	suites/env/storage.lua >"$d/nostore.tap" 2>"$d/nostore.err"
rc=$?
[ $rc -eq 0 ] && [ "$(grep -c "# SKIP role 'card' is not in the station" "$d/nostore.tap")" -eq 2 ] &&
	echo "ok 11 - storage without a card role: both steps SKIP (exit $rc)" ||
	{ echo "not ok 11 - storage nocard: rc $rc"; sed 's/^/# /' "$d/nostore.tap" | head -8; }

# A DUT that stops answering while the chamber holds the condition fails the
# hold, and that is the DUT's failure: not inconclusive.
pcsim_card --fault drop=3
start dutfail
"$B/bench/bench" run --station "$d/dutfail.yaml" --out "$d/dutfail" --time-scale 3600 \
	--filter 'env.work.15c' suites/env/work_temp.lua >"$d/dutfail.tap" 2>"$d/dutfail.err"
rc=$?
[ $rc -eq 1 ] && grep -q 'workload failed at +0[0-9]:[0-9][0-9]:[0-9][0-9] of the hold' "$d/dutfail.tap" &&
	! grep -q 'decision: "inconclusive"' "$d/dutfail.tap" &&
	echo "ok 12 - a DUT that stops answering fails the hold, not inconclusive (exit $rc)" ||
	{ echo "not ok 12 - dutfail: rc $rc"; grep -m5 'workload\|decision\|message' "$d/dutfail.tap" | sed 's/^/# /'; }
grep -q 'decision: "inconclusive"' "$d/humid.tap"
[ $? -eq 0 ] && echo "ok 13 - humidity never reached: inconclusive" ||
	echo "not ok 13 - humidity never reached: no inconclusive decision"

# A temperature-only step after a damp one turns humidity control off
# (the chamber profile's humidity_control): the 85 %RH of the step before
# is not held through it; the simulated chamber's humidity falls to its
# ambient 45 %RH.
mkdir -p "$d/hum/lib" && cp suites/env/lib/*.lua "$d/hum/lib/"
cat >"$d/hum/humidity.lua" <<'EOS'
local env = require "envprofile"
suite { title = "humidity after a damp step", standard = "bench self-test" }
env.profile { id = "hum", title = "humidity", clause = "self", steps = {
  { id = "hum.damp", set = { temp = 30, rh = 85 }, tol = { temp = 2, rh = 3 }, hold = 600,
    stable = 300, sample = 60 },
  { id = "hum.dry", set = { temp = 30 }, tol = { temp = 2 }, hold = 3600, stable = 300,
    sample = 60, after = function(t)
      t:measure { name = "rh_at_end", value = t.roles.chamber:read().rh, unit = "%RH", max = 60 }
    end },
} }
EOS
CARD_ROLE= start hum
"$B/bench/bench" run --station "$d/hum.yaml" --out "$d/hum/out" --time-scale 3600 \
	"$d/hum/humidity.lua" >"$d/hum.tap" 2>"$d/hum.err"
rc=$?
[ $rc -eq 0 ] && grep -q 'humidity: "control off: a temperature-only step"' "$d/hum.tap" &&
	grep -q '^hum.dry,rh_at_end,[0-9.]*,%RH,,60,pass' "$d"/hum/out/*/measurements.csv &&
	echo "ok 14 - a temperature-only step turns humidity control off: 85 %RH not kept (exit $rc)" ||
	{ echo "not ok 14 - humidity carried over: rc $rc"; grep -m5 'rh_at_end\|humidity\|message' "$d/hum.tap" "$d"/hum/out/*/measurements.csv | sed 's/^/# /'; }

# A DUT that fails while the chamber reads outside the clause's range
# (inside the tolerance band around a setpoint at the range's end) failed
# under a condition the clause does not set: inconclusive, not a failure.
# The step's range starts 1 C above its setpoint, so every reading is
# outside it; the card stops answering (drop=3), as in point 12.
mkdir -p "$d/edge/lib" && cp suites/env/lib/*.lua "$d/edge/lib/"
cat >"$d/edge/edge.lua" <<'EOS'
local env = require "envprofile"
suite { title = "a DUT failure at the range's edge", standard = "bench self-test" }
env.profile { id = "edge", title = "edge", clause = "self", steps = {
  { id = "edge.hold", set = { temp = 25 }, tol = { temp = 2 }, range = { temp = { 26, 35 } },
    hold = 3600, stable = 300, sample = 60, workload_roles = { "card" },
    workload = function(t) return t.roles.card:transmit("00A40000023F00").sw == "9000" end },
} }
EOS
start edge
"$B/bench/bench" run --station "$d/edge.yaml" --out "$d/edge/out" --time-scale 3600 \
	"$d/edge/edge.lua" >"$d/edge.tap" 2>"$d/edge.err"
rc=$?
[ $rc -eq 1 ] && grep -q 'decision: "inconclusive"' "$d/edge.tap" &&
	grep -q "outside the clause's 26..35" "$d/edge.tap" &&
	echo "ok 15 - a DUT failing outside the clause's range (inside the band): inconclusive" ||
	{ echo "not ok 15 - edge: rc $rc"; grep -m6 'decision\|message\|workload' "$d/edge.tap" | sed 's/^/# /'; }

# Such a failure does not end the watch: the same DUT, failing on, once the
# chamber drifts into the range (25 -> 26.5 C, drift=900:1.5) fails there.
sed 's/range = { temp = { 26, 35 } }/range = { temp = { 26, 35 } }, workload_every = 120/' \
	"$d/edge/edge.lua" >"$d/edge/edge2.lua"
start edge2 --fault drift=900:1.5
"$B/bench/bench" run --station "$d/edge2.yaml" --out "$d/edge2/out" --time-scale 3600 \
	"$d/edge/edge2.lua" >"$d/edge2.tap" 2>"$d/edge2.err"
rc=$?
[ $rc -eq 1 ] && ! grep -q 'decision: "inconclusive"' "$d/edge2.tap" &&
	grep -q "workload failed at" "$d/edge2.tap" &&
	grep -q "workload_excused: \"[0-9]* failure(s) while the chamber read outside the clause's range" "$d/edge2.tap" &&
	echo "ok 16 - after a failure outside the range, one inside it is the DUT's: fails" ||
	{ echo "not ok 16 - edge2: rc $rc"; grep -m8 'decision\|message\|workload\|temp' "$d/edge2.tap" | sed 's/^/# /'; }
