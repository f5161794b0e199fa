#!/bin/sh
# Issuer choices and the answers the standards allow (issue 15 item 7), end
# to end through pcscd + vpcd + the simulated card: the card of
# bench/fixtures/cards/other-choices.yaml makes the other choice wherever the
# standards leave one (challenge for the next command only, another ATR
# after a warm reset, load without PIN, 5 PIN tries, no card unlock, key
# references 81 and 85, purse key index 02, PIN change by ISO/IEC 7816-4's
# CHANGE REFERENCE DATA) and
# answers with the other allowed status words (63C0 at the last try, 9000
# to a verified query, 6A81 for a blocked application, 6982 for a bad MAC):
# it passes suites/card on T=0 and T=1, and the report says which choice
# each test tested. A station that declares no profile: the default card
# passes and the report says nothing was declared. A profile with an
# unknown choice or value is a station error (exit 2, file:line).
set -u
cd "$(dirname "$0")/.."
. tests/lib/tapcheck.sh
. tests/lib/pcsim.sh
BENCH=$BUILD/bench/bench
D=$(mktemp -d)
trap 'pcsim_stop; rm -rf "$D"' EXIT
VARIANTS=$PWD/bench/fixtures/cards/other-choices.yaml

NTESTS=$("$BENCH" list suites/card | grep -c '^  card\.')
# Without a declared card unlock, the two tests that block the whole card
# skip; with a load that needs no PIN, so does card.firewall.pin (no PIN
# state to carry across).
for proto in T=0 T=1; do
	PCSIM_PROFILE=$VARIANTS pcsim_start "$D/$proto" --connect-wait 3000 --protocol "$proto" || exit 1
	# The variant card's DIR opens with UK MF, a key of its own (mf.uk).
	printf '  - {role: card, id: mf.uk, version: 1, algorithm: 3des, usage: external_auth,\n     value: "5B2C8E41D7A3F0966E1D4B7A29C5830F"}\n' |
		sed -i '/^keys:$/r /dev/stdin' "$D/$proto/keys.yaml"
	"$BENCH" run --station "$D/$proto/station.yaml" --out "$D/$proto/out" suites/card \
		>"$D/$proto/tap" 2>"$D/$proto/err"
	rc=$?
	ok $rc "$proto: the variant card passes suites/card" \
		"$(grep -A14 '^ *not ok' "$D/$proto/tap" | head -40; tail -3 "$D/$proto/err")"
	npass=$(grep -c '^    ok [0-9]* - card\.' "$D/$proto/tap")
	nskip=$(grep -c '^    ok [0-9]* - card\..*# SKIP' "$D/$proto/tap")
	[ "$npass" -eq "$NTESTS" ] && [ "$nskip" -eq 3 ] &&
		grep -q '^    ok [0-9]* - card.firewall.pin: .*# SKIP a load needs no PIN (load_pin: not-required)' "$D/$proto/tap"
	ok $? "$proto: all $NTESTS card tests pass, 2 skip for card_unlock: none, 1 for load_pin: not-required (got $npass, $nskip)"
	for c in "challenge: \"next-command" "warm_atr: \"may-differ" "load_pin: \"not-required" \
		"pin_tries: \"5" "card_unlock: \"none" "ext_auth_ref: \"81" "int_auth_ref: \"85" \
		"purse_key_index: \"02" "pin_change: \"00-24-00-00"; do
		grep -q "choice_$c (declared by $VARIANTS)\"" "$D/$proto/tap"
		ok $? "$proto: the report says the tested choice: $c"
	done
	grep -q 'dir_key: "mf.uk (UK MF, appendix F.1.9)"' "$D/$proto/tap" &&
		grep -q 'apdu > 00820082' "$D/$proto"/out/*/trace.log
	ok $? "$proto: the DIR is opened with UK MF (mf.uk, P2 82), not the card master key"
	pcsim_stop
done
diag_of "$D/T=1/tap" card.block.card | grep -q 'card_unlock: none' ||
	grep -q 'card.block.card.*# SKIP .*card_unlock: none' "$D/T=1/tap"
ok $? "the skipped card block names the declared choice"

# No profile declared: every allowed answer passes, and the report says so.
pcsim_start "$D/none" --connect-wait 3000 || exit 1
sed -i '/card_profile:/d' "$D/none/station.yaml"
"$BENCH" run --station "$D/none/station.yaml" --out "$D/none/out" suites/card/choices.lua \
	suites/card/state.lua suites/card/pin.lua >"$D/none/tap" 2>"$D/none/err"
ok $? "no profile declared: choices, state and pin pass" \
	"$(grep -A14 '^ *not ok' "$D/none/tap" | head -40; tail -3 "$D/none/err")"
n=$(grep -c 'choice_[a-z_]*: "not declared: every answer the standards allow is accepted"' \
	"$D/none/tap")
[ "$n" -ge 4 ]
ok $? "no profile declared: the report says so for each choice ($n)"
grep -q 'challenge_observed: "until-used"' "$D/none/tap"
ok $? "no profile declared: the report says what the card did (challenge until-used)"
pcsim_stop

# PIN CHANGE/UNBLOCK has no bytes in GF 61/T §10.4.2: a card that changes
# its PIN by ISO/IEC 7816-4's CHANGE REFERENCE DATA (00 24) and answers
# 6D00 to the social security card's 80 5E is conformant. Undeclared, the
# pin suite finds its coding (no try spent on the unknown one) and says
# which; declared otherwise than the card does, the change fails.
PCSIM_PROFILE=$VARIANTS pcsim_start "$D/iso" --connect-wait 3000 || exit 1
cp "$D/iso/station.yaml" "$D/iso/declared.yaml"
sed -i '/card_profile:/d' "$D/iso/station.yaml"
"$BENCH" run --station "$D/iso/station.yaml" --out "$D/iso/out" suites/card/pin.lua \
	>"$D/iso/tap" 2>"$D/iso/err"
ok $? "an undeclared CHANGE REFERENCE DATA card passes the pin suite" \
	"$(grep -A14 '^ *not ok' "$D/iso/tap" | head -40; tail -3 "$D/iso/err")"
diag_of "$D/iso/tap" card.pin.change | grep -q 'pin_change_observed: "00-24-00-00"'
ok $? "the report says the card took 00 24 00 00"
grep -q '^.* apdu > 805E0100.* < 6D00' "$D/iso"/out/*/trace.log &&
	grep -q '^.* apdu > 00240000.* < 9000' "$D/iso"/out/*/trace.log
ok $? "trace.log: 80 5E answered 6D00, then 00 24 00 00 served" \
	"$(grep -m4 'apdu > \(805E\|0024\)' "$D/iso"/out/*/trace.log)"
