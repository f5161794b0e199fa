#!/bin/sh
# Input that is refused, never crashes (issue 14 items 10-16): deep YAML,
# files checked before the first test, station values at check and at run,
# tests that prove nothing, numbers that are not finite, bytes that are not
# text, and what used to be ignored without a word.
cd "$(dirname "$0")/.." || exit 1
. tests/lib/tap.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
empty=tests/stations/empty.yaml
DUT='dut: {maker: a, model: b, serial: c, firmware: d}'
plan 74

# No run directory under $1: the run stopped before its first test.
no_run() { [ ! -d "$1" ] || [ -z "$(ls -A "$1")" ]; }

# 10. Nesting: an error at its line and column, never a stack overflow.
python3 -c "print('station: ' + '[' * 20000 + ']' * 20000)" >"$tmp/deep.yaml"
err=$("$BENCH" check --station "$tmp/deep.yaml" 2>&1)
is $? 2 "20000 nested '[' in a station file: exit 2, no crash"
like "$err" "deep.yaml:1:[0-9]+: maps and lists nest deeper than 64 levels" "and names file:line:col"
err=$("$BENCH" run --station "$tmp/deep.yaml" --out "$tmp/r10" tests/suites/allpass.lua 2>&1)
is $? 2 "the same at run"
python3 -c "
print('x.y:')
for i in range(100): print('  ' * (i + 1) + 'k%d:' % i)" >"$tmp/deepans.yaml"
err=$("$BENCH" run --station $empty --out "$tmp/r10" --answers "$tmp/deepans.yaml" \
	tests/suites/allpass.lua 2>&1)
like "$?: $err" "^2: .*deepans.yaml:[0-9]+:[0-9]+: maps and lists nest deeper than 64 levels" \
	"100 nested maps in an answers file: exit 2 naming file:line:col"
python3 -c "print('x.y: ' + '[' * 20000 + ']' * 20000)" >"$tmp/deepans2.yaml"
"$BENCH" check --answers "$tmp/deepans2.yaml" tests/suites/allpass.lua >/dev/null 2>&1
is $? 2 "20000 nested '[' in an answers file: exit 2, no crash"

# 11. Every file the run needs is checked before the first test: no TAP, no
# run directory, exit 2 naming the station line.
printf 'station: {name: x, lab_key: missing.pem}\n%s\nroles: {}\n' "$DUT" >"$tmp/nolab.yaml"
out=$("$BENCH" run --station "$tmp/nolab.yaml" --out "$tmp/r11" tests/suites/allpass.lua 2>"$tmp/err")
rc=$?
[ $rc -eq 2 ] && [ -z "$out" ] && no_run "$tmp/r11"
ok $? "a missing lab_key: exit 2 before the first test (no TAP, no run directory)" "exit $rc"
like "$(cat "$tmp/err")" "nolab.yaml:1:29: lab_key: lab key .*missing.pem: No such file" \
	"names the station's line and the key"
printf 'not a key\n' >"$tmp/junk.pem"
chmod 600 "$tmp/junk.pem"
printf 'station: {lab_key: junk.pem}\n%s\nroles: {}\n' "$DUT" >"$tmp/junk.yaml"
out=$("$BENCH" run --station "$tmp/junk.yaml" --out "$tmp/r11" tests/suites/allpass.lua 2>"$tmp/err")
rc=$?
[ $rc -eq 2 ] && [ -z "$out" ] && no_run "$tmp/r11"
ok $? "a lab_key that is no private key: exit 2 before the first test" "exit $rc"
like "$(cat "$tmp/err")" "junk.yaml:1:20: lab_key: .*not a PEM private key" "names it"
printf '%s\nroles:\n  ch: {driver: modbus-chamber, host: 192.0.2.1, profile: nope.yaml}\n' "$DUT" \
	>"$tmp/prof.yaml"
out=$("$BENCH" run --station "$tmp/prof.yaml" --out "$tmp/r11" tests/suites/allpass.lua 2>"$tmp/err")
rc=$?
[ $rc -eq 2 ] && [ -z "$out" ] && no_run "$tmp/r11"
ok $? "a chamber profile that does not load: exit 2 before the first test" "exit $rc"
like "$(cat "$tmp/err")" "prof.yaml:3:[0-9]+: role ch: profile: .*nope.yaml" \
	"names the role's profile line"

