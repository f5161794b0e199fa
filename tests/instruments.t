#!/bin/sh
# Issue 17, item 3 (instruments and calibration) and item 4 (who and when):
# a real station whose instrument is past its due date refuses to run (exit 2,
# naming it and the date); --allow-overdue runs it and run.json, results.tap,
# junit.xml and report.html say so; a simulated station never refuses but
# reports the status; every report lists the instruments; the operator (the
# station's, or --operator), the operator's answers with their time and the
# sign-off lines are in the reports.
cd "$(dirname "$0")/.." || exit 1
. tests/lib/tap.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp "$BENCH" "$tmp/bench" && BENCH=$tmp/bench # the tree may be relinked meanwhile
plan 31

# A real station with thermo-1 due in 2020, simple decision rule.
sed 's/due: "2099-01-10"/due: "2020-01-10"/; s/calibrated: "2026-01-10"/calibrated: "2019-01-10"/;
     s/decision_rule: guarded/decision_rule: simple/' tests/stations/instruments.yaml >"$tmp/overdue.yaml"

err=$("$BENCH" run --station "$tmp/overdue.yaml" --out "$tmp/refused" tests/suites/allpass.lua 2>&1 >/dev/null)
is $? 2 "an overdue instrument on a real station refuses the run (exit 2)"
like "$err" 'calibration overdue: instrument thermo-1 \(Fluke 1524, serial TH-0042\) was due 2020-01-10' \
	"the refusal names the instrument and its due date"
like "$err" '--allow-overdue' "and says how to override"
[ -e "$tmp/refused" ]
is $? 1 "no run directory: nothing ran"

"$BENCH" run --station "$tmp/overdue.yaml" --out "$tmp/r" --allow-overdue tests/suites/allpass.lua \
	>"$tmp/out.tap" 2>"$tmp/err"
