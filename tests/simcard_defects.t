#!/bin/sh
# Each `simcard --defect NAME` breaks exactly the behaviour it documents: the
# last answer of a short APDU script (through pcscd + vpcd + scriptor) is the
# defective one, and the good card answers the same script differently.
. "$(dirname "$0")/lib/station.sh"
tmp=$(mktemp -d)
trap 'for s in "$tmp"/*/station.yaml; do [ -f "$s" ] && BENCH_SIM_DIR=${s%/station.yaml}/sim \
	"$BENCH" sim down --station "$s" >/dev/null 2>&1; done; rm -rf "$tmp"' EXIT

PSE=00A404000E315041592E5359532E4444463031
# defect|APDUs (;-separated)|last answer of the good card|last answer with the defect
cases="bad-sw-unknown-ins|00CA000000|6D00|6F00
atr-bad-tck|reset|ATR 3B89800180318053534353494D2D|ATR 3B89800180318053534353494D77
fci-no-84|00A40000023F00|6F0984023F00A5038801019000|6F05A5038801019000
ef05-bad-check-digit|00B2072C00|070961010201000000012F9000|070961010201000000013F9000
select-name-overlong|00A404000F315041592E5359532E444446303158|6A82|6F15840E315041592E5359532E4444463031A5038801019000
ef06-bad-id-check|00B2013400|0812363130313032313939303033303730303234""9000|0812363130313032313939303033303730303230""9000
expiry-before-issue|00B2062C00|0604203401159000|0604202301159000
read-past-end-ok|00A4020002EF07;00B0030000|6B00|9000
wrong-cla-accepted|80A40000023F00|6E00|6F0984023F00A5038801019000
not-in-mf-after-reset|$PSE;reset;00B2072C00|070961010201000000012F9000|6A82
wrong-le-ignored|00B2072C05|6C0B|070961010201000000012F9000
record-not-found-6a82|00B2092C00|6A83|6A82
pin-file-readable|00B2014400|6982|2001319000"

n=0
check() { # name got want
	n=$((n + 1))
	if [ "$2" = "$3" ]; then echo "ok $n - $1"; else
		echo "not ok $n - $1"; echo "#   got:  $2"; echo "#   want: $3"; fi
}
up() { # dir defect...
	d=$1
	shift
	card_station "$d" "$@"
	"$BENCH" sim up --station "$d/station.yaml" 2>"$d/up.err" ||
		{ echo "Bail out! bench sim up ($*): $(cat "$d/up.err")"; exit 1; }
}
last() { echo "$1" | tr ';' '\n' | apdus | tail -n 1; }

up "$tmp/good"
echo "$cases" | while IFS='|' read -r name script good bad; do
	check "good card: $name script answers $good" "$(last "$script")" "$good"
done
"$BENCH" sim down --station "$tmp/good/station.yaml"
n=$(echo "$cases" | wc -l)

echo "$cases" >"$tmp/cases"
while IFS='|' read -r name script good bad; do
	up "$tmp/$name" "$name"
	check "defect $name: answers $bad" "$(last "$script")" "$bad"
	"$BENCH" sim down --station "$tmp/$name/station.yaml"
done <"$tmp/cases"

# challenge-repeats: two GET CHALLENGEs give the same bytes.
up "$tmp/challenge" challenge-repeats
two=$(printf '0084000008\n0084000008\n' | apdus | sort -u | wc -l)
n=$((n + 1))
[ "$two" = 1 ] && echo "ok $n - defect challenge-repeats: same challenge twice" ||
	echo "not ok $n - defect challenge-repeats: $two distinct answers"
"$BENCH" sim down --station "$tmp/challenge/station.yaml"

# --list-defects: name<TAB>what, and every defect above is listed.
list=$("$BENCH_ROOT/$BENCH_BUILD/bench/fixtures/simcard/simcard" --list-defects)
for name in $(echo "$cases" | cut -d'|' -f1) challenge-repeats; do
	n=$((n + 1))
	if echo "$list" | grep -q "^$name	..*"; then echo "ok $n - --list-defects lists $name"; else
		echo "not ok $n - --list-defects lists $name"; fi
done
n=$((n + 1))
if "$BENCH_ROOT/$BENCH_BUILD/bench/fixtures/simcard/simcard" --port 1 --profile x \
	--defect no-such 2>/dev/null; then echo "not ok $n - unknown defect refused"; else
	echo "ok $n - unknown defect refused"; fi
echo "1..$n"