# 12. bench check --station runs the checks of run: each value at its line.
chk() { # chk NAME EXPECTED-ERROR-REGEX YAML-LINES...: check and run both refuse it
	name=$1 want=$2
	shift 2
	printf '%s\n' "$@" >"$tmp/$name.yaml"
	err=$("$BENCH" check --station "$tmp/$name.yaml" 2>&1)
	rc=$?
	err2=$("$BENCH" run --station "$tmp/$name.yaml" --out "$tmp/r12" tests/suites/allpass.lua \
		2>&1 >/dev/null)
	rc2=$?
	if [ $rc -eq 2 ] && [ $rc2 -eq 2 ] && printf '%s\n' "$err" | grep -Eq -- "$name.yaml:$want" &&
		printf '%s\n' "$err2" | grep -Eq -- "$name.yaml:$want"; then
		ok 0 "check and run refuse $name with its file:line:col"
	else
		ok 1 "check and run refuse $name with its file:line:col"
		printf 'check (%s): %s\nrun (%s): %s\n' "$rc" "$err" "$rc2" "$err2" | sed 's/^/# /'

	fi
}
chk keys_missing "1:17: keys: key file .*nope.yaml" "station: {keys: nope.yaml}" "$DUT" "roles: {}"
cp bench/fixtures/keys/sim-keys.yaml "$tmp/open.keys"
chmod 644 "$tmp/open.keys"
chk keys_0644 "1:17: keys: .*mode 0644" "station: {keys: open.keys}" "$DUT" "roles: {}"
mkdir "$tmp/kdir"
chk keys_dir "1:17: keys: .*not a regular file" "station: {keys: kdir}" "$DUT" "roles: {}"
openssl genpkey -algorithm ed25519 -out "$tmp/open.pem" 2>/dev/null
chmod 644 "$tmp/open.pem"
chk lab_0644 "1:20: lab_key: .*mode 0644" "station: {lab_key: open.pem}" "$DUT" "roles: {}"
chk port "3:[0-9]+: port must be 1..65535, not -5" "$DUT" "roles:" \
	"  r: {driver: modbus-relay, host: 192.0.2.1, port: -5}"
chk unit "3:[0-9]+: unit must be 0..255, not 999" "$DUT" "roles:" \
	"  r: {driver: modbus-relay, host: 192.0.2.1, unit: 999}"
chk timeout "3:[0-9]+: timeout_ms must be 1..600000, not -7" "$DUT" "roles:" \
	"  r: {driver: modbus-sensor, host: 192.0.2.1, timeout_ms: -7}"
chk cards "3:[0-9]+: cards must be 1..1000, not -3" "$DUT" "roles:" \
	"  p: {driver: ipp, uri: 'ipp://192.0.2.1/ipp/print', scan_dir: s, cards: -3}"
chk coil "3:[0-9]+: coil must be 0..65535, not -1" "$DUT" "roles:" \
	"  r: {driver: modbus-relay, host: 192.0.2.1, coil: -1}"
chk count "3:[0-9]+: count must be 1..[0-9]+, not -2" "$DUT" "roles:" \
	"  r: {driver: modbus-relay, host: 192.0.2.1, count: -2}"
chk baud "3:[0-9]+: baud must be 50..4000000, not 99999999999" "$DUT" "roles:" \
	"  s: {driver: modbus-sensor, device: /dev/ttyUSB0, baud: 99999999999}"
chk nohost "3:[0-9]+: role s: needs host: \(TCP\), device: \(RTU\) or sim:" "$DUT" "roles:" \
	"  s: {driver: modbus-sensor}"
chk simreal "3:[0-9]+: role s: sim: on a real station" "$DUT" "roles:" \
	"  s: {driver: modbus-sensor, sim: chamber}"
chk profile "3:[0-9]+: role ch: profile: .*nope.yaml" "$DUT" "roles:" \
	"  ch: {driver: modbus-chamber, host: 192.0.2.1, profile: nope.yaml}"
chk scpi_port "3:[0-9]+: port must be 1..65535, not 70000" "$DUT" "roles:" \
	"  ac: {driver: scpi-ac-source, host: 192.0.2.1, port: 70000}"
