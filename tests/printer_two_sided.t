#!/bin/sh
# suites/printer/two_sided.lua on the simulated printer: a desktop device
# prints a two-page card two-sided over IPP (sides-supported lists
# two-sided-long-edge) and the operator sees both faces on one card; what
# the operator sees otherwise fails it. A printer that offers no two-sided
# printing over IPP is the operator's question; a portable device, whose
# table makes two-sided printing an optional upgrade, SKIPs.
. "$(dirname "$0")/lib/printer.sh"

# answers NAME LINE...: an answers file of its own
answers() {
	f="$d/$1.answers"
	shift
	printf '%s\n' "$@" >"$f"
	echo "$f"
}
YES=$(answers yes "printer.two_sided.both_faces: yes" "printer.two_sided.other_means: yes")
NO=$(answers no "printer.two_sided.both_faces: no" "printer.two_sided.other_means: no")

pstation good nocard
ANSWERS=$YES prun good 30 suites/printer/two_sided.lua
[ $? -eq 0 ] && grep -q 'ok 1 - printer.two_sided: .*$' "$d/good.tap" && ! grep -q SKIP "$d/good.tap" &&
	grep -q 'sides_supported: "one-sided, two-sided-long-edge"' "$d/good.tap" &&
	grep -q 'Print-Job .*sides=two-sided-long-edge' "$d"/good.out/*/trace.log
ok $? "desktop, two-sided over IPP, both faces seen: passes; the job asked two-sided-long-edge" \
	"$d/good.tap"

ANSWERS=$NO prun faces 30 suites/printer/two_sided.lua --station "$d/good.yaml"
rc=$?
[ $rc -eq 1 ] && grep -q "not ok 1 - printer.two_sided: .*" "$d/faces.tap" &&
	grep -q 'operator: The card of job .*front printed red and its back blue' "$d/faces.tap"
ok $? "the operator sees one face, or two cards: printer.two_sided fails" "$d/faces.tap"

pstation simplex nocard "duplex: 0"
ANSWERS=$NO prun simplex 30 suites/printer/two_sided.lua
rc=$?
[ $rc -eq 1 ] && grep -q 'sides_supported: "one-sided"' "$d/simplex.tap" &&
	grep -q 'no two-sided printing over IPP (sides-supported: one-sided)' "$d/simplex.tap" &&
	! grep -q 'Print-Job' "$d"/simplex.out/*/trace.log
ok $? "one-sided only over IPP, and not by the device's own means: fails, nothing printed" \
	"$d/simplex.tap"
ANSWERS=$YES prun simplex_own 30 suites/printer/two_sided.lua --station "$d/simplex.yaml"
[ $? -eq 0 ] && grep -q 'ok 1 - printer.two_sided' "$d/simplex_own.tap"
ok $? "one-sided over IPP, both faces by the device's own driver (the operator): passes" \
	"$d/simplex_own.tap"

CLASS=portable pstation portable nocard "duplex: 0"
ANSWERS=$NO prun portable 30 suites/printer/two_sided.lua
[ $? -eq 0 ] &&
	grep -q "ok 1 - printer.two_sided: .*# SKIP for desktop|self-service DUTs only (dut_class); this DUT.s class is portable" \
		"$d/portable.tap"
ok $? "portable (two-sided an optional upgrade, 表2): SKIPs, naming the classes it is for" \
	"$d/portable.tap"
echo "1..$n"
