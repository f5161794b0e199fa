#!/bin/sh
# Issue 8, must show 3: junit.xml validates against the JUnit schema
# (tests/junit.xsd, xmllint); report.html is one self-contained UTF-8 file with
# its SVG plots and renders in headless Chromium without console errors.
cd "$(dirname "$0")/.." || exit 1
. tests/lib/tap.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp "$BENCH" "$tmp/bench" && BENCH=$tmp/bench # the tree may be relinked meanwhile
plan 18

"$BENCH" run --station tests/stations/empty.yaml --out "$tmp/r" tests/suites/evidence.lua \
	tests/suites/mixed.lua >/dev/null 2>&1
is $? 1 "the run exits 1 (deliberate failures)"
run=$(ls -d "$tmp"/r/*)

xmllint --noout --schema tests/junit.xsd "$run/junit.xml" 2>"$tmp/xsd"
ok $? "junit.xml validates against the JUnit schema"
j=$(cat "$run/junit.xml")
is "$(grep -c '<testsuite ' "$run/junit.xml")" 2 "one testsuite per suite file"
is "$(grep -c '<testcase ' "$run/junit.xml")" 22 "one testcase per test point"
like "$j" '<testsuite name="tests/suites/mixed.lua" tests="7" failures="2" errors="0" skipped="3"' \
	"testsuite counts (todo counts as skipped)"
like "$j" '<failure type="fail" message="status word">' "failure message is the diagnostic's message"
like "$j" 'got: &quot;6A82&quot;' "failure text is the TAP diagnostic"
like "$j" '<property name="dut_serial" value="SN-0001"/>' "DUT identity in properties"
like "$j" '<property name="clause" value="JR/T 0025 §7.1 应用选择"/>' "clause (UTF-8) in testcase properties"

h=$(cat "$run/report.html")
like "$h" '<meta charset="utf-8">' "report.html declares UTF-8"
like "$h" '§6.5.3 贮存' "Chinese clause titles in the traceability matrix"
is "$(grep -c '<svg class="plot"' "$run/report.html")" 5 \
	"SVG plots: APDU latency, registration scatter, 3 series of one test each (12 one-sample hold tests are a table)"
like "$h" 'ev.rate: print_rate over time \(green: tolerance band\)' "print rate plotted with its band"
like "$h" '<td>ev.hold.09</td><td>chamber_temp@9</td>' "a one-sample chamber hold test is a table row"
grep -Eq '(src|href)="(https?:)?//' "$run/report.html"
is $? 1 "self-contained: nothing fetched from the network"

# Headless Chromium: render, screenshot, no console errors.
png="$tmp/report.png"
timeout 60 chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
	--disable-component-update --disable-sync --no-first-run --user-data-dir="$tmp/chrome" \
	--enable-logging=stderr --v=0 --screenshot="$png" --window-size=1280,2000 \
	"file://$(realpath "$run/report.html")" >"$tmp/chrome.out" 2>"$tmp/chrome.err"
ok $? "headless Chromium renders report.html"
errs=$(grep -E 'Uncaught|ERROR:CONSOLE|CONSOLE\(' "$tmp/chrome.err")
is "$errs" "" "no console errors"
# A blank page compresses to a few kB; the report's text and plots do not.
# Colour count (palette of distinct RGB triples in a sample of rows) proves
# more than a background: read the PNG with python3's zlib (no PIL needed).
colors=$(python3 - "$png" <<'PY'
import struct, sys, zlib
d = open(sys.argv[1], "rb").read()
assert d[:8] == b"\x89PNG\r\n\x1a\n"
pos, idat, w = 8, b"", 0
while pos < len(d):
    n, t = struct.unpack(">I4s", d[pos:pos + 8])
    if t == b"IHDR":
        w, h, depth, ctype = struct.unpack(">IIBB", d[pos + 8:pos + 18])
    if t == b"IDAT":
        idat += d[pos + 8:pos + 8 + n]
    pos += 12 + n
raw = zlib.decompress(idat)
bpp = 4 if ctype == 6 else 3
stride = w * bpp + 1
prev = bytearray(stride - 1)
seen = set()
for y in range(len(raw) // stride):
    f, line = raw[y * stride], bytearray(raw[y * stride + 1:(y + 1) * stride])
    for i in range(len(line)):
        a = line[i - bpp] if i >= bpp else 0
        b, c = prev[i], prev[i - bpp] if i >= bpp else 0
        if f == 1: line[i] = (line[i] + a) & 255
        elif f == 2: line[i] = (line[i] + b) & 255
        elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    if y % 7 == 0:
        for x in range(0, w, 3):
            seen.add(bytes(line[x * bpp:x * bpp + 3]))
    prev = line
print(len(seen))
PY
)
[ "${colors:-0}" -gt 50 ]
ok $? "screenshot is not blank ($colors distinct colours sampled)"
