#!/bin/sh
# A conformant card that answers the other way wherever ISO/IEC 7816-4 or
# GF 61/T PT002-2014 appendix F allow a choice (`simcard --list-variants`;
# bench/fixtures/cards/variants.yaml has them all) passes every card test,
# T=1 and T=0, and so does a card with each variant alone; the TAP
# diagnostics say which choice the card made.
set -u
cd "$(dirname "$0")/.."
. tests/lib/tapcheck.sh
. tests/lib/pcsim.sh
BENCH=$BUILD/bench/bench
D=$(mktemp -d)
PIDS=
trap 'for p in $PIDS; do kill $p 2>/dev/null; done; wait; [ -n "${BENCH_KEEP:-}" ] || rm -rf "$D"' EXIT

NTESTS=$("$BENCH" list suites/card | grep -c '^  card\.')

# lock_keys FILE: adds variants.yaml's LK and BK to a station key file.
lock_keys() {
	printf '%s\n' \
		'  - {role: card, id: ssse.lk, version: 1, algorithm: 3des, usage: maintenance,' \
		'     value: "3E91C5A7260BD84F17A6E2590C3DB875"}' \
		'  - {role: card, id: mf.bk, version: 1, algorithm: 3des, usage: maintenance,' \
		'     value: "A74D1E08C6935F2B8E0174DC52A9B360"}' | sed -i '/^keys:$/r /dev/stdin' "$1"
}

# One run of suites/card on profile $2 in its own private stack; $1 = name.
# variants.yaml's card has appendix C's lock keys: the key file too.
run_card() {
	setup=
	case $2 in */variants.yaml | *county*) setup='lock_keys "$dir/keys.yaml"' ;; esac
	PCSIM_PROFILE=$2 PCSIM_SETUP=$setup pcsim_run "$1" "${3:-}" suites/card
}

passes() { # name what
	rc=$(cat "$D/$1/rc" 2>/dev/null || echo none)
	[ "$rc" = 0 ]
	ok $? "$2: bench run suites/card exits 0 (got $rc)" \
		"$(grep -A14 '^ *not ok' "$D/$1/tap" | head -40; tail -3 "$D/$1/err")"
	npass=$(grep -c '^    ok [0-9]* - card\.' "$D/$1/tap" 2>/dev/null)
	[ "${npass:-0}" -eq "$NTESTS" ]
	ok $? "$2: all $NTESTS card tests pass (got $npass)"
}

"$SIMCARD" --list-variants | cut -f1 >"$D/variants"
[ "$(wc -l <"$D/variants")" -ge 10 ]
ok $? "simcard lists its variants"
for v in $(cat "$D/variants"); do
	grep -q "^  - $v\$" bench/fixtures/cards/variants.yaml
	ok $? "variants.yaml turns on $v"
done

for proto in T=1 T=0; do
	run_card "all$proto" "$PWD/bench/fixtures/cards/variants.yaml" "--protocol $proto"
	passes "all$proto" "every variant, $proto"
done
# The choices are in the report: e.g. 6B00 for an undefined P1, the
# renumbered EF0C, no FCP for EFs.
grep -q 'gr_p1: "9000' "$D/allT=0/tap"
ok $? "GET RESPONSE with P1 01 read as P1 00 (T=0, data pending): passes, noted"
grep -q 'gc_p1: "9000' "$D/allT=1/tap"
ok $? "GET CHALLENGE with P1 01 served (an algorithm it references): passes, noted"
grep -q 'sel_p1_05: "6B00 wrong parameters P1-P2' "$D/allT=1/tap"
ok $? "the diagnostics name the SW chosen for an undefined P1 (6B00)"
grep -q 'reading: "EF0C numbered on 33-36' "$D/allT=1/tap"
ok $? "the diagnostics name the reading of table F.1.8 the card follows"
grep -q 'fcp: "none: SELECT EF05 with P2 04 -> 6B00' "$D/allT=1/tap"
ok $? "the diagnostics say the card declares no FCP"
grep -q 'form: "an: 9 characters, table F.1.1' "$D/allT=1/tap"
ok $? "the diagnostics say the card number is 9 An characters (card-number-an)"
# The same card with its 17-digit number (cn): a county after table A.1.
sed '/^  - card-number-an$/d' bench/fixtures/cards/variants.yaml >"$D/county.yaml"
run_card county "$D/county.yaml"
passes county "every variant but card-number-an"
grep -q 'region: "region 610117 is not in table A.1: taken as a later code of its prefecture 610100' \
	"$D/county/tap"
ok $? "a card number of a county after table A.1 passes, noted (appendix A.2's note)"

# Each variant alone, T=1, four at a time.
n=0
for v in $(cat "$D/variants"); do
	sed "/^# The card's security personalisation/i variants: [$v]" \
		bench/fixtures/cards/default.yaml >"$D/$v.yaml"
	run_card "$v" "$D/$v.yaml" &
	PIDS="$PIDS $!"
	n=$((n + 1))
	if [ $((n % 4)) -eq 0 ]; then wait; PIDS=; fi
done
wait
PIDS=
for v in $(cat "$D/variants"); do
	passes "$v" "variant $v alone"
done
# A card that does not answer VERIFY without data is counted by wrong PINs.
grep -q 'pin_query: "6700: VERIFY without data not answered' "$D/no-pin-query/tap"
ok $? "the diagnostics say the card does not answer VERIFY without data"

done_testing
