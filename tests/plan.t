#!/bin/sh
# bench plan (docs/campaign.md): the default station's suites with their
# tests, roles and expected times, the campaign's serial and side-by-side
# wall time; the same table on stderr at the top of bench run; durations
# from the run history once a run of the station exists.
cd "$(dirname "$0")/.." || exit 1
. tests/lib/tap.sh
BENCH_ROOT=$PWD
. tests/lib/station.sh
tmp=$(mktemp -d)
trap 'stations_down "$tmp" st; rm -rf "$tmp"' EXIT
plan 19

station_copy "$tmp/st"
st=$tmp/st/station.yaml
suites="suites/card suites/printer suites/env suites/terminal"

# shellcheck disable=SC2086 # the suite list splits
out=$("$BENCH" plan --station "$st" --out "$tmp/r" $suites 2>"$tmp/err")
is $? 0 "bench plan of the default station's suites exits 0"
is "$(printf '%s\n' "$out" | grep -c '^suites/.*\.lua$')" "$(ls suites/card/*.lua suites/printer/*.lua suites/env/*.lua suites/terminal/*.lua | wc -l)" \
	"a table per suite file"
like "$out" '^  card\.atr\.[^ ]+ +\? +unknown +card$' "a test's roles; no declared duration and no run: unknown"
like "$out" '^  printer\.reliability +24:00:00 +declared +printer uses scanner$' \
	"the printer soak: 24 h as declared, role printer, the scanner used (its target cards)"
like "$out" '^  env\.work\.15c +4:10:00 +declared +chamber,card uses ref_sensor,printer,contactless$' \
	"an env hold: stabilisation + hold, the chamber and the workload's card needed, the printer, the contactless antenna and the reference sensor used"
like "$out" '^  env\.range\.camera-ptz\.low +0\.0 s +SKIP: class' "a profile for another DUT class counts nothing"
like "$out" '^  env\.ups\.10min +0\.0 s +SKIP: class' "the UPS row (表3, self-service) on a desktop DUT counts nothing"
like "$out" '^  = 12:30:00, roles: card chamber contactless printer ref_sensor \(exclusive: runs alone\)$' \
	"a suite's total, its role set, and that it runs alone (its holds set the DUT's climate)"
like "$out" '^campaign: serial 46:20:00, side by side 46:20:00 ' \
	"serial: every suite's sum; side by side no shorter: the exclusive env suites run alone"
like "$out" 'side by side: suites/printer/reliability.lua +0\.0 s \.\. 24:00:00' "  ... the soak starts at once"
like "$out" 'side by side: suites/env/work_temp.lua +24:00:00 \.\. 36:30:00' \
	"  ... the work_temp holds after it, not beside it"
like "$out" 'side by side: suites/card/atr.lua +0\.0 s' "  ... the card suites beside the soak"
like "$out" '^  [0-9]+ tests have no estimate' "tests without an estimate are counted and said"

# The same table on stderr before bench run's first test; TAP stays clean.
"$BENCH" run --station "$st" --out "$tmp/r" --time-scale 1000 --filter env.power.220V_50Hz \
	suites/env/power.lua >"$tmp/run.tap" 2>"$tmp/run.err"
is $? 0 "a run of a power sweep point at time scale 1000"
like "$(head -4 "$tmp/run.err" | tr '\n' ' '):$(grep -c 'campaign\|declared' "$tmp/run.tap")" \
	'^bench: run [^ ]+ -> [^ ]+ plan: .*suites/env/power.lua .*env\.power\.220V_50Hz +0\.6 s +declared.*:0$' \
	"bench run prints the plan on stderr as it starts, nothing of it on stdout"

# Once the station has run a test, its duration comes from that run.
dur=$(sqlite3 "$tmp/r/.runs.sqlite" "SELECT printf('%.1f', duration) FROM tests WHERE test_id = 'env.power.220V_50Hz'")
out=$("$BENCH" plan --station "$st" --out "$tmp/r" --time-scale 1000 suites/env/power.lua 2>/dev/null)
like "$out" "^  env\.power\.220V_50Hz +${dur:-none} s +last run +ac_source,card uses printer,contactless\$" \
	"a test the station ran: its last run's duration (${dur:-none} s), not the declared one"

# A test that waits for the station (env.ups: the DUT's UPS charge,
# `waits`) is planned with the station's wait: a self-service DUT whose UPS
# charges 1 h takes 1 h 10 min, not the 10 min on battery alone.
sed -i -e 's|class: desktop|class: self-service|' -e 's|ups_charge_s: 60 |ups_charge_s: 3600 |' "$st"
out=$("$BENCH" plan --station "$st" --out "$tmp/r2" suites/env/power.lua 2>&1)
like "$out" '^  env\.ups\.10min +1:10:00 +declared\+wait +dut_power,card uses contactless$' \
	"env.ups on a self-service DUT: its declared 10 min and the station's 1 h UPS charge"
sed -i "/ups_charge_s:/d" "$st"
out=$("$BENCH" plan --station "$st" --out "$tmp/r2" suites/env/power.lua 2>&1)
like "$out" '^  env\.ups\.10min +0:10:00 +declared +dut_power,card' \
	"a station without ups_charge_s: the declared 10 min alone"

# A wait for a station option bench does not know is the suite's error.
printf 'test { id = "w", title = "w", clause = "c", duration = 1,\n  waits = { "dut.ups_chrge_s" }, run = function(t) end }\n' >"$tmp/w.lua"
"$BENCH" plan --station "$st" --out "$tmp/r2" "$tmp/w.lua" >/dev/null 2>"$tmp/w.err"
like "$?:$(cat "$tmp/w.err")" "^2:.*w\.lua:1: .*waits\[1\]: no station option 'dut\.ups_chrge_s' \(known: dut\.ups_charge_s\)" \
	"an unknown station option in waits: exit 2 at the suite's line"
