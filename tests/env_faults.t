#!/bin/sh
# The env suite against chamber faults a real chamber or reference sensor
# has and our good chamber never shows, and against behaviour that is
# conformant though our chamber never shows it either (docs/env.md "What a
# hold watches"): each fault fails its hold naming what and when, each
# conformant behaviour passes. One 4 h hold each (--filter), time-scaled.
B=${BENCH_BUILD:-build}
d=$(mktemp -d)
pids=""
trap 'for p in $pids; do kill $p 2>/dev/null; done; pcsim_stop; [ -n "${BENCH_KEEP:-}" ] || rm -rf "$d"' EXIT
# The DUT the holds watch working: a simulated card behind a private pcscd
# (a hold without its workload's card role SKIPs, docs/env.md).
. tests/lib/pcsim.sh
pcsim_start "$d/pcsim" || { echo "Bail out! the simulated card did not start"; exit 1; }
unset PROFILE # pcsim's card profile; below, PROFILE is a chamber's
CARD_ROLE='  card: { driver: pcsc, reader: "Virtual PCD 00 00", timeout_ms: 10000 }'
n=0
ok() { # cond-rc, text, diag-file
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else
		echo "not ok $n - $2"
		[ -n "${3:-}" ] && grep -m5 -i 'fail\|error\|not ok\|message' "$3" | sed 's/^/# /'
	fi
}
# chamber NAME SCALE FAULT... : starts a simulated chamber, writes a station.
chamber() {
	c=$1 sc=$2
	shift 2
	"$B/bench/fixtures/chamber/chamber" --port 0 --port-file "$d/$c.port" --time-scale "$sc" "$@" 2>/dev/null &
	pids="$pids $!"
	i=0; while [ ! -s "$d/$c.port" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
	cat >"$d/$c.yaml" <<EOS
station: { name: env faults, simulated: true }
dut: { maker: bench, model: sim, serial: "0001", firmware: "1.0", class: desktop }
roles:
  chamber: { driver: modbus-chamber, host: 127.0.0.1, port: $(cat "$d/$c.port"), profile: ${PROFILE:-$PWD/bench/fixtures/chambers/sim.yaml} }
  ref_sensor: { driver: modbus-sensor, host: 127.0.0.1, port: $(cat "$d/$c.port") }
$CARD_ROLE
EOS
}
# hold NAME STEP [SCALE]: runs one step of work_temp; sets rc, tap in $d/NAME.tap
hold() {
	"$B/bench/bench" run --station "$d/$1.yaml" --out "$d/$1" --time-scale "${3:-1800}" \
		--filter "$2" suites/env/work_temp.lua >"$d/$1.tap" 2>"$d/$1.err"
	rc=$?
}
csv() { cat "$d/$1"/*/measurements.csv; }
# A profile of the simulated chamber reading its float32 registers.
float_profile() { # word order of the temperature register at 12-13 (low-first in the chamber)
	sed -e "s|actual: { table: input, address: 0, scale: 0.1, signed: true }|actual: { table: input, address: 12, type: float32, word_order: $1 }|" \
		bench/fixtures/chambers/sim.yaml >"$d/float-$1.yaml"
}
echo "1..17"

chamber busy 1800 --fault busy=0.2
hold busy env.work.15c
r=$(csv busy | sed -n 's/^env\.work\.15c,chamber_retries,\([0-9]*\),.*/\1/p')
[ $rc -eq 0 ] && [ "${r:-0}" -gt 0 ]
ok $? "a chamber busy at one request in five passes, its retries reported ($r)" "$d/busy.tap"

chamber busyall 1800 --fault busy=1
hold busyall env.work.15c
[ $rc -ne 0 ] && grep -q 'busy (after 3 retries)' "$d/busyall.tap"
ok $? "a chamber busy at every request fails once the retries run out (exit $rc)" "$d/busyall.tap"

chamber sfail 1800 --fault failure=1
hold sfail env.work.15c
[ $rc -ne 0 ] && grep -qi 'failure (after 3 retries)' "$d/sfail.tap"
ok $? "exception 04 at every request fails naming the server failure (exit $rc)" "$d/sfail.tap"

float_profile low-first
PROFILE="$d/float-low-first.yaml" chamber floatok 1800
hold floatok env.work.15c
[ $rc -eq 0 ]
ok $? "float32 low word first, as the profile says: the hold passes" "$d/floatok.tap"

# At 600 simulated seconds a real one: "the first reading" is within 10
# simulated minutes of the hold's start even when the host is loaded (at
# 3600 a sixth of a real second of start-up was 10 minutes).
float_profile high-first
PROFILE="$d/float-high-first.yaml" chamber floatbad 600
start=$(date +%s)
hold floatbad env.work.15c 600
took=$(($(date +%s) - start))
[ $rc -ne 0 ] && grep -q 'at +00:0[0-9]:[0-9][0-9] while reaching the setpoint: .*temperature actual reads .* not plausible' "$d/floatbad.tap"
ok $? "a profile with the wrong word order is an error at the first reading (exit $rc, ${took} s)" "$d/floatbad.tap"

chamber stuck 1800 --fault stuck-ref=0
hold stuck env.work.15c
[ $rc -eq 1 ] && grep -q 'reference temperature stuck: it moved 0 while the chamber temperature moved' "$d/stuck.tap"
ok $? "a reference sensor that does not follow the chamber's ramp is stuck" "$d/stuck.tap"

# The 15 C step starts the fault clock; stabilising takes about an hour of
# simulated time, so 2 h is inside the 4 h hold.
chamber blip 1800 --fault blip=7200:1
hold blip env.work.15c
[ $rc -eq 1 ] && grep -q 'chamber alarm raised and cleared before +0[0-9]:[0-9][0-9]:[0-9][0-9] (1 alarm event)' "$d/blip.tap"
ok $? "a 1 s alarm between two 60 s samples is seen through the event counter" "$d/blip.tap"

sed -e '/^alarm_events:/d' bench/fixtures/chambers/sim.yaml >"$d/profile-noevents.yaml"
PROFILE="$d/profile-noevents.yaml" chamber noevents 3600
hold noevents env.work.15c 3600
[ $rc -eq 1 ] && grep -q 'max_alarm_gap' "$d/noevents.tap" && grep -q '^env.work.15c,max_alarm_gap,.*,fail,' "$d"/noevents/*/measurements.csv
ok $? "without an event counter, alarm polls further apart than 1 s fail the hold" "$d/noevents.tap"

# The same chamber in real time (a short hold of tests/suites/env_poll.lua,
# beside the env suites' own lib): asked every second, the reads' own time
# not added to the period, the hold passes.
mkdir -p "$d/s/env"
ln -s "$PWD/suites/env/lib" "$d/s/env/lib"
ln -s "$PWD/suites/lib" "$d/s/lib"
cp tests/suites/env_poll.lua tests/suites/env_dry.lua "$d/s/env/"
PROFILE="$d/profile-noevents.yaml" chamber realtime 1
"$B/bench/bench" run --station "$d/realtime.yaml" --out "$d/realtime" "$d/s/env/env_poll.lua" \
	>"$d/realtime.tap" 2>"$d/realtime.err"
[ $? -eq 0 ] && grep -q '^env.poll.1,max_alarm_gap,1\.[0-9]*,s,,2,pass,' "$d"/realtime/*/measurements.csv
ok $? "without an event counter, in real time: alarms asked every second, the hold passes" \
	"$(cat "$d/realtime.tap" "$d/realtime.err" | grep -E 'not ok|max_alarm_gap|value|Error' | head)"

chamber stop 1800 --fault stop=7200
hold stop env.work.15c
[ $rc -eq 1 ] && grep -q 'chamber stopped running at +0[0-9]:[0-9][0-9]:[0-9][0-9]' "$d/stop.tap"
ok $? "a chamber that stops itself during the hold is caught by the readback" "$d/stop.tap"

chamber refrh 1800 --fault ref-offset=0:5
hold refrh env.work.damp_heat
[ $rc -eq 1 ] && grep -q '^env.work.damp_heat,agree_rh+[0-9:]*,[4-6]\.[0-9]*,%RH,,2,fail,' "$d"/refrh/*/measurements.csv
ok $? "chamber and reference humidity 5 %RH apart fail the agreement check" "$d/refrh.tap"

chamber goodrh 1800
hold goodrh env.work.damp_heat
[ $rc -eq 0 ] && grep -q '^env.work.damp_heat,agree_rh+[0-9:]*,.*,pass,' "$d"/goodrh/*/measurements.csv &&
	grep -q '^env.work.damp_heat,ref_rh+[0-9:]*,.*,pass,' "$d"/goodrh/*/measurements.csv
ok $? "a good chamber's humidity agrees with the reference, which is judged too" "$d/goodrh.tap"

# ILAC-G8 guarded acceptance with the chamber's ±3 %RH: no reading can pass
# an 80 +- 2 %RH band, so each is inconclusive, and so is the clause; none
# is an excursion ("out of tolerance" would make it does not conform). The
# reference is judged with its own ±1.5 %RH (role ref_sensor), not the
# chamber's.
chamber guard 1800
sed -i -e 's/simulated: true }/simulated: true, decision_rule: guarded }/' \
	-e 's/^  chamber: { /  chamber: { instrument: chamber-1, /' \
	-e 's/^  ref_sensor: { /  ref_sensor: { instrument: hygrometer-1, /' "$d/guard.yaml"
cat >>"$d/guard.yaml" <<EOS
instruments:
  chamber-1: { maker: ESPEC, model: SH-242, serial: "1", certificate: C-1, calibrated: "2026-02-10", due: "2099-02-10", uncertainty: ["±0.5 °C", "±3 %RH"] }
  hygrometer-1: { maker: Vaisala, model: HMT330, serial: "2", certificate: C-2, calibrated: "2026-02-12", due: "2099-02-12", uncertainty: ["±0.2 °C", "±1.5 %RH"] }
EOS
hold guard env.work.damp_heat
[ $rc -eq 1 ] && ! grep -q 'out of tolerance' "$d/guard.tap" &&
	grep -q 'decision: "inconclusive"' "$d/guard.tap" &&
	grep -q '^env.work.damp_heat,rh+[0-9:]*,.*,inconclusive,' "$d"/guard/*/measurements.csv &&
	grep -q '^env.work.damp_heat,ref_rh+[0-9:]*,.*,guarded,1\.5$' "$d"/guard/*/measurements.csv &&
	! grep -q '^env.work.damp_heat,ref_rh+[0-9:]*,.*,guarded,3$' "$d"/guard/*/measurements.csv
ok $? "guarded, chamber ±3 %RH in an 80 +- 2 band: inconclusive, no excursion; reference at ±1.5" \
	"$d/guard.tap"

# A chamber bench did not start, in a time-scaled run, with no clock
# register: nothing shows it is a simulator, so the run refuses to shorten
# its holds (a real chamber on a station file that says simulated: true).
sed '/^clock:/d' bench/fixtures/chambers/sim.yaml >"$d/profile-noclock.yaml"
PROFILE="$d/profile-noclock.yaml" chamber noclock 1800
hold noclock env.work.15c
[ $rc -eq 3 ] && grep -q "needs the chamber's clock: register to show it is a simulator" \
	"$d/noclock.tap" "$d/noclock.err"
ok $? "a scaled run refuses a chamber with no clock register (exit $rc)" "$d/noclock.tap"

# A simulator bench did not start runs at 1800, the run at 3600: the station
# is unusable for this run, found by the chamber's clock register before any
# hold (bail out, exit 3).
chamber slowclock 1800
hold slowclock env.work.15c 3600
[ $rc -eq 3 ] && grep -q "clock (clock) runs at .* s per second, this run at time scale 3600" "$d/slowclock.tap"
ok $? "a foreign simulator at another time scale is refused by its clock (exit $rc)" "$d/slowclock.tap"

chamber bogus 1800
sed -i 's|host: 127.0.0.1, port|host: 127.0.0.1, retries: 11, port|' "$d/bogus.yaml"
hold bogus env.work.15c
grep -q 'retries must be 0..10' "$d/bogus.tap" "$d/bogus.err"
ok $? "retries outside 0..10 is refused naming the option" "$d/bogus.tap"

# A reference hygrometer that froze: the damp step, which sets humidity,
# is inconclusive; the temperature-only step after it, whose chamber dries
# out on the ramp, does not judge a humidity it does not set, and passes.
chamber dry 3600 --fault stuck-ref-rh=0
"$B/bench/bench" run --station "$d/dry.yaml" --out "$d/dry" --time-scale 3600 "$d/s/env/env_dry.lua" \
	>"$d/dry.tap" 2>"$d/dry.err"
grep -q 'not ok [0-9]* - env.dry.damp' "$d/dry.tap" && grep -q '^    ok [0-9]* - env.dry.cold: [^#]*$' "$d/dry.tap" &&
	! sed -n '/ - env.dry.cold:/,/^      \.\.\.$/p' "$d/dry.tap" | grep -q 'humidity stuck'
ok $? "a frozen reference hygrometer: the damp step inconclusive, the dry step after it passes" \
	"$d/dry.tap"