sed 's/^  pin_change: .*/  pin_change: 80-5e-01/' "$VARIANTS" >"$D/iso/805e.yaml"
sed -i "s|card_profile: .*|card_profile: $D/iso/805e.yaml|" "$D/iso/declared.yaml"
"$BENCH" run --station "$D/iso/declared.yaml" --out "$D/iso/out2" suites/card/pin.lua \
	>"$D/iso/tap2" 2>"$D/iso/err2"
rc=$?
[ $rc = 1 ] && grep -q '^    not ok [0-9]* - card.pin.change:' "$D/iso/tap2" &&
	diag_of "$D/iso/tap2" card.pin.change | grep -q 'choice_pin_change: "80-5e-01'
ok $? "declared 80-5e-01 on a card that codes 00 24: card.pin.change fails (rc $rc)" \
	"$(grep '^ *\(not \)\?ok [0-9]* - card.pin' "$D/iso/tap2")"
pcsim_stop
# And its CHANGE REFERENCE DATA judged as CHANGE PIN is: one that takes any
# old PIN fails.
PCSIM_PROFILE=$VARIANTS pcsim_start "$D/isod" --connect-wait 3000 \
	--defect change-pin-old-not-checked || exit 1
"$BENCH" run --station "$D/isod/station.yaml" --out "$D/isod/out" suites/card/pin.lua \
	>"$D/isod/tap" 2>"$D/isod/err"
rc=$?
[ $rc = 1 ] && grep -q '^    not ok [0-9]* - card.pin.change_old:' "$D/isod/tap"
ok $? "00 24 taking a wrong old PIN: card.pin.change_old fails (rc $rc)" \
	"$(grep '^ *\(not \)\?ok [0-9]* - card.pin' "$D/isod/tap")"
pcsim_stop
# EMV's PIN CHANGE/UNBLOCK (84 24 00 01/02), the third coding of §10.4.2's
# PIN CHANGE/UNBLOCK: its PIN data is the issuer's, which bench does not
# compute. A card coding the change so (6D00 to 80 5E and to 00 24) is not
# failed: undeclared, a probe with a wrong MAC (P2 03 refused 6A86, P2 01
# answered 6988) finds the coding, and each test that changes the PIN is
# undecided, saying so; declared (pin_change: 84-24-00-01) likewise, with
# no probe. Before, card.pin.change failed such a card.
sed 's/^  pin_change: .*/  pin_change: 84-24-00-01/' bench/fixtures/cards/default.yaml >"$D/emv.yaml"
PCSIM_PROFILE=$D/emv.yaml pcsim_start "$D/emv" --connect-wait 3000 || exit 1
cp "$D/emv/station.yaml" "$D/emv/declared.yaml"
sed -i '/card_profile:/d' "$D/emv/station.yaml"
# undecided FILE: the pin suite's run exited 1, card.pin.change among its
# failing points, and every one of them inconclusive
undecided() {
	nf=$(grep -c '^    not ok [0-9]* - card\.pin' "$1")
	ni=$(grep -c 'decision: "inconclusive"' "$1")
	[ "$rc" = 1 ] && [ "$nf" -ge 1 ] && [ "$nf" = "$ni" ] &&
		grep -q '^    not ok [0-9]* - card.pin.change:' "$1"
}
"$BENCH" run --station "$D/emv/station.yaml" --out "$D/emv/out" suites/card/pin.lua \
	>"$D/emv/tap" 2>"$D/emv/err"
