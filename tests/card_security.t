#!/bin/sh
# Card security end to end through real pcscd + vpcd + the simulated card
# (GF 61/T PT002-2014 §9.3-§9.7, §11.8; 社会保障卡加载金融功能通用规范 §9.4;
# the security state machine, MACs, issuer choices): the good card passes
# every security suite on T=1 and T=0, no key or PIN value (the PIN has 12
# digits so that no hash or timestamp holds it by chance) from the key file
# reaches any file of the run (the PIN shows as <pin:card/holder>), a
# readable key file is refused with exit 2, and every security defect of
# the card fails the test that targets it, with the exchange in the
# diagnostic and still no secret anywhere in the run directory. The PIN
# goes to the card only in sealed APDUs: VERIFY, PIN UNBLOCK under secure
# messaging, and CHANGE PIN to a temporary PIN (bench.keys.temp_pin) and
# back, which the trace shows with both PINs as labels.
set -u
cd "$(dirname "$0")/.."
. tests/lib/tapcheck.sh
. tests/lib/pcsim.sh
. tests/lib/leaks.sh
BENCH=$BUILD/bench/bench
KEYS=bench/fixtures/keys/sim-keys.yaml
SUITES="suites/card/sm.lua suites/card/auth.lua suites/card/pin.lua suites/card/block.lua
suites/card/firewall.lua suites/card/purse.lua suites/card/state.lua suites/card/mac.lua
suites/card/choices.lua"
D=$(mktemp -d)
PIDS=
trap 'for p in $PIDS; do kill $p 2>/dev/null; done; wait; [ -n "${BENCH_KEEP:-}" ] || rm -rf "$D"' EXIT

target() {
	case $1 in
	sm-mac-not-checked) echo card.sm.bad_mac ;;
	pin-retry-not-decremented) echo card.pin.retry ;;
	pin-counter-not-reset) echo card.pin.reset ;;
	ext-auth-wrong-key-accepted) echo card.auth.external_wrong ;;
	int-auth-wrong-key) echo card.auth.internal ;;
	blocked-app-answers | app-block-spreads) echo card.block.app ;;
	firewall-leak) echo card.firewall.keys ;;
	tac-wrong) echo card.purse.purchase ;;
	balance-not-debited) echo card.purse.purchase ;;
	purchase-over-balance) echo card.purse.over_balance ;;
	load-mac2-not-checked) echo card.purse.load_bad_mac ;;
	pin-prefix-accepted | pin-trailing-ignored) echo card.pin.exact ;;
	change-pin-old-not-checked) echo card.pin.change_old ;;
	pin-tries-reset-by-reset) echo card.state.tries ;;
	pin-counter-wraps) echo card.pin.saturate ;;
	pin-state-survives-reset) echo card.state.pin ;;
	auth-state-survives-select) echo card.state.auth ;;
	challenge-survives-reset | ext-auth-failure-keeps-challenge) echo card.state.challenge ;;
	app-block-lost-on-power-off) echo card.state.app_block ;;
	app-unblock-any-key | card-unlock-app-key) echo card.state.unblock_keys ;;
	sm-mac-partial | sm-challenge-not-consumed) echo card.mac.update ;;
	credit-replay | counter-on-bad-mac2) echo card.mac.load ;;
	debit-replay | purchase-mac1-partial) echo card.mac.purchase ;;
	load-over-max) echo card.mac.limit ;;
	challenge-expires-early) echo card.choice.challenge ;;
	warm-atr-differs) echo card.choice.warm_atr ;;
	load-pin-not-checked) echo card.choice.load_pin ;;
	esac
}
DEFECTS="sm-mac-not-checked pin-retry-not-decremented pin-counter-not-reset
ext-auth-wrong-key-accepted int-auth-wrong-key blocked-app-answers app-block-spreads firewall-leak tac-wrong
balance-not-debited purchase-over-balance load-mac2-not-checked
pin-prefix-accepted pin-trailing-ignored change-pin-old-not-checked pin-tries-reset-by-reset
pin-counter-wraps pin-state-survives-reset auth-state-survives-select challenge-survives-reset
app-block-lost-on-power-off app-unblock-any-key card-unlock-app-key
ext-auth-failure-keeps-challenge sm-mac-partial sm-challenge-not-consumed credit-replay
debit-replay counter-on-bad-mac2 purchase-mac1-partial load-over-max challenge-expires-early
warm-atr-differs load-pin-not-checked"

