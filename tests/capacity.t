#!/bin/sh
# suites/printer/capacity.lua on the simulated printer: hopper and roll
# capacities of DB43/T 3.3 (tables 1-3, row 1) read from the
# printer's IPP records. Each too-small capacity fails its own test, naming
# the attribute and the value; every conformant way of reporting passes;
# what the printer does not count is asked of the operator (docs/printer.md).
. "$(dirname "$0")/lib/printer.sh"

# cstation NAME CLASS SIM-OPTION...: a printer station of that DUT class.
cstation() {
	cname=$1 class=$2
	shift 2
	pstation "$cname" nocard "$@"
	sed -i "s/class: desktop/class: $class/" "$d/$cname.yaml"
}
# crun NAME [ANSWER...]: runs capacity.lua with these answers; rc = exit code.
crun() {
	cname=$1
	shift
	printf '%s\n' "$@" >"$d/answers.yaml"
	prun "$cname" 100 suites/printer/capacity.lua
	rc=$?
}
T=$d/x.tap
# only NAME TEST-ID: TEST-ID is the run's one failing test (exit 1).
only() {
	T=$d/$1.tap
	[ "$rc" -eq 1 ] && [ "$(grep -c '^    not ok' "$T")" -eq 1 ] && grep -q "^    not ok [0-9]* - $2:" "$T"
}
# says NAME TEXT...: the run's TAP holds every TEXT (fixed strings).
says() {
	f=$d/$1.tap
	shift
	for s in "$@"; do grep -qF -- "$s" "$f" || return 1; done
}
passes() { T=$d/$1.tap && [ "$rc" -eq 0 ] && ! grep -q "^    not ok" "$T"; }
skips() { grep -q "^    ok [0-9]* - $2:.*# SKIP $3" "$d/$1.tap"; }

# 1. The default simulated printer, desktop: every reported count passes;
#    table 1 names no reject hopper, so that test says so.
cstation good desktop
crun good
passes good && says good 'printer-input-tray[1]: 150 cards' 'printer-output-tray[1]: 150 cards' \
	'printer-supply[1]: 500 prints' 'printer-supply[2]: 500 prints' &&
	skips good printer.reject_hopper '.*表1-1 (desktop) sets no reject hopper' &&
	pcsv good | grep -q '^printer.input_hopper,input_capacity,150,cards,125,,pass'
ok $? "desktop, PWG records: input, output, ribbon and film counts pass; no reject limit" "$T"

# 2. Each too-small capacity fails its own test, naming attribute and value.
for f in "desktop|input_capacity: 124|printer.input_hopper|printer-input-tray[1]: 124 cards" \
	"desktop|output_capacity: 100|printer.output_hopper|printer-output-tray[1]: 100 cards" \
	"self-service|reject_capacity: 24|printer.reject_hopper|printer-output-tray[2]: 24 cards" \
	"portable|reject_capacity: 29|printer.reject_hopper|printer-output-tray[2]: 29 cards" \
	"portable|input_capacity: 79|printer.input_hopper|printer-input-tray[1]: 79 cards" \
	"desktop|ribbon_prints: 499|printer.ribbon_roll|printer-supply[1]: 499 prints" \
	"self-service|film_prints: 300|printer.film_roll|printer-supply[2]: 300 prints"; do
	class=${f%%|*} rest=${f#*|}
	opt=${rest%%|*} rest=${rest#*|}
	id=${rest%%|*} text=${rest#*|}
	name=$(echo "$class-$opt" | tr -cd 'a-z0-9-')
	cstation "$name" "$class" "$opt"
	crun "$name"
	v=${opt#*: }
	only "$name" "$id" && says "$name" "$text" "got: \"$v "
	ok $? "$class, $opt fails $id alone: '$text'" "$T"
done

# 3. A portable's ribbon limit goes by the ribbon's kind (table 2): 300
#    prints fail a 1/2 YMCKO roll (>= 350) and pass a full YMCKO (>= 250).
cstation half portable "ribbon_kind: 1/2 YMCKO" "ribbon_prints: 300"
crun half
only half printer.ribbon_roll && says half 'ribbon_kind: "1/2 YMCKO (printer-supply[1])"' \
	'expected: ">= 350 prints"'
ok $? "portable, 1/2 YMCKO ribbon of 300 prints fails (>= 350)" "$T"
cstation full portable "ribbon_kind: YMCKO" "ribbon_prints: 250" "input_capacity: 80"
crun full
passes full && pcsv full | grep -q '^printer.ribbon_roll,ribbon_capacity,250,prints,250,,pass' &&
	skips full printer.film_roll '.*表2-1 (portable) sets no transfer film'
ok $? "portable, YMCKO ribbon of 250 prints and an 80-card hopper pass; no film limit" "$T"

# 4. Conformant: stack heights in micrometers behind a manual feed slot, a
#    reject bin named 废卡槽, rolls only in printer-supply (no marker-*).
cstation stack self-service "capacity_style: supply" "input_capacity: 125" "reject_capacity: 25"
crun stack
passes stack && says stack 'printer-input-tray[2]: 125 cards' 'name=废卡槽' \
	'printer-output-tray[2]: 25 cards' 'printer-supply[1]: 500 prints'
ok $? "self-service, capacities as stack heights and printer-supply only: pass" "$T"

# 5. A printer that counts nothing (maxcapacity -2, rolls in percent): each
#    capacity is an operator step; without answers the tests say which
#    answer is missing, with them the answers are judged.
cstation unknown desktop "capacity_style: unknown"
crun unknown
[ "$rc" -eq 0 ] && skips unknown printer.input_hopper 'operator step: no answer for printer.input_hopper.cards' &&
	skips unknown printer.output_hopper 'operator step: no answer for printer.output_hopper.cards' &&
	skips unknown printer.ribbon_roll 'operator step: no answer for printer.ribbon_roll.prints' &&
	skips unknown printer.film_roll 'operator step: no answer for printer.film_roll.prints'
ok $? "nothing counted and no answers: each test names the operator answer it lacks" "$T"
crun unknown "printer.input_hopper.cards: 200" "printer.output_hopper.cards: 150" \
	"printer.ribbon_roll.prints: 500" "printer.film_roll.prints: 600"
passes unknown && says unknown 'maxcapacity -2 (unknown) is no count' 'unit percent is no count of prints' &&
	pcsv unknown | grep -q '^printer.input_hopper,cards,200,cards,125,,pass' &&
	pcsv unknown | grep -q '^printer.film_roll,prints,600,prints,500,,pass'
ok $? "nothing counted, operator answers: pass, the printer's records noted" "$T"
crun unknown "printer.input_hopper.cards: 200" "printer.output_hopper.cards: 150" \
	"printer.ribbon_roll.prints: 400" "printer.film_roll.prints: 600"
only unknown printer.ribbon_roll && says unknown 'got: "400 prints"'
ok $? "nothing counted, the operator counts a 400-print ribbon: printer.ribbon_roll fails" "$T"

# 6. A portable whose ribbon is of no kind it names: the operator says.
cstation kind portable "ribbon_kind: colour" "ribbon_prints: 300"
crun kind "printer.ribbon_roll.half_panel: yes"
only kind printer.ribbon_roll && says kind 'ribbon_kind: "1/2 YMCKO (operator)"'
ok $? "portable, ribbon kind from the operator (1/2 YMCKO): 300 prints fail" "$T"
crun kind "printer.ribbon_roll.half_panel: no"
passes kind && says kind 'ribbon_kind: "YMCKO (operator)"'
ok $? "portable, ribbon kind from the operator (YMCKO): 300 prints pass" "$T"

echo "1..$n"