chk simname "4:[0-9]+: role c: no simulator named 'nosuch'" "station: {simulated: true}" \
	"$DUT" "roles:" "  c: {driver: pcsc, sim: nosuch}"

# 13. A pass is earned by a check; a selection selects something; ids are
# unique in the run.
cat >"$tmp/nocheck.lua" <<'EOF'
test { id = "nc.empty", title = "makes no check", clause = "self §1", run = function(t) end }
test { id = "nc.loop", title = "checks in a loop that never runs", clause = "self §2",
  run = function(t) for _, v in ipairs({}) do t:ok(v) end end }
test { id = "nc.todo", title = "todo, no check", clause = "self §3", todo = "later",
  run = function(t) end }
test { id = "nc.skip", title = "skips", clause = "self §4", run = function(t) t:skip("n/a") end }
test { id = "nc.note", title = "only a note", clause = "self §5",
  run = function(t) t:note("k", 1) end }
EOF
out=$("$BENCH" run --station $empty --out "$tmp/r13" "$tmp/nocheck.lua" 2>/dev/null)
is $? 1 "a test that makes no check fails the run"
is "$(printf '%s\n' "$out" | tap_counts)" \
	"ok=0 suites=1 tests=5 pass=0 fail=3 skip=1 todo=1 bailout=0 errors=0" \
	"no check made: fail (todo and skip excused)"
like "$out" 'message: "no check made"' "the diagnostic says so"
like "$out" 'at: ".*nocheck.lua:1"' "and names the test's line"
out=$("$BENCH" run --station $empty --out "$tmp/r13f" --filter 'nomatch*' tests/suites/allpass.lua 2>"$tmp/err")
is $? 2 "--filter that matches nothing: exit 2"
like "$(cat "$tmp/err")" "no test matches --filter 'nomatch\*'" "saying so"
no_run "$tmp/r13f"
ok $? "and no run directory (a run of nothing has no evidence to verify)"
cp tests/suites/allpass.lua "$tmp/copy.lua"
err=$("$BENCH" run --station $empty --out "$tmp/r13" tests/suites/allpass.lua "$tmp/copy.lua" 2>&1)
is $? 2 "the same test id in two suite files: exit 2"
like "$err" "copy.lua:1: duplicate test id allpass.one \(first at tests/suites/allpass.lua:1\)" \
	"names both files and lines"
err=$("$BENCH" check tests/suites/allpass.lua "$tmp/copy.lua" 2>&1)
is $? 2 "bench check finds it too"
err=$("$BENCH" run --station $empty --out "$tmp/r13" tests/suites/allpass.lua ./tests/suites/allpass.lua 2>&1)
is $? 2 "one suite named twice: exit 2"
like "$err" "suite named twice" "saying so"