# Every secret of the key file: each key whole and per 8-byte half, the PIN
# (and its ASCII hex); leaks (tests/lib/leaks.sh) finds them in any
# separator form.
secrets() {
	sed -n 's/.*value: "\([0-9A-Fa-f]*\)".*/\1/p' "$KEYS" | while read -r v; do
		secret_forms "$v"
		case $v in
		*[!0-9]*) ;;
		*) printf '%s' "$v" | od -An -tx1 | tr -d ' \n' && echo ;; # a PIN as ASCII hex
		esac
	done
}
SECRETS=$(secrets)

# One run of the security suites in its own private stack; $1 = name,
# $2 the simulated card's options.
# shellcheck disable=SC2086 # $SUITES: the suite files
run_card() { pcsim_run "$1" "$2" $SUITES; }

[ "$(secrets | wc -l)" -ge 30 ]
ok $? "the key file holds the card's 12 keys and the PIN"

# The good card, both protocols.
NTESTS=$(cat $SUITES | grep -c '^ *id = "card\.')
for proto in T=1 T=0; do
	run_card "good$proto" "--protocol $proto"
	rc=$(cat "$D/good$proto/rc")
	ok "$rc" "$proto: good card passes the security suites" \
		"$(grep -A14 '^ *not ok' "$D/good$proto/tap" | head -40; tail -3 "$D/good$proto/err")"
	npass=$(grep -c '^    ok [0-9]* - card\.' "$D/good$proto/tap")
	[ "$npass" -eq "$NTESTS" ]
	ok $? "$proto: all $NTESTS security tests pass (got $npass)"
	out=$(leaks "$D/good$proto/out"; leaks "$D/good$proto/tap"; leaks "$D/good$proto/err")
	[ -z "$out" ]
	ok $? "$proto: no key or PIN value anywhere in reports/<run>" "found: $out"
done
grep -q 'apdu > 0020000006<pin:card/holder> < 9000' "$D/goodT=1"/out/*/trace.log
ok $? "the VERIFY APDU is traced with the PIN redacted"
# Lc: the 12-digit holder PIN (6 bytes), FF, the 9-digit temporary PIN (5,
# its last nibble the F pad).
for line in '805E01000C<pin:card/holder>FF<pin:card/holder/temp9>F < 9000' \
	'0020000005<pin:card/holder/temp9>F < 9000' \
	'805E01000C<pin:card/holder/temp9>FFF<pin:card/holder> < 9000'; do
	grep -qF "apdu > $line" "$D/goodT=1"/out/*/trace.log
	ok $? "card.pin.change: the trace shows 'apdu > $line' (the temporary PIN redacted)"
done