rc=$?
undecided "$D/emv/tap" && diag_of "$D/emv/tap" card.pin.change |
	grep -q "neither coding: 80 5E 01 00 answered 6D00, 00 24 00 00 6D00; 84 24 00 01 answered 6988 to a wrong MAC, P2 03 6A86: the card codes the change as EMV's PIN CHANGE/UNBLOCK"
ok $? "undeclared EMV 84 24 00 01 coding: the change tests undecided, not failed (rc $rc)" \
	"$(grep -A14 '^ *not ok' "$D/emv/tap" | head -60)"
"$BENCH" run --station "$D/emv/declared.yaml" --out "$D/emv/out2" suites/card/pin.lua \
	>"$D/emv/tap2" 2>"$D/emv/err2"
rc=$?
undecided "$D/emv/tap2" && diag_of "$D/emv/tap2" card.pin.change |
	grep -q "the profile declares pin_change 84-24-00-01: EMV's PIN CHANGE/UNBLOCK" &&
	! grep -q 'apdu > 842400\(01\|03\)' "$D/emv"/out2/*/trace.log
ok $? "declared 84-24-00-01: the same, no probe sent (rc $rc)" \
	"$(grep -A14 '^ *not ok' "$D/emv/tap2" | head -60)"
pcsim_stop

# A wrong choice is a station error naming the file and line.
mkdir -p "$D/bad"
cp "$D/none/station.yaml" "$D/bad/station.yaml"
cp "$D/none/keys.yaml" "$D/bad/keys.yaml"
printf 'choices:\n  challenge: sometimes\n' >"$D/bad/profile.yaml"
printf '    card_profile: profile.yaml\n' >>"$D/bad/station.yaml"
"$BENCH" check --station "$D/bad/station.yaml" >/dev/null 2>"$D/bad/err"
rc=$?
[ $rc -eq 2 ] && grep -q 'profile.yaml:2:.*challenge.*sometimes' "$D/bad/err"
ok $? "an unknown choice value: exit 2 at profile.yaml:2 (got $rc)" "$(cat "$D/bad/err")"
printf 'choices:\n  pin_tries: 99\n' >"$D/bad/profile.yaml"
"$BENCH" run --station "$D/bad/station.yaml" --out "$D/bad/out" suites/card/pin.lua \
	>/dev/null 2>"$D/bad/err"
rc=$?
[ $rc -eq 2 ] && grep -q 'profile.yaml:2:.*pin_tries must be 1..15' "$D/bad/err"
ok $? "pin_tries out of range: bench run exits 2 before any device (got $rc)" "$(cat "$D/bad/err")"
printf 'choices:\n  pin_tries: 3\n  purse_key_index: 0\n' >"$D/bad/profile.yaml"
"$BENCH" check --station "$D/bad/station.yaml" >/dev/null 2>"$D/bad/err"
rc=$?
[ $rc -eq 2 ] && grep -q 'profile.yaml:3:.*purse_key_index must be 1..255' "$D/bad/err"
ok $? "purse key index 0 (no key): exit 2 at profile.yaml:3 (got $rc)" "$(cat "$D/bad/err")"

# No SM binary file declared: the block probe is INTERNAL AUTHENTICATE, a
# case 4 command, which a T=0 card answers 61xx before its data (ISO/IEC
# 7816-3 §12.2.4; GF 61/T §10.4.2 "61 La"): served, not refused.
grep -v '^  sm_binary_' bench/fixtures/cards/default.yaml >"$D/nobin.yaml"
PCSIM_PROFILE=$D/nobin.yaml pcsim_start "$D/nobin" --connect-wait 3000 --protocol T=0 || exit 1
"$BENCH" run --station "$D/nobin/station.yaml" --out "$D/nobin/out" suites/card/mac.lua \
	suites/card/block.lua >"$D/nobin/tap" 2>"$D/nobin/err"
rc=$?
[ $rc = 0 ] && grep -q '^    ok [0-9]* - card.mac.block:' "$D/nobin/tap" &&
	! grep -q '^    ok [0-9]* - card.mac.block:.*SKIP' "$D/nobin/tap"
ok $? "T=0, no SM binary file declared: card.mac.block passes with the INTERNAL AUTHENTICATE probe" \
	"$(grep -A14 '^ *not ok' "$D/nobin/tap" | head -30)"
pcsim_stop

done_testing
