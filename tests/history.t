#!/bin/sh
# The run history (docs/evidence.md "The run index"): reports/.runs.sqlite
# kept current as runs end (two at once too) and on `bench report`, equal
# to the index rebuilt from the run directories; `bench runs` and its
# filters; index.html with trend plots; a corrupt or unusable index never
# fails a run.
cd "$(dirname "$0")/.." || exit 1
. tests/lib/tap.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
plan 24

st=tests/stations/empty.yaml
sed 's/SN-0001/SN-0002/' $st >"$tmp/second.yaml"
r=$tmp/r
db=$r/.runs.sqlite
# Every table in key order: what "equal indexes" means.
# (Read-only: the sqlite3 shell would make a missing index.)
dump() { for t in meta runs tests clauses measurements; do sqlite3 "file:$1?mode=ro" "SELECT * FROM $t ORDER BY 1, 2"; done; }
q() { sqlite3 "file:$db?mode=ro" "$1"; }

"$BENCH" run --station $st --out "$r" tests/suites/mixed.lua tests/suites/allpass.lua >/dev/null 2>"$tmp/err1"
is "$?:$(ls -A "$r" | grep -c '^\.runs\.sqlite$')" "1:1" "a run with a failing test exits 1 with the index written"
is "$(q 'SELECT dut_serial, dut_model, exit_code, pass, fail, skip, todo FROM runs')" \
	"SN-0001|T-1|1|4|2|2|1" "the run is indexed as it ends: DUT, exit code, counts"
first=$(q 'SELECT id FROM runs')
is "$(q "SELECT verdict FROM tests WHERE test_id = 'mixed.fail'"):$(q "SELECT verdict FROM tests WHERE test_id = 'mixed.skip'")" \
	"fail:skip" "per-test verdicts from the journal"
is "$(q "SELECT clause || '=' || verdict FROM clauses WHERE clause IN ('self §2', 'self §3', 'self §6') ORDER BY clause" | tr '\n' ' ')" \
	"self §2=does not conform self §3=not tested self §6=conforms " \
	"clause verdicts by the report's rules: does not conform, not tested, conforms"
is "$(q 'SELECT count(*) FROM measurements')" "$(($(cat "$r"/*/measurements.csv | wc -l) - 1))" \
	"every row of measurements.csv is indexed"

# Two runs ending at once take turns at the index.
"$BENCH" run --station "$tmp/second.yaml" --out "$r" tests/suites/allpass.lua >/dev/null 2>"$tmp/err2" &
p1=$!
"$BENCH" run --station $st --out "$r" tests/suites/mixed.lua tests/suites/allpass.lua >/dev/null 2>"$tmp/err3" &
p2=$!
wait $p1
c1=$?
wait $p2
is "$c1:$?:$(q 'SELECT count(*) FROM runs'):$(cat "$tmp/err2" "$tmp/err3" | grep -c 'run index')" "0:1:3:0" \
	"two runs ending at once are both indexed, without a warning"
is "$(ls "$r" | wc -l):$(ls -A "$r" | grep -c '^\.runs\.sqlite$')" 3:1 \
	"reports/ lists only the run directories (the index is hidden)"

dump "$db" >"$tmp/live"
"$BENCH" runs --rebuild --out "$r" >/dev/null 2>"$tmp/rb.err"
is $? 0 "bench runs --rebuild"
dump "$db" >"$tmp/rebuilt"
[ "$(wc -l <"$tmp/live")" -gt 30 ] && cmp -s "$tmp/live" "$tmp/rebuilt"
ok $? "the index rebuilt from the run directories equals the live one ($(wc -l <"$tmp/live") rows)"

out=$("$BENCH" runs --out "$r" 2>/dev/null)
is "$(printf '%s\n' "$out" | grep -c '^[0-9]')" 3 "bench runs lists every run"
out=$("$BENCH" runs --out "$r" --dut SN-0002 2>/dev/null)
is "$(printf '%s\n' "$out" | grep '^[0-9]' | awk '{print $3}' | tr '\n' ' ')" "SN-0002 " "--dut lists only that DUT's runs"
out=$("$BENCH" runs --out "$r" --dut SN-0001 2>/dev/null)
like "$out" '^mixed\.fail +F F$' "bench runs compares the runs: each test's verdict in each run"
like "$out" '^mixed\.skip +S S$' "  ... skips as skips"
out=$("$BENCH" runs --out "$r" --test mixed.fail 2>/dev/null)
like "$out" "$first +fail" "--test: each run's verdict of that test"
out=$("$BENCH" runs --out "$r" --test allpass.two 2>/dev/null)
is "$(printf '%s\n' "$out" | grep -c ' pass .*x=0.5 mm')" 3 "--test: the measured values of every run"

html=$r/index.html
like "$(cat "$html" 2>/dev/null)" '<h2>Trends: DUT model T-1</h2>' "index.html: trends per DUT model"
like "$(cat "$html" 2>/dev/null)" '<svg[^>]*>.*' "index.html has a trend plot"
like "$(cat "$html" 2>/dev/null)" 'allpass.two: x' "  ... of each test's measurement"
[ -s "$html" ] && ! grep -qi '<script' "$html"
ok $? "index.html is self-contained: no scripts"

# A corrupt index: the run goes on, says so, and the index is made anew.
echo "not a database" >"$db"
"$BENCH" run --station $st --out "$r" tests/suites/allpass.lua >/dev/null 2>"$tmp/err4"
like "$?:$(tr '\n' ' ' <"$tmp/err4")" '^0:.*run index .*runs.sqlite.*made anew' \
	"a corrupt index never fails the run: stderr says so, it is rebuilt"
is "$(q 'SELECT count(*) FROM runs')" 4 "  ... with every run directory in it"

# bench report re-indexes its run.
sqlite3 "$db" "DELETE FROM runs WHERE id = '$first'"
"$BENCH" report --unsigned "$r/$first" 2>/dev/null
is "$(q "SELECT count(*) FROM runs WHERE id = '$first'")" 1 "bench report puts its run back into the index"

# ... and so does bench resume (of a finished run: its reports rebuilt).
sqlite3 "$db" "DELETE FROM runs WHERE id = '$first'"
"$BENCH" resume "$r/$first" >/dev/null 2>&1
is "$(q "SELECT count(*) FROM runs WHERE id = '$first'")" 1 "bench resume puts its run back into the index"

# An index that cannot be made at all: a warning, never a failed run.
mkdir -p "$tmp/u/.runs.sqlite"
"$BENCH" run --station $st --out "$tmp/u" tests/suites/allpass.lua >/dev/null 2>"$tmp/err5"
like "$?:$(tr '\n' ' ' <"$tmp/err5")" '^0:.*warning: run index not updated' "an index that cannot be written: exit 0 and a warning"