grep -q 'apdu > 04D69500[0-9A-F]* < 9000' "$D/goodT=1"/out/*/trace.log
ok $? "secure-messaging UPDATE BINARY (CLA 04) is in the trace"

# A key file others may read is refused before any device is touched.
mkdir -p "$D/mode"
cp "$KEYS" "$D/mode/keys.yaml"
chmod 644 "$D/mode/keys.yaml"
printf 'station:\n  name: t\n  keys: keys.yaml\ndut: {maker: a, model: b, serial: c, firmware: d}\nroles:\n  card: {driver: pcsc, reader: "Virtual PCD 00 00"}\n' \
	>"$D/mode/station.yaml"
"$BENCH" run --station "$D/mode/station.yaml" --out "$D/mode/out" suites/card/pin.lua \
	>/dev/null 2>"$D/mode/err"
rc=$?
[ $rc -eq 2 ] && grep -q 'mode 0644' "$D/mode/err"
ok $? "a key file with mode 0644: exit 2 naming the mode (got $rc)" "$(cat "$D/mode/err")"

# Each defect, four at a time.
n=0
for d in $DEFECTS; do
	run_card "$d" "--defect $d" &
	PIDS="$PIDS $!"
	n=$((n + 1))
	if [ $((n % 4)) -eq 0 ]; then wait; PIDS=; fi
done
wait
PIDS=
"$SIMCARD" --list-defects | cut -f1 >"$D/listed"
for d in $DEFECTS; do
	grep -qx "$d" "$D/listed"
	ok $? "$d: simcard lists it"
	rc=$(cat "$D/$d/rc" 2>/dev/null || echo none)
	[ "$rc" = 1 ]
	ok $? "$d: run exits 1 (got $rc)" "$(tail -5 "$D/$d/err" 2>/dev/null)"
	want=$(target "$d")
	failed_ids "$D/$d/tap" | grep -qx "$want"
	ok $? "$d: $want fails" "failed: $(failed_ids "$D/$d/tap" | tr '\n' ' ')"
	diag_of "$D/$d/tap" "$want" | grep -q 'apdu > [0-9A-F<]'
	ok $? "$d: the diagnostic of $want shows the exchange" "$(diag_of "$D/$d/tap" "$want" | head -30)"
	out=$(leaks "$D/$d/out"; leaks "$D/$d/tap")
	[ -z "$out" ]
	ok $? "$d: no key or PIN value in the run directory" "found: $out"
done

# No purse_max declared: a load that would wrap the 4-byte balance is still
# refused by the good card, and accepted by the load-over-max one.
grep -v '^  purse_max:' bench/fixtures/cards/default.yaml >"$D/nomax.yaml"
for d in good load-over-max; do
	opt="--defect $d"
	[ $d = good ] && opt=
	PCSIM_PROFILE=$D/nomax.yaml pcsim_run "nomax-$d" "$opt" suites/card/mac.lua
done
grep -q '^    ok [0-9]* - card.mac.limit' "$D/nomax-good/tap" &&
	grep -q 'apdu > 805000020B01FFFFFFFF' "$D"/nomax-good/out/*/trace.log
ok $? "no purse_max: card.mac.limit still tries the wrapping loads, and passes" \
	"$(grep -A20 'card.mac.limit' "$D/nomax-good/tap" | head -30)"
failed_ids "$D/nomax-load-over-max/tap" | grep -qx card.mac.limit
ok $? "no purse_max: a card whose balance wraps fails card.mac.limit" \
	"failed: $(failed_ids "$D/nomax-load-over-max/tap" | tr '\n' ' ')"

# No SM files declared: the tests that write them SKIP, saying why; the
# block tests probe the application with INTERNAL AUTHENTICATE instead.
grep -v '^  sm_' bench/fixtures/cards/default.yaml >"$D/nosm.yaml"
PCSIM_PROFILE=$D/nosm.yaml pcsim_run nosm "" suites/card/sm.lua suites/card/block.lua
grep -q 'ok [0-9]* - card.sm.case3: .* # SKIP the card profile declares no SSSE binary file' \
	"$D/nosm/tap" &&
	grep -q '^    ok [0-9]* - card.block.app: [^#]*$' "$D/nosm/tap" &&
	grep -q 'apdu > 0088001908[0-9A-F]* < 6A81\|apdu > 0088001908[0-9A-F]* < 6985' \
		"$D"/nosm/out/*/trace.log
ok $? "no sm_* in the profile: card.sm.case3 SKIPs naming why; card.block.app passes, probed by INTERNAL AUTHENTICATE" \
	"$(grep -E 'card.sm.case3|card.block.app' "$D/nosm/tap")"

# The PSE's PIN is its own (the bank's): a key file without one SKIPs the
# tests that need it and never sends the holder PIN there.
PCSIM_SETUP='sed -i "/id: pse,/d" "$dir/keys.yaml"' pcsim_run nopse "" suites/card/purse.lua
grep -q 'ok [0-9]* - card.purse.load: .* # SKIP the key file has no PIN for the financial environment' \
	"$D/nopse/tap" && ! grep -q 'apdu > 00200000' "$D"/nopse/out/*/trace.log
