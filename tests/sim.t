#!/bin/sh
# `bench sim up|down|status` on a private state dir: idempotent up, status,
# down kills every process it started, a dead card is restarted by the next
# up, and station errors in the sim: section name file:line:col.
. "$(dirname "$0")/lib/station.sh"
tmp=$(mktemp -d)
trap '"$BENCH" sim down --station "$tmp/station.yaml" >/dev/null 2>&1; [ -n "${BENCH_KEEP:-}" ] || rm -rf "$tmp"' EXIT
card_station "$tmp"
st="$tmp/station.yaml"
n=0
t() { n=$((n + 1)); if eval "$2"; then echo "ok $n - $1"; else echo "not ok $n - $1"; fi; }
pids() { cat "$BENCH_SIM_DIR"/*.pid 2>/dev/null | sort | tr '\n' ' '; }
# "pid:start-time" of each live process, so a pid reused later by another
# program is not mistaken for ours.
stamp() { for p in $*; do [ -r "/proc/$p/stat" ] && echo "$p:$(sed 's/.*) //' "/proc/$p/stat" | cut -d' ' -f20)"; done; }

t "up starts pcscd and the card" '"$BENCH" sim up --station "$st"'
first=$(pids)
first_stamps=$(stamp $first)
t "two processes recorded" '[ $(echo $first | wc -w) = 2 ]'
t "up again is a no-op (same pids)" '"$BENCH" sim up --station "$st" && [ "$(pids)" = "$first" ]'
"$BENCH" sim status --station "$st" >"$tmp/status"
t "status: pcscd running" 'grep -q "^pcscd	running	pid " "$tmp/status"'
t "status: card running in its reader" 'grep -q "^card card	running	.*reader Bench vpcd 0 00 00" "$tmp/status"'
t "the PC/SC socket is private" '[ -S "$BENCH_SIM_DIR/pcscd/pcscd.comm" ]'

card=$(cat "$BENCH_SIM_DIR/card-card.pid")
kill "$card"
sleep 0.3
t "a dead card makes up restart everything" '"$BENCH" sim up --station "$st" && [ "$(pids)" != "$first" ]'
t "the restarted card answers" '[ "$(echo 00A40000023F00 | apdus)" = 6F0984023F00A5038801019000 ]'

all=$(pids)
all_stamps=$(stamp $all)
t "down succeeds" '"$BENCH" sim down --station "$st"'
alive=0
# A zombie waiting for init to reap it counts as gone.
for ps in $first_stamps $all_stamps; do
	p=${ps%%:*}
	[ -r "/proc/$p/stat" ] && [ "$(stamp $p)" = "$ps" ] &&
		! grep -q ') Z' "/proc/$p/stat" 2>/dev/null && {
		alive=1
		echo "# still running after down: $(cat /proc/$p/stat 2>/dev/null | cut -c1-80)" >&2
	}
done
t "no process of the station is left" '[ $alive = 0 ]'
"$BENCH" sim status --station "$st" >"$tmp/status"
t "status after down: stopped" 'grep -q "^pcscd	stopped" "$tmp/status" && grep -q "^card card	stopped" "$tmp/status"'
t "down again is fine" '"$BENCH" sim down --station "$st"'

sed 's/defects: \[\]/defects: [no-such-defect]/' "$st" >"$tmp/bad.yaml"
"$BENCH" sim up --station "$tmp/bad.yaml" 2>"$tmp/err"
rc=$?
t "unknown defect: exit 2" '[ $rc = 2 ]'
t "unknown defect: error at file:line:col" 'grep -q "bad.yaml:[0-9]*:[0-9]*: unknown card defect .no-such-defect." "$tmp/err"'
sed 's/readers: 1/readrs: 1/' "$st" >"$tmp/bad2.yaml"
"$BENCH" sim status --station "$tmp/bad2.yaml" 2>"$tmp/err2"
rc=$?
t "misspelt sim key: exit 2 naming the line" '[ $rc = 2 ] && grep -q "bad2.yaml:[0-9]*:[0-9]*:.*readrs" "$tmp/err2"'
sed 's/reader: 0/reader: 3/' "$st" >"$tmp/bad3.yaml"
"$BENCH" sim up --station "$tmp/bad3.yaml" 2>"$tmp/err3"
rc=$?
t "card in a reader that does not exist: exit 2" '[ $rc = 2 ] && grep -q "reader must be 0..0" "$tmp/err3"'
BENCH_SIMCARD=/bin/false "$BENCH" sim up --station "$st" 2>"$tmp/err4"
rc=$?
t "a card that dies at start: exit 3 naming its log" '[ $rc = 3 ] && grep -q "card-card.log" "$tmp/err4"'
t "... and nothing is left running" '[ -z "$(pids)" ]'
echo "1..$n"
