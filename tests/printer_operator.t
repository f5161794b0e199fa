#!/bin/sh
# suites/printer/operator.lua: each table's operator items for its own DUT
# class. The laminate (卡片覆膜, its peel strength > 6 N/cm, a hard
# laminate module) is 表1's, the desktop device's: a portable or
# self-service device is never asked for it, so one without a laminator is
# not failed. Card cleaning is asked as each table words it.
cd "$(dirname "$0")/.." || exit 1
. tests/lib/tapcheck.sh
BENCH=${BENCH_BUILD:-build}/bench/bench
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# run NAME CLASS ANSWERS: the suite on a station of that DUT class.
run() {
	printf 'station: {name: operator %s, simulated: true}\n' "$1" >"$tmp/$1.yaml"
	printf 'dut: {maker: bench, model: sim, serial: "1", firmware: "1", class: %s}\n' "$2" \
		>>"$tmp/$1.yaml"
	printf 'roles: {}\n' >>"$tmp/$1.yaml"
	printf '%s\n' "$3" >"$tmp/$1.answers"
	"$BENCH" run --station "$tmp/$1.yaml" --out "$tmp/$1" --answers "$tmp/$1.answers" \
		suites/printer/operator.lua >"$tmp/$1.tap" 2>"$tmp/$1.err"
	rc=$?
}
# passed / skipped NAME: the ids of the points that passed (not SKIPped) /
# were SKIPped, sorted, on one line.
passed() { id_line pass "$tmp/$1.tap"; }
skipped() { id_line skip "$tmp/$1.tap"; }

GOOD='printer.warpage.mm: 0.8
printer.laminate_peel.n_per_cm: 7.5
printer.appearance.ok: yes
printer.text_quality.ok: yes
printer.photo_quality.ok: yes
printer.laminate.ok: yes
printer.hard_laminate.ok: yes
printer.cleaning.ok: yes
printer.cleaning_auto.ok: yes'

run desktop desktop "$GOOD"
[ $rc -eq 0 ] && [ "$(passed desktop)" = "printer.appearance printer.cleaning printer.hard_laminate printer.laminate printer.laminate_peel printer.photo_quality printer.text_quality printer.warpage " ] &&
	[ "$(skipped desktop)" = "printer.cleaning_auto " ]
ok $? "desktop: the 8 items of 表1 pass, 表3's automatic cleaning SKIPs" \
	"$(passed desktop) / $(skipped desktop) rc $rc"

# "高于 6N/cm": 6.0 is not higher.
run peel6 desktop "$(printf '%s\n' "$GOOD" | sed 's/n_per_cm: 7.5/n_per_cm: 6/')"
[ $rc -eq 1 ] && [ "$(failed_ids "$tmp/peel6.tap")" = printer.laminate_peel ]
ok $? "desktop, peel strength 6.0 N/cm: printer.laminate_peel fails (higher than 6 asked)" \
	"$(grep -m5 'not ok\|got\|expected' "$tmp/peel6.tap")"

# A portable device without a laminator: the operator would say no to each
# laminate item; they are not its table's, so they SKIP and nothing fails.
NOLAM=$(printf '%s\n' "$GOOD" | sed 's/laminate.ok: yes/laminate.ok: no/; s/n_per_cm: 7.5/n_per_cm: 0/')
run portable portable "$NOLAM"
[ $rc -eq 0 ] && [ "$(passed portable)" = "printer.appearance printer.cleaning printer.photo_quality printer.text_quality printer.warpage " ] &&
	[ "$(skipped portable)" = "printer.cleaning_auto printer.hard_laminate printer.laminate printer.laminate_peel " ]
ok $? "portable without a laminator: the laminate items SKIP (表1's only), the rest pass" \
	"$(passed portable) / $(skipped portable) rc $rc"
grep -q "printer.laminate: .*# SKIP for desktop DUTs only (dut_class); this DUT.s class is portable" \
	"$tmp/portable.tap"
ok $? "... each SKIP names the class it is for" "$(grep SKIP "$tmp/portable.tap")"

run self self-service "$NOLAM"
[ $rc -eq 0 ] && [ "$(passed self)" = "printer.appearance printer.cleaning_auto printer.photo_quality printer.text_quality printer.warpage " ]
ok $? "self-service: 表3's automatic path cleaning is asked, its 5 items pass" \
	"$(passed self) rc $rc"

# The desktop device's own laminate is still judged: a "no" fails it.
run desklam desktop "$(printf '%s\n' "$GOOD" | sed 's/printer.laminate.ok: yes/printer.laminate.ok: no/')"
[ $rc -eq 1 ] && [ "$(failed_ids "$tmp/desklam.tap")" = printer.laminate ]
ok $? "desktop, laminate not flat or complete: printer.laminate fails" \
	"$(grep -m5 'not ok' "$tmp/desklam.tap")"
done_testing
