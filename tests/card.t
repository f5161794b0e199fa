#!/bin/sh
# End to end through real pcscd + vpcd + the simulated card: the good card
# passes every card test (T=1 and T=0), the trace holds every APDU with its
# duration, and a card that is missing or stops answering gives clear
# failing points within the timeout, never a hang or a crash.
set -u
cd "$(dirname "$0")/.."
. tests/lib/tapcheck.sh
. tests/lib/pcsim.sh
BENCH=$BUILD/bench/bench
D=$(mktemp -d)
trap 'pcsim_stop; rm -rf "$D"' EXIT

# Counted from what bench declares: suites build ids in loops too.
NTESTS=$("$BENCH" list suites/card | grep -c '^  card\.')

for proto in T=1 T=0; do
	pcsim_start "$D/$proto" --connect-wait 3000 --protocol "$proto" || exit 1
	out=$D/$proto/out
	"$BENCH" run --station "$D/$proto/station.yaml" --out "$out" suites/card \
		>"$D/$proto/tap" 2>"$D/$proto/err"
	rc=$?
	run=$(ls -d "$out"/*/ | head -1)
	ok $rc "$proto: bench run suites/card exits 0" "$(grep -A12 '^ *not ok' "$D/$proto/tap" | head -40; tail -3 "$D/$proto/err")"
	npass=$(grep -c '^    ok [0-9]* - card\.' "$D/$proto/tap")
	[ "$npass" -eq "$NTESTS" ]
	ok $? "$proto: all $NTESTS card tests pass (got $npass)"
	grep -q ' apdu > 00A40000023F0000 < [0-9A-F]*\(9000\|61[0-9A-F][0-9A-F]\) ([0-9]* us)' "$run/trace.log"
	ok $? "$proto: trace.log has SELECT MF with its answer and duration" "$(head -5 "$run/trace.log")"
	grep -q ' atr > status < 3B[0-9A-F]*' "$run/trace.log"
	ok $? "$proto: trace.log has the ATR"
	if [ "$proto" = T=1 ]; then
		"$BENCH" run --station "$D/$proto/station.yaml" --out "$out.self" \
			tests/suites/card_self.lua >"$D/self.tap" 2>&1
		got="$?:$(grep -c '^    ok [0-9]* - ' "$D/self.tap")"
		[ "$got" = "0:3" ]
		ok $? "a card method on a table, a table in the card's metatable or nil: refused, bench.pcsc expected (exit:points $got)" \
			"$(grep -B2 -A8 'not ok' "$D/self.tap" | head -30)"
	fi
	pcsim_stop
done
# T=0: the select answers came through GET RESPONSE, both raw exchanges traced.
grep -q ' apdu > 00A40000023F0000 < 61[0-9A-F][0-9A-F] (' "$D/T=0/out"/*/trace.log &&
	grep -q ' apdu > 00C00000[0-9A-F][0-9A-F] < 6F' "$D/T=0/out"/*/trace.log
ok $? "T=0: 61xx and the GET RESPONSE are both in the trace"

# No card in the reader: the card tests fail with "no card", quickly.
PCSIM_TIMEOUT_MS=1000 pcsim_start "$D/nocard" --connect-wait 3000 || exit 1
kill "$PCSIM_CARD"
wait "$PCSIM_CARD" 2>/dev/null
PCSIM_CARD=
sleep 0.5
start=$(date +%s)
timeout 60 "$BENCH" run --station "$D/nocard/station.yaml" --out "$D/nocard/out" \
	--filter 'card.select.mf' suites/card/select.lua >"$D/nocard/tap" 2>"$D/nocard/err"
rc=$?
took=$(($(date +%s) - start))
[ $rc -eq 1 ]
ok $? "no card: run exits 1 (got $rc)" "$(cat "$D/nocard/err")"
grep -q 'card removed\|no card' "$D/nocard/tap"
ok $? "no card: the failing point says the card is missing" "$(head -20 "$D/nocard/tap")"
[ $took -lt 20 ]
ok $? "no card: bounded by timeout_ms (took ${took}s)"
pcsim_stop

# A card that stops answering mid-session: transmit is bounded, both where
# the driver cuts the call itself (pcsc_watch.c) and on the worker thread it
# falls back to (BENCH_PCSC_WORKER=1).
cat >"$D/mute.lua" <<'EOS'
test {
  id = "mute.card", title = "card goes mute", clause = "ISO/IEC 7816-3 §7.2", roles = { "card" },
  run = function(t)
    local card = t.roles.card
    t:sw(card:transmit("0084000004"), "9000", "first challenge answered")
    bench.log("the card may go mute now")
    bench.sleep(1)
    card:transmit("0084000004")
  end,
}
EOS
# mute_case NAME HOW [VAR=VALUE...]: the mute card with bench run under
# env; HOW: what the trace must say of the call's end.
mute_case() {
	m=$1 how=$2
	shift 2
	PCSIM_TIMEOUT_MS=1500 pcsim_start "$D/$m" --connect-wait 3000 || exit 1
	# The suite says when on stderr (suites have no file access).
	: >"$D/$m/err"
	( i=0; while ! grep -q 'the card may go mute now' "$D/$m/err" && [ $i -lt 200 ]; do
		sleep 0.05; i=$((i + 1)); done
	  kill -STOP "$PCSIM_CARD" ) &
	stopper=$!
	start=$(date +%s)
	env "$@" timeout 60 "$BENCH" run --station "$D/$m/station.yaml" --out "$D/$m/out" \
		"$D/mute.lua" >"$D/$m/tap" 2>"$D/$m/err"
	rc=$?
	took=$(($(date +%s) - start))
	wait $stopper 2>/dev/null
	[ $rc -eq 1 ]
	ok $? "$m: run exits 1, not a hang or crash (got $rc)" "$(cat "$D/$m/err")"
	grep -q 'no answer within 1500 ms' "$D/$m/tap"
	ok $? "$m: the failing point names the timeout" "$(cat "$D/$m/tap")"
	grep -q 'apdu > 0084000004 < (error' "$D/$m/out"/*/trace.log
	ok $? "$m: the unanswered APDU is in the trace" "$(cat "$D/$m/out"/*/trace.log)"
	grep -q "$how" "$D/$m/out"/*/trace.log
	ok $? "$m: the trace says how the call ended ($how)"
	[ $took -lt 30 ]
	ok $? "$m: bounded (took ${took}s)"
	pcsim_stop
}
mute_case mute 'call cut at its 1500 ms deadline'
mute_case mute-worker 'call abandoned 500 ms after its deadline' BENCH_PCSC_WORKER=1

# Removal while connected: wait_change reports it, the next transmit fails
# naming the removal (not a crash, not a pass).
PCSIM_TIMEOUT_MS=2000 pcsim_start "$D/rm" --connect-wait 3000 || exit 1
cat >"$D/rm.lua" <<'EOS'
test {
  id = "rm.card", title = "card pulled", clause = "ISO/IEC 7816-3 §6.4", roles = { "card" },
  run = function(t)
    local card = t.roles.card
    t:sw(card:transmit("0084000004"), "9000", "challenge before removal")
    t:ok(#card:readers() >= 1, "reader list not empty")
    bench.log("pull the card now")
    t:eq(card:wait_change(10000), "removed", "status change after the card is pulled")
    local ok, err = pcall(card.transmit, card, "0084000004")
    t:ok(not ok, "transmit after removal fails")
    t:note("error", tostring(err))
    t:match(tostring(err), "card removed", "the error names the removal")
  end,
}
EOS
: >"$D/rm/err"
( i=0; while ! grep -q 'pull the card now' "$D/rm/err" && [ $i -lt 200 ]; do
	sleep 0.05; i=$((i + 1)); done
  kill "$PCSIM_CARD" ) &
remover=$!
timeout 60 "$BENCH" run --station "$D/rm/station.yaml" --out "$D/rm/out" "$D/rm.lua" \
	>"$D/rm/tap" 2>"$D/rm/err"
rc=$?
wait $remover 2>/dev/null
ok $rc "removal: detected by wait_change, transmit fails with 'card removed'" "$(cat "$D/rm/tap")"
pcsim_stop

done_testing
