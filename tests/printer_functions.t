#!/bin/sh
# suites/printer/functions.lua (打印功能) on the simulated printer. A desktop
# device prints a monochrome card (print-color-mode-supported lists
# monochrome) and a two-page card two-sided (sides-supported lists
# two-sided-long-edge), and the operator sees one colour, and both faces on
# one card; what the operator sees otherwise fails. A printer that offers
# neither over IPP is the operator's question; a portable device, whose
# table makes two-sided printing an optional upgrade, SKIPs that test only.
. "$(dirname "$0")/lib/printer.sh"

SUITE=suites/printer/functions.lua
# answers NAME LINE...: an answers file of its own
answers() {
	f="$d/$1.answers"
	shift
	printf '%s\n' "$@" >"$f"
	echo "$f"
}
YES=$(answers yes "printer.two_sided.both_faces: yes" "printer.two_sided.other_means: yes" \
	"printer.monochrome.one_colour: yes" "printer.monochrome.other_means: yes")
NO=$(answers no "printer.two_sided.both_faces: no" "printer.two_sided.other_means: no" \
	"printer.monochrome.one_colour: no" "printer.monochrome.other_means: no")
# failing NAME: the ids of the run's failing points, sorted, on one line
failing() { id_line fail "$d/$1.tap"; }

pstation good nocard
ANSWERS=$YES prun good 30 "$SUITE"
[ $? -eq 0 ] && [ "$(grep -c '^    ok [0-9]* - printer\.' "$d/good.tap")" -eq 2 ] &&
	! grep -q SKIP "$d/good.tap" &&
	grep -q 'sides_supported: "one-sided, two-sided-long-edge"' "$d/good.tap" &&
	grep -q 'print_color_mode_supported: "auto, color, monochrome"' "$d/good.tap" &&
	grep -q 'Print-Job .*sides=two-sided-long-edge' "$d"/good.out/*/trace.log &&
	grep -q 'Print-Job .*sides=one-sided print-color-mode=monochrome' "$d"/good.out/*/trace.log
ok $? "desktop: monochrome and two-sided over IPP, the operator sees both: pass, each asked" \
	"$d/good.tap"

ANSWERS=$NO prun seen 30 "$SUITE" --station "$d/good.yaml"
[ $? -eq 1 ] && [ "$(failing seen)" = "printer.monochrome printer.two_sided " ] &&
	grep -q 'operator: The card of job .*front printed red and its back blue' "$d/seen.tap" &&
	grep -q 'operator: The card of job .*printed in one colour only' "$d/seen.tap"
ok $? "the operator sees colour, one face or two cards: both tests fail" "$d/seen.tap"

pstation plain nocard "duplex: 0" "monochrome: 0"
ANSWERS=$NO prun plain 30 "$SUITE"
[ $? -eq 1 ] && [ "$(failing plain)" = "printer.monochrome printer.two_sided " ] &&
	grep -q 'lists no two-sided-long-edge or two-sided-short-edge in sides-supported (one-sided)' \
		"$d/plain.tap" &&
	grep -q 'lists no monochrome or .* in print-color-mode-supported (auto, color)' "$d/plain.tap" &&
	! grep -q 'Print-Job' "$d"/plain.out/*/trace.log
ok $? "neither offered over IPP, nor by the device's own means: both fail, nothing printed" \
	"$d/plain.tap"
ANSWERS=$YES prun plain_own 30 "$SUITE" --station "$d/plain.yaml"
[ $? -eq 0 ] && [ "$(grep -c '^    ok [0-9]* - printer\.' "$d/plain_own.tap")" -eq 2 ]
ok $? "neither over IPP, both by the device's own driver (the operator): pass" \
	"$d/plain_own.tap"

CLASS=portable pstation portable nocard "duplex: 0"
ANSWERS=$NO prun portable 30 "$SUITE"
[ $? -eq 1 ] && [ "$(failing portable)" = "printer.monochrome " ] &&
	grep -q 'operator: The card of job .*printed in one colour only' "$d/portable.tap" &&
	grep -q "ok [0-9]* - printer.two_sided: .*# SKIP for desktop|self-service DUTs only (dut_class); this DUT.s class is portable" \
		"$d/portable.tap"
ok $? "portable: two-sided (an optional upgrade, 表2) SKIPs naming the classes; monochrome is asked" \
	"$d/portable.tap"
echo "1..$n"
