#!/bin/sh
# A card without an e-purse (GF 61/T PT002-2014 §10.1: a card may carry
# some of the applications only; §11.7 the PSE is optional): the simulated
# card whose profile declares `purse: absent` answers 6D00 to every purse
# command. The purse tests SKIP on it, declared absent or not declared, and
# fail only where the profile the suites read declares `purse: present`.
set -u
cd "$(dirname "$0")/.." || exit 1
. tests/lib/tapcheck.sh
. tests/lib/pcsim.sh
BENCH=$BUILD/bench/bench
D=$(mktemp -d)
trap 'pcsim_stop; [ -n "${BENCH_KEEP:-}" ] || rm -rf "$D"' EXIT
PURSE="card.purse.load card.purse.load_bad_mac card.purse.purchase card.purse.over_balance
card.mac.load card.mac.purchase card.mac.limit card.choice.load_pin"
# with CHOICE FILE: default.yaml with `purse: CHOICE` among its choices
with() {
	sed "s/^choices:\$/choices:\n  purse: $1/" bench/fixtures/cards/default.yaml >"$2"
}
# run NAME PROFILE: the purse, mac and choice suites with PROFILE as the
# card role's card_profile; TAP in $D/NAME.tap, exit code in rc
run() {
	sed "s|^    card_profile: .*|    card_profile: $2|" "$D/sim/station.yaml" >"$D/$1.station.yaml"
	cp "$D/sim/keys.yaml" "$D/keys.yaml"
	"$BENCH" run --station "$D/$1.station.yaml" --out "$D/$1.out" suites/card/purse.lua \
		suites/card/mac.lua suites/card/choices.lua >"$D/$1.tap" 2>"$D/$1.err"
	rc=$?
}
# skipped TAP REASON: every purse test SKIPs with REASON
skipped() {
	for id in $PURSE; do
		grep -q "^    ok [0-9]* - $id:.*# SKIP .*$2" "$1" || { echo "$id"; return 1; }
	done
}

with absent "$D/absent.yaml"
PCSIM_PROFILE=$D/absent.yaml pcsim_start "$D/sim" --connect-wait 3000
ok $? "the simulated card without an e-purse is up"
[ "$(grep -c purse: "$D/absent.yaml")" = 1 ]
ok $? "its profile declares purse: absent"

# passes_skipping NAME PROFILE REASON WHAT: the suites pass with PROFILE as
# card_profile, every purse test SKIPping with REASON
passes_skipping() {
	run "$1" "$2"
	[ "$rc" = 0 ]
	ok $? "$4: the suites pass (exit $rc)" "$(grep 'not ok' "$D/$1.tap" | head -5)"
	skipped "$D/$1.tap" "$3"
	ok $? "... every purse test SKIPs: $3" "$(grep -E 'purse|load_pin' "$D/$1.tap" | head)"
}

passes_skipping absent "$D/absent.yaml" "declares no e-purse" "declared absent"
grep -q "^    ok [0-9]* - card.mac.update:" "$D/absent.tap" &&
	! grep -q "^    ok [0-9]* - card.mac.update:.*SKIP" "$D/absent.tap"
ok $? "... and the tests without the purse still run (card.mac.update passes)"

passes_skipping undeclared "$PWD/bench/fixtures/cards/default.yaml" \
	"no e-purse: GET BALANCE is served neither in the PSE DDF" "not declared"

with present "$D/present.yaml"
run present "$D/present.yaml"
[ "$rc" = 1 ]
ok $? "declared present on a card without one: exit 1 (got $rc)"
# failed TAP: every purse test fails
failed() {
	for id in $PURSE; do
		grep -q "^    not ok [0-9]* - $id:" "$1" || { echo "$id did not fail"; return 1; }
	done
}
failed "$D/present.tap"
ok $? "... every purse test fails" "$(grep -E 'ok.*(purse|load_pin)' "$D/present.tap" | head)"
diag_of "$D/present.tap" card.purse.load | grep -q "an e-purse: GET BALANCE is served neither"
ok $? "... saying no e-purse was found" "$(diag_of "$D/present.tap" card.purse.load | head)"
done_testing
