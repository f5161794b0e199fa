#!/bin/sh
# bench tail (bench/tail.c): trace.log's latest lines, and with -f each line
# as the run writes it, which `tail -f` cannot follow (the file grows by
# mapped windows of zero bytes that later lines fill: docs/evidence.md).
cd "$(dirname "$0")/.." || exit 1
. tests/lib/tap.sh
tmp=$(mktemp -d)
pid= tpid=
trap '[ -n "$pid" ] && kill -9 "$pid" 2>/dev/null; [ -n "$tpid" ] && kill "$tpid" 2>/dev/null; rm -rf "$tmp"' EXIT
cp "$BENCH" "$tmp/bench" && BENCH=$tmp/bench # the tree may be relinked meanwhile
st=tests/stations/empty.yaml
plan 8

nohash() { tr -d '\0' <"$1" | sed 's/	[0-9a-f]*$//'; }
# wait_for CMD...: up to 10 s for CMD to succeed.
wait_for() { i=0; until "$@" || [ $i -ge 100 ]; do sleep 0.1; i=$((i + 1)); done; "$@"; }
have_trace() { ls "$1"/*/trace.log >/dev/null 2>&1; }
gone() { ! kill -0 "$1" 2>/dev/null; }

# 1. Following a run from its start to its end.
"$BENCH" run --station $st --out "$tmp/r" tests/suites/trace_lines.lua >/dev/null 2>&1 &
pid=$!
wait_for have_trace "$tmp/r"
run=$(ls -d "$tmp"/r/*)
"$BENCH" tail -f -n 1000000 "$run" >"$tmp/followed" 2>"$tmp/tail.err" &
tpid=$!
wait "$pid"
is $? 0 "the run passes"
pid=
wait_for gone "$tpid"
ok $? "bench tail -f ends by itself once the run has ended"
wait "$tpid"
is $? 0 "and exits 0"
tpid=
nohash "$run/trace.log" >"$tmp/want"
cmp -s "$tmp/followed" "$tmp/want"
ok $? "it printed every line of trace.log once, in order, without hash fields ($(wc -l <"$tmp/want") lines)" \
	"$(diff "$tmp/followed" "$tmp/want" | head -5)"

# 2. The last lines.
is "$("$BENCH" tail -n 3 "$run")" "$(tail -3 "$tmp/want")" "bench tail -n 3: the last 3 lines"

# 3. A killed run: its trace ends in zero bytes; tail shows whole lines only.
"$BENCH" run --station $st --out "$tmp/k" tests/suites/trace_lines.lua >/dev/null 2>&1 &
pid=$!
wait_for have_trace "$tmp/k"
sleep 0.5
kill -9 "$pid"
wait "$pid" 2>/dev/null
pid=
run=$(ls -d "$tmp"/k/*)
"$BENCH" tail -n 5 "$run" >"$tmp/killed"
awk -v n=5 'NR == 1 { s = $1 } { if (!/^[0-9]+ [0-9T:.-]+Z [0-9.]+ [a-z]+ / || $1 != s + NR - 1) bad = 1 }
	END { exit bad || NR != n }' "$tmp/killed" && ! tr -d '\n' <"$tmp/killed" | od -An -c | grep -q '\\0'
ok $? "a killed run: 5 whole lines with consecutive numbers, no zero byte" "$(cat "$tmp/killed")"

# 4. Usage errors.
"$BENCH" tail "$tmp/none" 2>"$tmp/err"
like "$?:$(cat "$tmp/err")" "^2:bench tail: .*/none: no trace.log" "no such run directory: exit 2, named"
"$BENCH" tail -n many "$run" 2>/dev/null
is $? 2 "-n many: exit 2"
