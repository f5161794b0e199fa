#!/bin/sh
# Keys and PINs never appear in any output (issue 14 item 4). A hostile suite
# (tests/suites/redact_hostile.lua) tries each way out: secrets in test ids,
# titles, clauses and measurement names (journal, junit.xml, report.html,
# LAVA lines), in t:checkpoint data, through print(), with separators
# between their digits; and tries to get a secret's value into Lua at all
# (the VERIFY APDU, a PIN under secure messaging, the temporary PIN, a
# derivation key's ciphertexts). Every file of the run directory, stdout and
# stderr are grepped for every secret in every separator form
# (tests/lib/leaks.sh). A suite that fails to load and a key file with a
# value where a name belongs must not echo a secret on stderr either.
cd "$(dirname "$0")/.." || exit 1
. tests/lib/tap.sh
. tests/lib/leaks.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp "$BENCH" "$tmp/bench" && BENCH=$tmp/bench # the tree may be relinked meanwhile
plan 24

KMAC=7962D9ECE03D1ACD4C76089DCE131543
DPK=11223344556677888877665544332211
SM4=0123456789ABCDEFFEDCBA9876543210
PIN=482916073518
SECRETS="$(secret_forms $KMAC) $(secret_forms $DPK) $(secret_forms $SM4) $PIN
$(printf %s "$PIN" | od -An -tx1 | tr -d ' \n')"
cat >"$tmp/keys.yaml" <<EOF
keys:
  - {role: card, id: icao.kmac, version: 1, algorithm: 3des, usage: mac, value: "$KMAC"}
  - {role: card, id: purse.dpk, version: 1, algorithm: 3des, usage: purchase, value: "$DPK"}
  - {role: card, id: sm4.test, version: 1, algorithm: sm4, value: "$SM4"}
pins:
  - {role: card, id: holder, value: "$PIN"}
EOF
chmod 600 "$tmp/keys.yaml"
sed 's/^station:/station:\n  keys: keys.yaml/' tests/stations/empty.yaml >"$tmp/st.yaml"
SUITE=tests/suites/redact_hostile.lua

check() { # check STATUS NAME DIAG: ok, with DIAG as comments when it failed
	_st=$1
	ok "$_st" "$2"
	[ "$_st" -eq 0 ] || printf '%s\n' "$3" | head -20 | sed 's/^/# /'
}

# run NAME FILTER [bench run options]: the hostile suite's tests matching
# FILTER into $tmp/NAME (run directory $tmp/NAME/run, stdout, stderr).
run() {
	name=$1 filter=$2
	shift 2
	"$BENCH" run --station "$tmp/st.yaml" --out "$tmp/$name/out" --filter "$filter" "$@" \
		"$SUITE" >"$tmp/$name/stdout" 2>"$tmp/$name/stderr"
	echo $? >"$tmp/$name/rc"
	ln -s "$(ls -d "$tmp/$name"/out/*/ | head -1)" "$tmp/$name/run"
}
for n in meta ckpt print sep rec all; do mkdir "$tmp/$n"; done

run meta 'leak.meta.*' --lava
d=$tmp/meta/run
is "$(leaks "$d/journal")" "" "a key in a test id, title, clause or measurement name: not in the journal"
is "$(leaks "$d/junit.xml")" "" "... not in junit.xml"
is "$(leaks "$d/report.html")" "" "... not in report.html"
is "$(grep LAVA_SIGNAL "$tmp/meta/stdout" >"$tmp/meta/lava"; leaks "$tmp/meta/lava")" "" \
	"... not in the LAVA lines"
grep -q 'TEST_CASE_ID=leak.meta._key_card_icao.kmac_ RESULT=fail' "$tmp/meta/lava"
ok $? "the LAVA test case names the key by its label"
grep -q '<testcase name="leak.meta.&lt;key:card/icao.kmac&gt;: title holding &lt;key:card/purse.dpk&gt;"' \
	"$d/junit.xml"
ok $? "junit.xml names the test by the labels"
is "$(leaks "$d" "$tmp/meta/stdout" "$tmp/meta/stderr")" "" "... nor anywhere in the run"

run ckpt leak.checkpoint
d=$tmp/ckpt/run
is "$(leaks "$d/journal")" "" "t:checkpoint data with keys and PINs: none in the journal"
grep -q '\["pin"\]="\\060pin\\058card\\047holder\\062"' "$d/journal" &&
	grep -q '\["tab"\]="\\060key\\058card\\047icao.kmac\\062"' "$d/journal"
