#!/bin/sh
# A card whose keys are SM4 (GF 61/T PT002-2014 §9.3.3.3 lets an industry
# use SM4; §9.4.1 one algorithm per card): the simulated card with
# `algorithm: sm4` and the same key values as SM4 keys, the station's key
# file saying `algorithm: sm4`. Every card test passes or SKIPs on it, as
# on the 3DES card: authentication data are the leftmost 8 bytes of the
# SM4 block (§9.6.1: 8 bytes), MACs SM4 CBC-MACs with the challenge
# zero-padded to 16 bytes as IV. The key file of the other algorithm fails
# them; an e-purse the bench cannot compute with SM4 keys is inconclusive.
set -u
cd "$(dirname "$0")/.." || exit 1
. tests/lib/tapcheck.sh
. tests/lib/pcsim.sh
BENCH=$BUILD/bench/bench
D=$(mktemp -d)
trap 'pcsim_stop; [ -n "${BENCH_KEEP:-}" ] || rm -rf "$D"' EXIT

# The default card, SM4, without an e-purse (the simulated one is 3DES).
{
	echo "algorithm: sm4"
	sed "s/^choices:\$/choices:\n  purse: absent/" bench/fixtures/cards/default.yaml
} >"$D/sm4.yaml"
sed 's/algorithm: 3des/algorithm: sm4/' bench/fixtures/keys/sim-keys.yaml >"$D/sm4-keys.yaml"
chmod 600 "$D/sm4-keys.yaml"

# run NAME KEYS SUITE...: the suites with key file KEYS; TAP in $D/NAME.tap
run() {
	_n=$1 _k=$2
	shift 2
	cp "$_k" "$D/sim/keys.yaml"
	"$BENCH" run --station "$D/sim/station.yaml" --out "$D/$_n.out" "$@" >"$D/$_n.tap" \
		2>"$D/$_n.err"
	rc=$?
}

PCSIM_PROFILE=$D/sm4.yaml pcsim_start "$D/sim" --connect-wait 3000
ok $? "the simulated SM4 card is up"

NTESTS=$("$BENCH" list suites/card | grep -c '^  card\.')
run sm4 "$D/sm4-keys.yaml" suites/card
[ "$rc" = 0 ]
ok $? "suites/card on the SM4 card with SM4 keys: exit 0 (got $rc)" \
	"$(grep -A12 '^ *not ok' "$D/sm4.tap" | head -30; tail -3 "$D/sm4.err")"
npass=$(grep -c '^    ok [0-9]* - card\.' "$D/sm4.tap")
other=$(grep '# SKIP' "$D/sm4.tap" | grep -vc 'declares no e-purse')
[ "$npass" -eq "$NTESTS" ] && [ "$other" = 0 ]
ok $? "... all $NTESTS card tests ok (got $npass); the only SKIPs the e-purse's" \
	"$(grep '# SKIP' "$D/sm4.tap" | grep -v 'declares no e-purse')"
for id in card.auth.external card.auth.internal card.sm.case3 card.sm.case4 card.mac.pin_unblock \
	card.firewall.keys card.pin.unblock; do
	grep -q "^    ok [0-9]* - $id:" "$D/sm4.tap" && ! grep -q "^    ok [0-9]* - $id:.*SKIP" "$D/sm4.tap"
	ok $? "... $id runs and passes" "$(grep " - $id:" "$D/sm4.tap")"
done

# The 3DES key file on the SM4 card: same key bytes, the other algorithm.
run tdes "$PWD/bench/fixtures/keys/sim-keys.yaml" suites/card/auth.lua suites/card/sm.lua
[ "$rc" = 1 ]
ok $? "the 3DES key file on the SM4 card: exit 1 (got $rc)"
for id in card.auth.external card.auth.internal card.sm.case3; do
	grep -q "^    not ok [0-9]* - $id:" "$D/tdes.tap"
	ok $? "... $id fails" "$(grep " - $id:" "$D/tdes.tap")"
done
pcsim_stop

# The 3DES card with its e-purse, the key file saying its purse keys are
# SM4: bench cannot compute the purse's MACs, so it cannot decide.
PCSIM_PROFILE=$PWD/bench/fixtures/cards/default.yaml pcsim_start "$D/sim" --connect-wait 3000
sed '/id: pse\.\(load\|purchase\|tac\)/s/algorithm: 3des/algorithm: sm4/' \
	bench/fixtures/keys/sim-keys.yaml >"$D/pse-sm4.yaml"
run purse "$D/pse-sm4.yaml" suites/card/purse.lua
[ "$rc" = 1 ]
ok $? "SM4 purse keys: suites/card/purse.lua exits 1 (got $rc)"
diag_of "$D/purse.tap" card.purse.load | grep -q 'decision: "\{0,1\}inconclusive'
ok $? "... card.purse.load is inconclusive, not a failure" "$(diag_of "$D/purse.tap" card.purse.load)"
diag_of "$D/purse.tap" card.purse.load | grep -q "pse.load is sm4: bench computes the e-purse"
ok $? "... saying which key and why"
pcsim_stop

# The simulated card's own rules for SM4.
sed '/^  purse: absent$/d' "$D/sm4.yaml" >"$D/sm4-purse.yaml"
"$SIMCARD" --port 1 --profile "$D/sm4-purse.yaml" >"$D/bad.out" 2>&1
rc=$?
[ "$rc" = 2 ] && grep -q "algorithm sm4 needs the choice purse: absent" "$D/bad.out"
ok $? "simcard refuses an SM4 profile with an e-purse (exit $rc)" "$(cat "$D/bad.out")"
sed 's/^algorithm: sm4$/algorithm: aes/' "$D/sm4.yaml" >"$D/aes.yaml"
"$SIMCARD" --port 1 --profile "$D/aes.yaml" >"$D/aes.out" 2>&1
rc=$?
[ "$rc" = 2 ] && grep -q "aes.yaml:1.*algorithm must be 3des or sm4" "$D/aes.out"
ok $? "... and an unknown algorithm at its line (exit $rc)" "$(cat "$D/aes.out")"
done_testing
