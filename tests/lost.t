#!/bin/sh
# Losing a device for good bails the run out (exit 3, "Bail out!" with the
# reason, docs/drivers.md "Lost devices"); one missed answer is a failure
# of its test. On a private pcscd + simulated card: pcscd killed -9 (reader
# lost: at once), the card simulator killed or frozen (no answer in 3
# tests in a row), and the card frozen for one call only (one failure, the
# role reconnects and the run goes on).
set -u
cd "$(dirname "$0")/.." || exit 1
. tests/lib/tapcheck.sh
. tests/lib/station.sh
D=$(mktemp -d)
CASES=""
trap 'stations_down "$D" $CASES; rm -rf "$D"' EXIT

# lose CASE HOW: runs tests/suites/lost.lua and, when lost.event says so,
# HOW: kill-pcscd | kill-card | freeze-card | one-miss.
lose() {
	_c=$1
	CASES="$CASES $_c"
	card_station "$D/$_c"
	sed -i 's/card: {driver: pcsc, sim: card}/card: {driver: pcsc, sim: card, timeout_ms: 1000}/' \
		"$D/$_c/station.yaml"
	: >"$D/$_c/err"
	_t0=$(date +%s)
	timeout 120 "$BENCH" run --station "$D/$_c/station.yaml" --out "$D/$_c/out" \
		tests/suites/lost.lua >"$D/$_c/tap" 2>"$D/$_c/err" &
	_b=$!
	_i=0
	while ! grep -q 'lost.event: take the device away now' "$D/$_c/err" && [ $_i -lt 600 ]; do
		sleep 0.05
		_i=$((_i + 1))
	done
	_card=$(cat "$BENCH_SIM_DIR/card-card.pid")
	case $2 in
	kill-pcscd) kill -9 "$(cat "$BENCH_SIM_DIR/pcscd.pid")" ;;
	kill-card) kill -9 "$_card" ;;
	freeze-card) kill -STOP "$_card" ;;
	one-miss)
		kill -STOP "$_card"
		_i=0
		while ! grep -qs 'call cut' "$D/$_c"/out/*/trace.log && [ $_i -lt 200 ]; do
			sleep 0.05
			_i=$((_i + 1))
		done
		kill -CONT "$_card"
		;;
	esac
	wait $_b
	echo $? >"$D/$_c/rc"
	echo $(($(date +%s) - _t0)) >"$D/$_c/took"
	kill -CONT "$_card" 2>/dev/null
}
rc() { cat "$D/$1/rc"; }
fails() { failed_ids "$D/$1/tap" | tr '\n' ' '; }
bail() { grep '^Bail out!' "$D/$1/tap"; }
show() { cat "$D/$1/tap" "$D/$1/err" | tail -40; }

lose pcscd kill-pcscd
[ "$(rc pcscd)" = 3 ] && [ "$(fails pcscd)" = "lost.event " ]
ok $? "pcscd killed: exit 3 after the one test that lost it ($(rc pcscd): $(fails pcscd))" "$(show pcscd)"
bail pcscd | grep -q "^Bail out! role card lost: transmit on reader '.*': reader lost"
ok $? "Bail out! says the card role's reader is lost" "$(bail pcscd)"
run=$(ls -d "$D"/pcscd/out/*/ | head -1)
grep -q '"bail_out": "role card lost: ' "$run/run.json" && grep -q 'BAIL OUT: ' "$run/report.html"
ok $? "run.json and report.html give the bail-out reason"

lose killed kill-card
[ "$(rc killed)" = 3 ] && [ "$(fails killed)" = "lost.event lost.after1 lost.after2 lost.after3 " ]
ok $? "card simulator killed: exit 3 once 3 tests in a row got no answer ($(rc killed): $(fails killed))" "$(show killed)"
bail killed | grep -q "^Bail out! role card lost: no answer in 3 tests in a row (last: .*card removed"
ok $? "Bail out! names the role, the count and the last error" "$(bail killed)"

lose frozen freeze-card
[ "$(rc frozen)" = 3 ] && [ "$(fails frozen)" = "lost.event lost.after1 lost.after2 lost.after3 " ]
ok $? "card frozen: exit 3 once 3 tests in a row got no answer ($(rc frozen): $(fails frozen))" "$(show frozen)"
bail frozen | grep -q "^Bail out! role card lost: no answer in 3 tests in a row (last: .*no answer within 1000 ms)"
ok $? "Bail out! names the timeout" "$(bail frozen)"
[ "$(rc frozen)" = 3 ] && [ "$(cat "$D/frozen/took")" -lt 60 ]
ok $? "the bail-out is bounded by the role's timeouts ($(cat "$D/frozen/took") s)"

lose once one-miss
[ "$(rc once)" = 1 ] && [ "$(fails once)" = "lost.event " ] &&
	[ "$(grep -c '^    ok [0-9]* - lost.after' "$D/once/tap")" = 8 ]
ok $? "one missed answer: its test fails, the 8 after it pass, exit 1 ($(rc once): $(fails once))" "$(show once)"
grep -q 'no answer within 1000 ms' "$D/once/tap" && grep -q ' card new context after the cut call' "$D/once"/out/*/trace.log
ok $? "the failure names the timeout; the role got a new connection to pcscd"

done_testing