ok $? "no PSE PIN in the key file: the purse tests that need it SKIP; no VERIFY is sent" \
	"$(grep -E 'card.purse' "$D/nopse/tap")"

# No PIN unblock key in the key file: the tests that block the PIN SKIP
# before the first wrong PIN, naming the key; the PIN is never blocked (a
# lab's sample card would be spoilt).
PCSIM_SETUP='sed -i "/id: ssse.pin_unblock,/,+1d" "$dir/keys.yaml"' pcsim_run nopuk "" \
	suites/card/pin.lua suites/card/mac.lua suites/card/state.lua
for id in card.pin.retry card.pin.saturate card.pin.unblock card.mac.pin_unblock \
	card.state.unblock_keys; do
	grep -q "ok [0-9]* - $id: .* # SKIP the key file has no card key ssse.pin_unblock" \
		"$D/nopuk/tap" || echo "$id"
done >"$D/nopuk/unskipped"
[ ! -s "$D/nopuk/unskipped" ] && ! grep -q 'apdu > 00200000.* < \(63C0\|6983\)' "$D"/nopuk/out/*/trace.log
ok $? "no ssse.pin_unblock in the key file: the five tests that block the PIN SKIP, none blocks it" \
	"not skipped: $(cat "$D/nopuk/unskipped"); $(grep -c 'apdu > 00200000' "$D"/nopuk/out/*/trace.log) VERIFYs"

# The card standards give no time for one operation: a card taking 1.1 s
# an answer is measured, not failed; with the lab's max_response_ms of
# 1000 ms it fails.
pcsim_run slow "--fault slow=1100" --filter card.auth.external suites/card/auth.lua
PCSIM_SETUP='pcsim_set "$dir" "max_response_ms: 1000"' pcsim_run slow1000 "--fault slow=1100" \
	--filter card.auth.external suites/card/auth.lua
grep -q '^    ok [0-9]* - card.auth.external:' "$D/slow/tap" &&
	grep -q 'time_limit: "none: the card standards give none' "$D/slow/tap"
ok $? "1.1 s an answer, no max_response_ms: ext_auth_time measured, not judged" \
	"$(head -40 "$D/slow/tap")"
grep -q '^    not ok [0-9]* - card.auth.external:' "$D/slow1000/tap" &&
	grep -q 'ext_auth_time out of limits' "$D/slow1000/tap"
ok $? "with max_response_ms 1000: ext_auth_time fails" "$(head -40 "$D/slow1000/tap")"

# Nor do they give the time of a read: 1.8 s an answer, past the default
# BWT of 1.6 s (which NULL bytes or a waiting time extension restart,
# unseen through PC/SC), is measured, not failed, with the waiting time
# noted. Before, card.timing failed such a card.
PCSIM_SETUP='pcsim_set "$dir" "repeat: 2"' pcsim_run slowtm "--fault slow=1800" \
	--filter card.timing.select_mf suites/card/timing.lua
grep -q '^    ok [0-9]* - card.timing.select_mf:' "$D/slowtm/tap" &&
	grep -q "limit: \"none (no max_response_ms): measured, not judged; ISO/IEC 7816-3's waiting time 16[0-9][0-9] ms" "$D/slowtm/tap"
ok $? "1.8 s a SELECT, no max_response_ms: card.timing measures, the waiting time noted" \
	"$(head -40 "$D/slowtm/tap")"

done_testing
