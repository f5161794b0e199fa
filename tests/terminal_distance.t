#!/bin/sh
# terminal.contactless.distance_other (suites/terminal/distance.lua): the
# read distances again with a card of the other ISO/IEC 14443 type, which
# the operator (tests/lib/operator.py on bench's TTY) puts in the
# actuator's holder and takes out again. Unattended it SKIPs; a reader that
# does not see Type B fails it while the Type A sweep still passes.
set -u
cd "$(dirname "$0")/.." || exit 1
. tests/lib/tapcheck.sh
. tests/lib/terminal.sh
D=$(mktemp -d)
trap 'stations_down "$D" none good onlya; rm -rf "$D"' EXIT

# station NAME RF_FAULTS [--on REGEX SHELL]...: the distance suite on a
# terminal station whose antenna holds a Type A card.
station() {
	_n=$1 _f=$2
	shift 2
	terminal_station "$D/$_n"
	sed -i -e 's/\(contactless: {driver: pcsc, sim: contactless, timeout_ms: 1500\)}/\1, rf_type: A}/' \
		-e "s/field_mm: 60,/field_mm: 60, rf_type: A, rf_faults: [$_f],/" "$D/$_n/station.yaml"
	set -- ${1:+python3 tests/lib/operator.py "$@" --} "$BENCH" run --station "$D/$_n/station.yaml" \
		--out "$D/$_n/out" suites/terminal/distance.lua
	timeout 300 "$@" >"$D/$_n.tap" 2>"$D/$_n.err" </dev/null
}
point() { grep "^    \(not \)\?ok [0-9]* - $2: " "$D/$1.tap"; }
show() { sed -n "/ - $2: /,/^      \.\.\./p" "$D/$1.tap" | head -40; }
# The operator's hands: a card of type $2 into NAME's holder.
put() { echo "echo $2 >'$D/$1/sim/slot-contactless'; echo y"; }

station none ""
point none terminal.contactless.distance_other |
	grep -q '# SKIP operator step: no answer for terminal.contactless.distance_other.in_holder$' &&
	point none terminal.contactless.distance | grep -q '^    ok [0-9]* - [^#]*$'
ok $? "unattended: the Type A sweep passes, the other type needs the operator: SKIP" \
	"$(point none terminal.contactless.distance; point none terminal.contactless.distance_other)"

station good "" --on 'Type B card in' "$(put good B)" --on 'Type A card back' "$(put good A)"
rc=$?
point good terminal.contactless.distance_other | grep -q '^    ok [0-9]* - [^#]*$' &&
	grep -q '^terminal.contactless.distance_other,read_at_40mm,1,' "$D"/good/out/*/measurements.csv &&
	[ "$(cat "$D/good/sim/slot-contactless")" = A ]
ok $? "the operator puts a Type B card in the holder: its sweep passes, rows in measurements.csv, the Type A back (rc $rc)" \
	"$(show good terminal.contactless.distance_other; tail -5 "$D/good.tap")"

station onlya only-a --on 'Type B card in' "$(put onlya B)" --on 'Type A card back' "$(put onlya A)"
rc=$?
[ $rc -eq 1 ] && point onlya terminal.contactless.distance_other | grep -q '^    not ok' &&
	show onlya terminal.contactless.distance_other | grep -q "the Type B card put in the actuator's holder is seen" &&
	point onlya terminal.contactless.distance | grep -q '^    ok'
ok $? "a Type A reader: the Type B card is not seen, distance_other fails; the Type A sweep passes (rc $rc)" \
	"$(show onlya terminal.contactless.distance_other)"
done_testing
