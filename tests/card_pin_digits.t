#!/bin/sh
# A PIN the suites derive (bench.keys.temp_pin and its near misses,
# bench.keys.pin_variant) is redacted from every output for the rest of the
# run, wherever its digits appear. The card PIN suite must therefore derive
# none of fewer than 6 digits (docs/keys.md "Redaction"): a 4-digit near
# miss replaced one of 0000..9999 in every later output, so a failing
# test's diagnostic could lose the APDU that broke it (card_defects.t:
# "0084000008 -> ..." of GET CHALLENGE became "008400<pin:...> -> ...").
# suites/card/pin.lua runs on the good simulated card, then
# tests/suites/pin_digits.lua writes every 4- and 5-digit number to the
# trace; each must be there as written.
set -u
cd "$(dirname "$0")/.."
. tests/lib/tapcheck.sh
. tests/lib/pcsim.sh
BENCH=$BUILD/bench/bench
D=$(mktemp -d)
trap 'pcsim_stop; rm -rf "$D"' EXIT

pcsim_start "$D/sim" --connect-wait 3000
ok $? "the simulated card is up"
"$BENCH" run --station "$D/sim/station.yaml" --out "$D/out" suites/card/pin.lua \
	tests/suites/pin_digits.lua >"$D/tap" 2>"$D/err"
rc=$?
[ "$rc" = 0 ]
ok $? "the PIN suite and the numbers pass (exit $rc)" "$(grep 'not ok' "$D/tap" | head -5)"
grep -q 'card.pin.exact' "$D/tap" && ! grep -q '^ *not ok.*card.pin.exact' "$D/tap"
ok $? "card.pin.exact ran (it derives the near misses)"
trace=$(ls "$D"/out/*/trace.log)
grep -o 'digits:[^	]*' "$trace" | sed 's/^digits://' | tr ',' '\n' | grep . >"$D/numbers"
for w in 4 5; do
	n=$(grep -c "^[0-9]\{$w\}\$" "$D/numbers")
	u=$(grep "^[0-9]\{$w\}\$" "$D/numbers" | sort -u | wc -l)
	want=$((w == 4 ? 10000 : 100000))
	[ "$n" = "$want" ] && [ "$u" = "$want" ]
	ok $? "all $want numbers of $w digits are in trace.log as written (got $u)" \
		"$(grep -v '^[0-9]*$' "$D/numbers" | sort -u | head -5)"
done
grep -q '<pin:' "$D/numbers"
[ $? = 1 ]
ok $? "no number was replaced by a PIN label" "$(grep '<pin:' "$D/numbers" | sort -u | head -5)"
pcsim_stop

# A 6-digit holder PIN on a card that takes no other length (variant
# pin-same-length): the temporary PIN has 6 digits, and its 5- and 4-digit
# near misses are not sent (noted), so no 4- or 5-digit number is lost.
sed -e 's/^pin: .*/pin: "739184"/' bench/fixtures/cards/default.yaml >"$D/six.yaml"
echo 'variants: [pin-same-length]' >>"$D/six.yaml"
PCSIM_PROFILE=$D/six.yaml pcsim_start "$D/sim6" --connect-wait 3000
sed -i 's/value: "482916073518"/value: "739184"/' "$D/sim6/keys.yaml"
"$BENCH" run --station "$D/sim6/station.yaml" --out "$D/out6" suites/card/pin.lua \
	tests/suites/pin_digits.lua >"$D/tap6" 2>"$D/err6"
rc=$?
[ "$rc" = 0 ]
ok $? "6-digit PIN, same length only: the PIN suite and the numbers pass (exit $rc)" \
	"$(grep -A12 'not ok' "$D/tap6" | head -30)"
grep -q 'temp_pin: "a 9-digit PIN refused (6A80): the temporary PIN has the holder PIN.s 6 digits"' "$D/tap6" &&
	grep -q 'short2: "not sent: a 4-digit near miss' "$D/tap6"
ok $? "the temporary PIN has 6 digits and the 4-digit near miss is not sent, noted" "$D/tap6"
grep -o 'digits:[^	]*' "$D"/out6/*/trace.log | sed 's/^digits://' | tr ',' '\n' | grep . |
	grep -c '^[0-9]\{4,5\}$' | grep -qx 110000
ok $? "all 110 000 numbers of 4 and 5 digits are in trace.log as written"

done_testing