ok $? "the checkpoint holds the labels as strings (a restore gets them back)"

run print leak.print
is "$(leaks "$tmp/print/stdout"; leaks "$tmp/print/stderr")" "" \
	"print() of a key and a PIN: neither on stdout nor on stderr"
# print goes to stderr and the point's diagnostics (docs/suite-api.md), not
# into the TAP stream.
grep -q 'print:	<key:card/icao.kmac>	pin	<pin:card/holder>$' "$tmp/print/stderr"
ok $? "print() shows the labels"

run sep leak.separators
d=$tmp/sep/run
is "$(leaks "$d/results.tap" "$tmp/sep/stdout")" "" \
	"keys and PINs with -, ., _, spaces, colons or tabs between digits: not in the TAP"
is "$(leaks "$d/trace.log" "$tmp/sep/stderr")" "" "... nor in bench.log's trace line and stderr"
is "$(leaks "$d")" "" "... nor anywhere in the run directory"

run rec 'recover.*'
for t in verify_apdu sm_wrap_pin change_pin session_key diversify; do
	grep -q "^    ok [0-9]* - recover.$t:" "$tmp/rec/stdout"
	check $? "recover.$t: the suite cannot get the secret" \
		"$(sed -n "/recover.$t:/,/\.\.\./p" "$tmp/rec/stdout" | head -20)"
done

run all '*'
found=$(leaks "$tmp/all/run" "$tmp/all/stdout" "$tmp/all/stderr")
[ "$(cat "$tmp/all/rc")" = 1 ] && [ -z "$found" ]
check $? "the whole hostile suite (exit 1): no secret in any file of the run, stdout or stderr" \
	"found: $found"

# A suite that fails to load, quoting a key: exit 2, the error without it.
printf 'local k = "%s"\nerror("cannot load with " .. k)\n' "$KMAC" >"$tmp/load.lua"
"$BENCH" run --station "$tmp/st.yaml" --out "$tmp/load" "$tmp/load.lua" >/dev/null 2>"$tmp/load.err"
rc=$?
[ $rc -eq 2 ] && [ -z "$(leaks "$tmp/load.err")" ] && grep -q '<key:card/icao.kmac>' "$tmp/load.err"
ok $? "a load error quoting a key: exit 2, stderr shows the label (got $rc: $(cat "$tmp/load.err"))"

# A key file with a value typed where a field name belongs.
cat >"$tmp/bad.yaml" <<EOF
keys:
  - {role: card, id: k, version: 1, algorithm: 3des, "$KMAC": x}
EOF
chmod 600 "$tmp/bad.yaml"
sed 's/keys.yaml/bad.yaml/' "$tmp/st.yaml" >"$tmp/bad-st.yaml"
"$BENCH" run --station "$tmp/bad-st.yaml" --out "$tmp/bad" "$SUITE" >/dev/null 2>"$tmp/bad.err"
rc=$?
[ $rc -eq 2 ] && [ -z "$(leaks "$tmp/bad.err")" ] && grep -q 'bad.yaml:2:.*unknown field' "$tmp/bad.err"
ok $? "a key file parse error names file:line, never the value (got $rc: $(cat "$tmp/bad.err"))"

# A short PIN: the run says at once that redaction will blank numbers that
# only look like it, naming file:line, never the digits; none for 6+.
cat >"$tmp/short.yaml" <<EOF
pins:
  - {role: card, id: holder, value: "$PIN"}
  - {role: card, id: admin, value: "4071"}
EOF
chmod 600 "$tmp/short.yaml"
sed 's/keys.yaml/short.yaml/' "$tmp/st.yaml" >"$tmp/short-st.yaml"
"$BENCH" run --station "$tmp/short-st.yaml" --out "$tmp/short" bench/perf/one.lua >/dev/null 2>"$tmp/short.err"
grep -q 'short.yaml:3: PIN card/admin has 4 digits' "$tmp/short.err" && ! grep -q '4071' "$tmp/short.err" &&
	[ "$(grep -c 'warning: .*PIN' "$tmp/short.err")" -eq 1 ]
ok $? "a 4-digit PIN is warned about once, by file:line, without its digits ($(grep PIN "$tmp/short.err"))"
"$BENCH" run --station "$tmp/st.yaml" --out "$tmp/long" bench/perf/one.lua >/dev/null 2>"$tmp/long.err"
! grep -q 'warning: .*PIN' "$tmp/long.err"
ok $? "a 12-digit PIN is not"