is $? 0 "--allow-overdue runs it"
run=$(ls -d "$tmp"/r/*)
j=$(cat "$run/run.json")
like "$j" '"allow_overdue": true' "run.json records the override"
like "$j" '"calibration_overdue": "instrument thermo-1 \(Fluke 1524, serial TH-0042\) was due 2020-01-10"' \
	"run.json records what was overdue"
like "$j" '"id": "thermo-1", "maker": "Fluke", "model": "1524", "serial": "TH-0042", "certificate": "CNAS-L0001-2026-0413", "calibrated": "2019-01-10", "due": "2020-01-10", "status": "overdue"' \
	"run.json lists the instrument with its calibration status"
like "$(head -3 "$tmp/out.tap")" '^# CALIBRATION OVERDUE: instrument thermo-1 .* \(run with --allow-overdue\)$' \
	"results.tap says so before its plan"
like "$(cat "$run/junit.xml")" '<property name="allow_overdue" value="true"/>' "junit.xml records the override"
xmllint --noout --schema tests/junit.xsd "$run/junit.xml" 2>/dev/null
ok $? "junit.xml stays valid"
h=$(cat "$run/report.html")
like "$h" 'id="calibration-overdue">CALIBRATION OVERDUE: instrument thermo-1 .*was due 2020-01-10. The operator overrode the refusal' \
	"report.html says the run was let start with an overdue instrument"
like "$h" '<td>thermo-1</td><td>Fluke</td><td>1524</td><td>TH-0042</td><td>CNAS-L0001-2026-0413</td><td>2019-01-10</td><td>2020-01-10</td><td class="fail">overdue</td><td>±0.3 °C, ±2 %RH</td>' \
	"report.html lists the instrument, its certificate, dates, status and uncertainty"

# The report is rebuilt from the run directory alone and says the same.
rm "$run/report.html"
"$BENCH" report "$run" >/dev/null 2>&1
like "$(cat "$run/report.html")" 'CALIBRATION OVERDUE' "bench report rebuilds the instruments section"

# bench resume of a run whose instrument fell due since it started: refused,
# unless the run was started with --allow-overdue (run.json carries it).
mkdir "$tmp/rs"
sed 's/decision_rule: guarded/decision_rule: simple/' tests/stations/instruments.yaml >"$tmp/rs/st.yaml"
"$BENCH" run --station "$tmp/rs/st.yaml" --out "$tmp/rs/r" tests/suites/allpass.lua >/dev/null 2>&1
d=$(ls -d "$tmp"/rs/r/*)
sed -i 's/"exit_code": 0/"exit_code": null/; s/"finished": "[^"]*"/"finished": null/' "$d/run.json"
sed -i 's/due: "2099-01-10"/due: "2020-01-10"/; s/calibrated: "2026-01-10"/calibrated: "2019-01-10"/' \
	"$tmp/rs/st.yaml"
err=$("$BENCH" resume "$d" 2>&1 >/dev/null)
is "$?: $(printf '%s' "$err" | grep -c 'thermo-1 .*was due 2020-01-10')" "2: 1" \
	"bench resume refuses once an instrument is overdue (exit 2, naming it)"
sed -i 's/"allow_overdue": false/"allow_overdue": true/' "$d/run.json"
"$BENCH" resume "$d" >/dev/null 2>&1
is $? 0 "a run started with --allow-overdue resumes"

# Operator: the station's operator:, or --operator; answers with their time.
like "$j" '"operator": "Zhang San"' "run.json: the station's operator"
like "$j" '"dut_name": "测试终端 T-1"' "run.json: the DUT's name as given, besides maker, model, serial"
like "$h" '<tr><th>DUT name</th><td>测试终端 T-1</td></tr>' "report.html: each DUT identity field"
like "$h" '<tr><th>Operator</th><td>Zhang San</td></tr>' "report.html: the operator"
like "$h" '<tr><th>Tested by</th><td>Zhang San</td><td>&nbsp;</td><td>&nbsp;</td></tr>' \
	"report.html ends with sign-off lines (name, signature, date)"
like "$h" '<tr><th>Reviewed by</th>' "with reviewer and approver lines"
printf 'op.visual.legible: yes\nop.warp.mm: 1.5\n' >"$tmp/answers.yaml"
"$BENCH" run --station tests/stations/instruments.yaml --operator "Li Si" --out "$tmp/op" \
	--answers "$tmp/answers.yaml" --filter 'op.[vw]*' tests/suites/operator.lua >/dev/null 2>&1
run=$(ls -d "$tmp"/op/*)
like "$(cat "$run/run.json")" '"operator": "Li Si"' "--operator overrides the station's"
h=$(cat "$run/report.html")
like "$h" '<tr><td>20[0-9-]+T[0-9:.]+Z</td><td>op.visual.legible = yes \(answers file\) to: Legible\?</td></tr>' \
	"report.html lists each operator answer with its time and the question it answers"
like "$h" '<td>op.warp.mm = 1.5 \(answers file\) to: Warpage \(mm\)\?</td>' "numeric answers too"
like "$(cat "$run/trace.log")" ' operator answer op.visual.legible = yes \(answers file\)' \
	"trace.log holds the answers (hash-chained evidence)"

# A simulated station never refuses; its report shows the status.
sed 's/^  name: calibrated lab/  name: simulated lab\n  simulated: true/' "$tmp/overdue.yaml" >"$tmp/sim.yaml"
"$BENCH" run --station "$tmp/sim.yaml" --out "$tmp/sim-r" tests/suites/allpass.lua >/dev/null 2>"$tmp/sim.err"
is $? 0 "a simulated station never refuses (no real device is measured)"
like "$(cat "$tmp/sim.err")" 'WARNING: calibration overdue: instrument thermo-1 .*\(simulated station\)' \
	"but warns"
run=$(ls -d "$tmp"/sim-r/*)
h=$(cat "$run/report.html")
like "$h" '<td class="fail">overdue</td>' "its report shows the overdue status"
like "$h" 'Simulated station: no refusal' "and that no refusal applied"
# The default simulated station lists an instrument for each measuring role.
"$BENCH" check --station bench/fixtures/sim.yaml >/dev/null 2>&1
is $? 0 "bench/fixtures/sim.yaml with its instruments checks"
