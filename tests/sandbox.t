#!/bin/sh
# Suites run in a sandbox (docs/suite-api.md "Sandbox", bench/engine/sandbox.c):
# no os.exit (a suite cannot end a failed run with exit 0), no io (it cannot
# read the key file), no os.execute/getenv/remove, no debug, no binary
# chunks, require only from its own folders; print goes to the point's
# diagnostics, not into the TAP stream; its Lua heap stops at 256 MB. A
# violation fails its test with the reason at file:line, and the run goes
# on and writes every report.
cd "$(dirname "$0")/.." || exit 1
. tests/lib/tap.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
st=tests/stations/empty.yaml
plan 18
# diag ID: the YAML block of point ID in the TAP on stdin.
diag() { awk -v id="$1" '$0 ~ "^    (not )?ok [0-9]+ - " id ":" { on = 1; next }
	on && /^      \.\.\.$/ { exit } on { print }'; }

out=$(timeout 60 "$BENCH" run --station $st --out "$tmp/ok" tests/suites/sandbox.lua 2>"$tmp/ok.err")
is $? 0 "every refusal holds and what suites need works (exit 0)"
is "$(printf '%s\n' "$out" | tap_counts)" \
	"ok=1 suites=1 tests=4 pass=4 fail=0 skip=0 todo=0 bailout=0 errors=0" \
	"strict TAP: the 4 sandbox tests pass"

out=$(timeout 60 "$BENCH" run --station $st --out "$tmp/esc" tests/suites/sandbox_escape.lua 2>"$tmp/esc.err")
is $? 1 "a failed check then os.exit(0): the run exits 1, not 0"
is "$(printf '%s\n' "$out" | tap_counts)" \
	"ok=0 suites=1 tests=4 pass=2 fail=2 skip=0 todo=0 bailout=0 errors=0" \
	"strict TAP: exit and key-file tests fail, print and the next test pass"
run=$(ls -d "$tmp"/esc/*/ | head -1)
like "$(printf '%s\n' "$out" | diag escape.exit)" \
	'Lua error: tests/suites/sandbox_escape.lua:29: os.exit is not available to suites' \
	"os.exit fails its test, naming the call and its line"
like "$out" 'message: "Lua error: tests/suites/sandbox_escape.lua:8: io.open is not available to suites' \
	"io.open of the key file fails its test, naming the call and its line"
v=$(sed -n 's/.*value: "\([0-9A-F]*\)".*/\1/p' bench/fixtures/keys/sim-keys.yaml | head -1)
[ -n "$v" ] && ! grep -rq "$v" "$run"
ok $? "no key of the key file is in any file of the run"
ls "$run/junit.xml" "$run/report.html" "$run/manifest.json" >/dev/null 2>&1
ok $? "the run wrote junit.xml, report.html and manifest.json"
like "$(cat "$run/run.json")" '"exit_code": 1' "run.json: finished with exit code 1"
! printf '%s\n' "$out" | grep -q '^ok 99 - a line print wrote'
ok $? "print wrote no line into the TAP stream"
like "$out" 'output:' "the point's diagnostics have an output: list"
like "$out" '- "ok 99 - a line print wrote"' "holding the printed line"
like "$(cat "$tmp/esc.err")" 'bench: ok 99 - a line print wrote' "and stderr has it, as bench.log would"
like "$(cat "$run/trace.log")" ' suite ok 99 - a line print wrote' "and trace.log"

# A suite that takes all the memory it can: capped at SUITE_HEAP_MAX, its
# test fails and the next one runs.
out=$(timeout 120 "$BENCH" run --station $st --out "$tmp/mem" tests/suites/sandbox_memory.lua 2>"$tmp/mem.err")
is $? 1 "a suite doubling a string without end: the run exits 1"
like "$(printf '%s\n' "$out" | diag mem.grow)" 'message: "Lua error: not enough memory"' \
	"its test fails with Lua's \"not enough memory\""
like "$out" 'ok 2 - mem.after' "the next test of the same suite passes"

# A suite's top level runs in the sandbox too: a suite error, exit 2.
printf 'os.execute("true")\ntest { id = "x.t", title = "t", clause = "c", run = function() end }\n' \
	>"$tmp/top.lua"
err=$("$BENCH" check "$tmp/top.lua" 2>&1)
is "$?: $err" "2: bench: $tmp/top.lua:1: os.execute is not available to suites (sandbox: docs/suite-api.md)" \
	"bench check: a refused call at load time is a suite error at file:line"
