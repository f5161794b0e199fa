#!/bin/sh
# suites/terminal/codes.lua (DB43/T 3.3 表4 (10)): each symbology rendered
# with libzint, shown on the simulated station's screen, read by the
# simulated scanner (zbar) and sent over a real pty. A good scanner passes,
# also one set to send AIM identifiers; a scanner misreading EAN-8 fails
# that test only, with both texts; one that reads no QR fails on the
# timeout; a role without a display SKIPs.
set -u
cd "$(dirname "$0")/.."
. tests/lib/tapcheck.sh
. tests/lib/station.sh
D=$(mktemp -d)
trap 'stations_down "$D" good aim mis; rm -rf "$D"' EXIT

# station NAME FAULTS AIM
station() {
	mkdir -p "$D/$1/sim"
	cat >"$D/$1/station.yaml" <<EOT
station: {name: code scanner station, simulated: true}
dut: {maker: bench, model: terminal, serial: T-6, firmware: "1", class: interactive}
roles:
  code_scanner: {driver: code-scanner, sim: code_scanner, timeout_ms: 1500}
sim:
  code_scanners:
    - {name: code_scanner, faults: [$2], aim: $3}
EOT
	BENCH_SIM_DIR="$D/$1/sim" timeout 200 "$BENCH" run --station "$D/$1/station.yaml" \
		--out "$D/$1/out" suites/terminal/codes.lua >"$D/$1.tap" 2>"$D/$1.err"
}
point() { grep "^    \(not \)\?ok [0-9]* - terminal.codes.$2: " "$D/$1.tap"; }
show() { sed -n "/ - terminal.codes.$2: /,/^      \.\.\./p" "$D/$1.tap" | head -30; }
SYMS="qr ean13 upca upce ean8 code128 code39 itf"

station good "" false
ok $? "all eight symbologies read (exit 0)" "$(cat "$D/good.tap" | head -40; tail -3 "$D/good.err")"
n=0
for s in $SYMS; do point good $s | grep -q '^    ok' && ! point good $s | grep -q SKIP && n=$((n + 1)); done
[ $n -eq 8 ]
ok $? "8 of 8 symbologies pass (got $n)"
run=$(ls -d "$D/good/out"/*/)
grep -q 'code_scanner scan > read 1500 ms < 96385074 ' "$run/trace.log"
ok $? "what the scanner sent over the pty is in trace.log" "$(grep 'scan >' "$run/trace.log" | head -3)"

station aim "" true
ok $? "a scanner sending AIM identifiers (]E0 ...) passes" "$(grep -B2 -A12 'not ok' "$D/aim.tap" | head -40)"

station mis "misread=ean8, no-read=qr" false
[ $? -eq 1 ]
ok $? "a misreading scanner: exit 1"
point mis ean8 | grep -q '^    not ok' && show mis ean8 | grep -q "sent '96385075', the symbol encodes '96385074'"
ok $? "EAN-8 misread fails with both texts" "$(show mis ean8)"
point mis qr | grep -q '^    not ok' && show mis qr | grep -q 'the scanner sends a symbol'
ok $? "no QR read fails on the timeout" "$(show mis qr)"
point mis ean13 | grep -q '^    ok'
ok $? "the other symbologies still pass"

mkdir -p "$D/none"
printf 'station: {name: x}\ndut: {maker: a, model: b, serial: c, firmware: "1"}\nroles:\n  code_scanner: {driver: code-scanner, interface: hid, device: /dev/null}\n' >"$D/none/station.yaml"
timeout 60 "$BENCH" run --station "$D/none/station.yaml" --out "$D/none/out" suites/terminal/codes.lua \
	>"$D/none.tap" 2>"$D/none.err"
grep -q 'terminal.codes.qr: .*# SKIP role code_scanner has no display' "$D/none.tap"
ok $? "no display: SKIP" "$(head -20 "$D/none.tap"; tail -3 "$D/none.err")"
done_testing