# A run directory whose journal holds no point (killed before its first):
# its reports still build (UBSan flagged html.c's qsort of no entries).
"$BENCH" run --station $empty --out "$tmp/r13e" tests/suites/allpass.lua >/dev/null 2>&1
e13=$(ls -d "$tmp"/r13e/*)
: >"$e13/journal"
err=$("$BENCH" report --unsigned "$e13" 2>&1)
rc=$?
[ $rc -eq 0 ] && ! printf '%s\n' "$err" | grep -q "runtime error"
ok $? "bench report of a run with no point: exit 0, no undefined behaviour" "$err"

# 14. Numbers are finite and in range wherever a user gives one.
for v in inf 1e309 1e308 0x1p2000 1000001; do
	"$BENCH" run --station tests/stations/simulated.yaml --out "$tmp/r14" --time-scale "$v" \
		tests/suites/allpass.lua >/dev/null 2>"$tmp/err"
	is $? 2 "--time-scale $v refused"
done
no_run "$tmp/r14"
ok $? "none of them started a run (run.json would have said \"time_scale\": inf)"
printf 'op.warp.mm: -1e999\n' >"$tmp/inf.answers"
err=$("$BENCH" run --station $empty --out "$tmp/r14" --answers "$tmp/inf.answers" tests/suites/operator.lua 2>&1)
is $? 2 "answers value -1e999 (not a max 2.0 pass): exit 2"
like "$err" "inf.answers:1:13: answer to 'op.warp.mm' must be a finite number, not '-1e999'" "naming it"
printf 'op.warp.mm: nan\n' >"$tmp/nan.answers"
"$BENCH" run --station $empty --out "$tmp/r14" --answers "$tmp/nan.answers" tests/suites/operator.lua >/dev/null 2>&1
is $? 2 "answers value nan: exit 2"
cat >"$tmp/meas.lua" <<'EOF'
test { id = "m.nan", title = "NaN", clause = "self §1",
  run = function(t) t:measure { name = "v", value = 0 / 0, unit = "mm", max = 2 } end }
test { id = "m.inf", title = "inf, no limits", clause = "self §2",
  run = function(t) t:measure { name = "v", value = math.huge, unit = "mm" } end }
test { id = "m.ninf", title = "-inf under a max", clause = "self §3",
  run = function(t) t:measure { name = "v", value = -math.huge, unit = "mm", max = 2 } end }
test { id = "m.str", title = "a string that reads as inf", clause = "self §4",
  run = function(t) t:measure { name = "v", value = "1e999", unit = "mm", max = 2 } end }
test { id = "m.sleep", title = "bench.sleep(nan)", clause = "self §5",
  run = function(t) t:ok(not pcall(bench.sleep, 0 / 0), "refused") end }
EOF
out=$(timeout 60 "$BENCH" run --station $empty --out "$tmp/r14" "$tmp/meas.lua" 2>/dev/null)
is "$(printf '%s\n' "$out" | tap_counts)" \
	"ok=0 suites=1 tests=5 pass=1 fail=4 skip=0 todo=0 bailout=0 errors=0" \
	"NaN and infinite measurements fail, whatever the limits; bench.sleep(NaN) is refused"
like "$out" 'message: "v is not a finite number"' "saying why"
printf '%s\nroles:\n  s: {driver: modbus-sensor, host: 192.0.2.1, scale: 1e309}\n' "$DUT" >"$tmp/scale.yaml"
err=$("$BENCH" check --station "$tmp/scale.yaml" 2>&1)
like "$?: $err" "^2: .*scale.yaml:3:[0-9]+: scale must be a finite number, not '1e309'" \
	"a station number 1e309: exit 2, saying it must be finite"

# 15. Bytes that are not text never break a report.
cat >"$tmp/bytes.lua" <<'EOF'
test { id = "b.bytes", title = "bad \255\254 byte, ESC \27[31m, BEL \7, C1 \194\155", clause = "std \255 §1\1",
  run = function(t)
    t:fail("cut\0here? no")
    t:measure { name = "v\255\1", value = 1, unit = "m\254m", max = 0 }
  end }
EOF
out=$("$BENCH" run --station $empty --out "$tmp/r15" "$tmp/bytes.lua" 2>/dev/null)
run=$(ls -d "$tmp"/r15/*)
[ "$(printf '%s\n' "$out" | tap_counts)" = \
	"ok=0 suites=1 tests=1 pass=0 fail=1 skip=0 todo=0 bailout=0 errors=0" ] &&
	iconv -f UTF-8 -t UTF-8 "$run/results.tap" >/dev/null 2>&1
ok $? "results.tap is valid UTF-8 and valid TAP for a strict parser"
LC_ALL=C grep -q "$(printf '[\001-\010\013-\037\177]')" "$run/results.tap"
is $? 1 "no control character reaches a TAP line"
pat="not ok 1 - b.bytes: bad $(printf '\357\277\275\357\277\275') byte"
like "$out" "$pat"', ESC \\x1B\[31m, BEL \\x07, C1 \\x9B$' \
	"the description: U+FFFD for bad bytes, \\xNN for control characters"
like "$out" 'message: "cut\\\\0here\? no"' "a NUL byte does not cut the message"
cat >"$tmp/nul.lua" <<'EOF'
test { id = "nul.bytes", title = "hex with a NUL inside", clause = "self §1",
  run = function(t) t:bytes("9000\0junk", "9000", "sw") end }
EOF
out2=$("$BENCH" run --station $empty --out "$tmp/r15n" "$tmp/nul.lua" 2>/dev/null)
like "$out2" '^    not ok 1 - nul.bytes' "t:bytes(\"9000\\0junk\", \"9000\") is no pass (cut at the NUL it was)"
xmllint --noout "$run/junit.xml" 2>"$tmp/xml"
ok $? "junit.xml is well-formed" "$(cat "$tmp/xml")"
iconv -f UTF-8 -t UTF-8 "$run/report.html" >/dev/null 2>&1
ok $? "report.html is valid UTF-8"
iconv -f UTF-8 -t UTF-8 "$run/measurements.csv" >/dev/null 2>&1
ok $? "measurements.csv is valid UTF-8"
LC_ALL=C grep -q "$(printf '[\001-\010\013-\037\177]')" "$run/measurements.csv" "$run/junit.xml" \
	"$run/report.html" "$run/run.json"
is $? 1 "no control character in the CSV, junit.xml, report.html or run.json"
"$BENCH" run --station $empty --out "$tmp/r15b" --filter "$(printf '[b\377]*')" \
	"$tmp/bytes.lua" >/dev/null 2>&1
node -e 'JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))' "$(ls -d "$tmp"/r15b/*)/run.json" &&
	iconv -f UTF-8 -t UTF-8 "$(ls -d "$tmp"/r15b/*)/run.json" >/dev/null 2>&1
ok $? "a --filter that is not UTF-8 leaves run.json valid UTF-8 JSON"

# 16. What used to be ignored.
printf '%s\nroles: {}\n---\nroles: {card: {driver: pcsc}}\n' "$DUT" >"$tmp/twodoc.yaml"
err=$("$BENCH" check --station "$tmp/twodoc.yaml" 2>&1)
is $? 2 "a second YAML document in a station file: exit 2"
like "$err" "twodoc.yaml:3:1: a second YAML document" "naming its line"
printf 'op.visual.legible: yes\n---\nop.warp.mm: 1\n' >"$tmp/twodoc.answers"
"$BENCH" run --station $empty --out "$tmp/r16" --answers "$tmp/twodoc.answers" \
	tests/suites/operator.lua >/dev/null 2>&1
is $? 2 "a second YAML document in an answers file: exit 2"
for v in 13x 14.0 " 14" 13abc; do
	"$BENCH" run --station $empty --out "$tmp/r16" --tap-version "$v" tests/suites/allpass.lua \
		>/dev/null 2>&1
	is $? 2 "--tap-version '$v' refused"
done
printf 'op.visual legible: yes\n' >"$tmp/badkey.answers"
err=$("$BENCH" run --station $empty --out "$tmp/r16" --answers "$tmp/badkey.answers" \
	tests/suites/operator.lua 2>&1)
is $? 2 "a malformed answers key: exit 2"
like "$err" "badkey.answers:1:1: answers key 'op.visual legible' is not <test id>.<ask key>" \
	"naming the key and its line"
printf 'op.visual.legible: yes\nop.warp.mm: 1\nop.visul.legible: yes\nop.unanswered.z: yes\n' \
	>"$tmp/typo.answers"
out=$("$BENCH" run --station $empty --out "$tmp/r16" --answers "$tmp/typo.answers" \
	tests/suites/operator.lua 2>"$tmp/err")
like "$(cat "$tmp/err")" "typo.answers:3:1: answer 'op.visul.legible' is for no test of this run" \
	"a key for no test of the run is named (one answers file serves subset runs)"
like "$out" "SKIP operator step: no answer for op.unanswered.x \(the answers file has op.unanswered.z\)" \
	"a test's SKIP for a missing answer names the keys given for it"
"$BENCH" run --station $empty --out "$tmp/r16ro" tests/suites/allpass.lua >/dev/null 2>&1
ro=$(ls -d "$tmp"/r16ro/*)
if unshare -m true 2>/dev/null; then
	err=$(unshare -m sh -c "mount --bind '$ro' '$ro' && mount -o remount,bind,ro '$ro' '$ro' &&
		'$BENCH' resume '$ro'" 2>&1 >/dev/null)
	like "$?: $(printf '%s\n' "$err" | tail -1)" "^2: bench resume: .*: Read-only file system$" \
		"resume of a read-only run directory: exit 2, the last line names the problem"
else
	ok 0 "# SKIP unshare -m needs root"
fi
