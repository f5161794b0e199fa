#!/bin/sh
# suites/printer/codes.lua (表3-1 卡片打印功能: 条形码、二维码) on the
# simulated printer. A self-service device prints a target card with a QR
# Code and a Code 128, and both decode from its scan to what was printed;
# a head whose ink bleeds along the feed (sim `bleed`) closes the symbols'
# narrow gaps and fails; a scan of the card before this one (its QR Code
# names another job) fails; a scan with no card on it fails as no evidence;
# symbols unread on a scan under 300 dpi are inconclusive (the scanner's,
# perhaps); a desktop or portable device, whose table names no symbols,
# SKIPs; with
# a scanner role the card is scanned over SANE (sane-airscan) and read.
. "$(dirname "$0")/lib/printer.sh"

SUITE=suites/printer/codes.lua
echo "1..9"

CLASS=self-service pstation good nocard
prun good 30 "$SUITE"
[ $? -eq 0 ] && grep -q '^    ok [0-9]* - printer\.codes' "$d/good.tap" &&
	grep -q "symbols: .*QR-Code 'DB43/T 3.3 bench bench-[^ ]* [0-9a-f]\{10\}'" "$d/good.tap" &&
	grep -q "symbols: .*CODE-128 '[0-9A-F]\{10\}'" "$d/good.tap"
ok $? "self-service: the QR Code and the Code 128 read back from the scan: pass" "$d/good.tap"

# What a conformant printer and scanner may do: some dot gain (0.08 mm each
# way), the content turned and sheared a little, a noisy scan (zbar alone
# reads no Code 128 at noise 10 at 1200 dpi: bench reads averaged passes too).
CLASS=self-service pstation rough nocard "bleed: 0.08" "rot: 0.3" "shear: 0.3" "noise: 25"
prun rough 30 "$SUITE"
[ $? -eq 0 ] && grep -q '^    ok [0-9]* - printer\.codes' "$d/rough.tap"
ok $? "dot gain 0.08 mm, 0.3 deg rotation and shear, a noisy scan: still reads, pass" \
	"$d/rough.tap"

CLASS=self-service pstation bleed nocard "bleed: 0.15"
prun bleed 30 "$SUITE"
[ $? -eq 1 ] && grep -q 'not ok [0-9]* - printer\.codes' "$d/bleed.tap" &&
	grep -q 'registration mark unreadable' "$d/bleed.tap" &&
	grep -q "no QR Code read on the scan" "$d/bleed.tap"
ok $? "ink bleeding 0.15 mm along the feed: the symbols do not read, fail" "$d/bleed.tap"

# A scan too coarse to tell: 150 dpi and a little too much bleed; the
# marks read, the symbols do not.
CLASS=self-service pstation coarse nocard "dpi: 150" "bleed: 0.12"
prun coarse 30 "$SUITE"
[ $? -eq 1 ] && grep -q 'decision: "inconclusive"' "$d/coarse.tap" &&
	grep -q 'the QR Code did not read from a scan of 150 dpi, under 300' "$d/coarse.tap" &&
	! grep -q 'check: "the QR Code printed reads back' "$d/coarse.tap"
ok $? "symbols unread on a 150 dpi scan: inconclusive, not a fail of the printer" \
	"$d/coarse.tap"

CLASS=self-service pstation swap nocard "scan_fault: swap"
prun swap 30 suites/printer/registration.lua "$SUITE"
[ $? -eq 1 ] && grep -q 'not ok [0-9]* - printer\.codes' "$d/swap.tap" &&
	grep -A12 'not ok [0-9]* - printer\.codes' "$d/swap.tap" | grep -q 'the scan of another card'

ok $? "the scanner shows the card before this one: fail, naming the other card" "$d/swap.tap"

CLASS=self-service pstation empty nocard "scan_fault: nocard"
prun empty 30 "$SUITE"
[ $? -eq 1 ] && grep -q 'no card in scan' "$d/empty.tap" &&
	! grep -q 'Code 128 printed reads back' "$d/empty.tap"
ok $? "a scan with no card on it: fail as no evidence of the card, no symbol judged" "$d/empty.tap"

pstation desktop nocard
prun desktop 30 "$SUITE"
[ $? -eq 0 ] && grep -q 'ok [0-9]* - printer\.codes: .* # SKIP for self-service DUTs only' "$d/desktop.tap"
ok $? "a desktop device (表1 names no symbols): SKIP" "$d/desktop.tap"

# The lab's scanner over SANE: the simulated eSCL scanner at 600 dpi.
cat >"$d/sane.yaml" <<EOY
station: {name: codes over SANE, simulated: true}
dut: {maker: bench, model: sim printer, serial: P-1, firmware: engine, class: self-service}
roles:
  printer: {driver: ipp, sim: printer, cards: 1}
  scanner: {driver: sane, sim: scanner, resolution: 600, area: [0, 0, 105.6, 74], timeout: 30}
sim:
  printers:
    - {name: printer, print_time: 1, dpi: 1200, dx: 0.3, dy: -0.2, skew: 1}
  scanners:
    - {name: scanner, printer: printer}
EOY
stations="$stations sane"
echo "printer.codes.card_on_scanner: yes" >>"$d/answers.yaml"
prun sane 30 "$SUITE"
[ $? -eq 0 ] && grep -q '^    ok [0-9]* - printer\.codes' "$d/sane.tap" &&
	grep -q 'scan: "scans/printer.codes-bench-.*\.png sha256 [0-9a-f]\{64\}"' "$d/sane.tap"
ok $? "scanned over SANE at 600 dpi after the operator lays the card on the glass: pass" \
	"$d/sane.tap"

# The simulator's bleed is checked with the station: 0..5 mm.
CLASS=self-service pstation badbleed nocard "bleed: -0.2"
"$BENCH" check --station "$d/badbleed.yaml" >/dev/null 2>"$d/badbleed.err"
[ $? -eq 2 ] && grep -q 'badbleed.yaml:[0-9]*:[0-9]*: bleed must be 0..5, not -0.2' "$d/badbleed.err"
ok $? "sim bleed: -0.2 is exit 2 at its line" "$d/badbleed.err"
