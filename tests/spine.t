#!/bin/sh
# The runner end to end: verdicts, TAP 14 validity, exit codes, run files,
# station and suite errors with their lines, operator answers, filter.
cd "$(dirname "$0")/.." || exit 1
. tests/lib/tap.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
st=tests/stations/empty.yaml
plan 35

out=$("$BENCH" run --station $st --out "$tmp/r" tests/suites/mixed.lua 2>"$tmp/err")
is $? 1 "a run with a failing test exits 1"
is "$(printf '%s\n' "$out" | tap_counts)" \
	"ok=0 suites=1 tests=7 pass=2 fail=2 skip=2 todo=1 bailout=0 errors=0" \
	"strict TAP 14 parser: counts of pass/fail/skip/todo/error tests"
like "$out" '^    not ok 5 - mixed.error: Lua error$' "a Lua error fails its test"
like "$out" 'traceback: ".*stack traceback' "the Lua traceback is in the diagnostic"
like "$out" '^    not ok 4 - mixed.todo: known failure # TODO fix pending$' "todo directive"
like "$out" "# SKIP role 'card' is not in the station" "a missing role skips, never passes"
like "$out" 'at: "tests/suites/mixed.lua:9"' "a failed check names its suite line"
like "$out" 'got: "6A82"' "got/expected in the diagnostic"
run=$(ls -d "$tmp"/r/*/ | head -1)
cmp -s "$run/results.tap" /dev/stdin <<EOF2
$out
EOF2
ok $? "results.tap is the stdout stream"
like "$(cat "$run/measurements.csv")" '^mixed.measure,read_time,850,ms,,1000,pass,' "measurement in measurements.csv"
like "$(cat "$run/run.json")" '"counts": \{"pass": 2, "fail": 2, "skip": 2, "todo": 1\}' "run.json counts"
like "$(cat "$run/run.json")" '"dut_serial": "SN-0001"' "run.json has the DUT identity"

out=$("$BENCH" run --station $st --out "$tmp/r" tests/suites/allpass.lua 2>/dev/null)
is $? 0 "an all-pass run exits 0"
is "$(printf '%s\n' "$out" | tap_counts)" \
	"ok=1 suites=1 tests=2 pass=2 fail=0 skip=0 todo=0 bailout=0 errors=0" "all pass"

"$BENCH" run --station $st --out "$tmp/r" --tap-version 13 tests/suites/allpass.lua \
	>"$tmp/v13.tap" 2>/dev/null
prove -e cat "$tmp/v13.tap" >"$tmp/prove.out" 2>&1
ok $? "prove (Test::Harness, TAP 13) accepts --tap-version 13 output"

err=$("$BENCH" run --station $st --out "$tmp/r" tests/suites/broken_syntax.lua 2>&1 >/dev/null)
is $? 2 "a suite with a syntax error exits 2"
like "$err" 'broken_syntax.lua:3:' "and names its line"
err=$("$BENCH" check tests/suites/broken_dup.lua 2>&1)
is $? 2 "bench check: duplicate test id exits 2"
like "$err" 'broken_dup.lua:2: duplicate test id dup.one \(first at line 1\)' "names both lines"

printf 'dut:\n  maker: a\n  model: b\n  serial: c\n  firmware: d\nroles:\n  card:\n    drvier: pcsc\n' >"$tmp/bad.yaml"
err=$("$BENCH" run --station "$tmp/bad.yaml" --out "$tmp/r" tests/suites/allpass.lua 2>&1 >/dev/null)
is $? 2 "a station error exits 2"
like "$err" "bad.yaml:8:5: role 'card' has no driver|bad.yaml:7:5: role 'card' has no driver" "and names file:line:col"

printf 'dut:\n  maker: a\n  model: b\n  serial: c\n  firmware: d\nroles:\n  card:\n    driver: pcsc\n    protocol: T=2\n' >"$tmp/badval.yaml"
err=$("$BENCH" check --station "$tmp/badval.yaml" 2>&1)
is $? 2 "a bad driver option value is caught at station load"
like "$err" "badval.yaml:9:15: role card: protocol 'T=2'" "with file:line:col"

err=$("$BENCH" run --time-scale 60 --station $st --out "$tmp/r" tests/suites/allpass.lua 2>&1 >/dev/null)
is $? 2 "--time-scale on a real station is refused with exit 2"

out=$("$BENCH" run --station $st --out "$tmp/r" --filter 'mixed.m*' tests/suites/mixed.lua 2>/dev/null)
is "$(printf '%s\n' "$out" | tap_counts)" \
	"ok=1 suites=1 tests=1 pass=1 fail=0 skip=0 todo=0 bailout=0 errors=0" "--filter selects by id"

printf 'op.visual.legible: yes\nop.warp.mm: 2.5\n' >"$tmp/answers.yaml"
out=$("$BENCH" run --station $st --out "$tmp/r" --answers "$tmp/answers.yaml" tests/suites/operator.lua </dev/null 2>/dev/null)
is "$(printf '%s\n' "$out" | tap_counts)" \
	"ok=0 suites=1 tests=4 pass=1 fail=2 skip=1 todo=0 bailout=0 errors=0" \
	"operator answers: yes passes, 2.5 mm > 2 mm fails, a missing answer skips"
like "$out" 'SKIP operator step: no answer for op.unanswered.x' "the skip says which answer is missing"
like "$out" 'ask y: expect must be true or false' "an expect that is not yes/no fails, never passes silently"

"$BENCH" check --station bench/fixtures/sim.yaml suites/ >/dev/null 2>&1
ok $? "bench check passes on the shipped station and suites"
# The example names the files a lab provides (its key file and lab key):
# check finds them missing here, and passes once they are in place.
err=$("$BENCH" check --station bench/fixtures/lab-example.yaml 2>&1)
like "$?: $err" "^2: .*lab-example.yaml:9:9: keys: key file .*keys/vendor-a.yaml" \
	"the example lab station as shipped: check names the key file a lab must provide"
mkdir "$tmp/lab"
cp bench/fixtures/keys/sim-keys.yaml "$tmp/lab/vendor-a.yaml"
chmod 600 "$tmp/lab/vendor-a.yaml"
openssl genpkey -algorithm ed25519 -out "$tmp/lab/lab.pem" 2>/dev/null
sed -e 's|keys: keys/vendor-a.yaml|keys: vendor-a.yaml|' \
	-e 's|lab_key: /etc/bench/lab-ed25519.pem|lab_key: lab.pem|' \
	-e "s|profile: chambers/sim.yaml|profile: $PWD/bench/fixtures/chambers/sim.yaml|" \
	bench/fixtures/lab-example.yaml >"$tmp/lab/station.yaml"
"$BENCH" check --station "$tmp/lab/station.yaml" >"$tmp/lab/out" 2>&1
ok $? "the example lab station file is valid (with its key files in place)" "$(cat "$tmp/lab/out")"
out=$("$BENCH" run --station $st --out "$tmp/r" tests/suites/notes.lua 2>/dev/null)
is "$(printf '%s\n' "$out" | tap_counts)" \
	"ok=1 suites=1 tests=1 pass=1 fail=0 skip=0 todo=0 bailout=0 errors=0" \
	"a note key given again: still valid TAP and YAML"
notes=$(printf '%s\n' "$out" | sed -n 's/^      \(humidity[_0-9x]*: .*\)/\1/p' | tr '\n' '|')
is "$notes" 'humidity: "control off"|humidity_2: "not controlled"|humidity_3: 80|humidity_x: "another key"|' \
	"the same value once, another as key_2, key_3"
out=$("$BENCH" run --station tests/stations/simulated.yaml --out "$tmp/r" --time-scale 3600 tests/suites/clocks.lua 2>/dev/null)
is $? 0 "time scale 3600: bench.clock() scaled, bench.mono() real"
out=$("$BENCH" run --station tests/stations/simulated.yaml --out "$tmp/r" tests/suites/clocks.lua 2>/dev/null)
is $? 0 "time scale 1: both clocks agree"
