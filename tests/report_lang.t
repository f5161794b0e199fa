#!/bin/sh
# Issue 17 item 4: report.html in Chinese or English (--lang, else the
# locale; kept in run.json for rebuilds), each test's two titles side by
# side, a cover page with the overall verdict per standard, and
# `bench report --pdf` printing it with headless Chromium (cover on page 1,
# numbered pages, the manifest covering report.pdf; no Chromium: exit 2).
cd "$(dirname "$0")/.." || exit 1
. tests/lib/tap.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp "$BENCH" "$tmp/bench" && BENCH=$tmp/bench # the tree may be relinked meanwhile
plan 44

# $1: out dir; the rest: extra options. A simulated station without devices
# (--time-scale: the SIMULATED banner); exit 1 from lang.fail.
run() {
	out=$1
	shift
	"$BENCH" run --station tests/stations/simulated.yaml --time-scale 10 --out "$tmp/$out" \
		"$@" tests/suites/lang.lua >/dev/null 2>"$tmp/$out.err"
}
# The report's words, without its CSS, the evidence it quotes (TAP in <pre>)
# and the other language's titles (<span class="alt">).
words() {
	sed -e 's/<style>.*<\/style>//' -e 's/<span class="alt">[^<]*<\/span>//g' "$1" |
		sed -e '/<pre>/,/<\/pre>/d'
}

unset LC_ALL LC_MESSAGES
LANG=zh_CN.UTF-8 run zh
st=$?
zh=$(ls -d "$tmp"/zh/*)
is "$st $(grep -c '"lang": "zh"' "$zh/run.json")" "1 1" \
	"a run under LANG=zh_CN.UTF-8 (exit 1: lang.fail) records lang zh in run.json"
LANG=zh_CN.UTF-8 run en --lang en
en=$(ls -d "$tmp"/en/*)
grep -q '"lang": "en"' "$en/run.json"
ok $? "--lang en wins over a zh locale"
LC_ALL=en_US.UTF-8 LANG=zh_CN.UTF-8 run lcall
grep -q '"lang": "en"' "$(ls -d "$tmp"/lcall/*)/run.json"
ok $? "LC_ALL decides before LANG"
"$BENCH" run --lang fr --station tests/stations/simulated.yaml --out "$tmp/fr" \
	tests/suites/lang.lua >/dev/null 2>"$tmp/fr.err"
is "$? $(ls "$tmp/fr" 2>/dev/null | wc -l) $(cat "$tmp/fr.err")" "2 0 bench: --lang is zh or en, not 'fr'" \
	"--lang fr: exit 2, said so, no run directory"

h=$(cat "$zh/report.html")
is "$(grep -c '<html lang="zh-CN">' "$zh/report.html") $(grep -c '<html lang="en">' "$en/report.html")" \
	"1 1" "each page says its language (zh-CN, en)"
like "$h" '<h2>判定汇总</h2>' "zh: headings in Chinese"
like "$h" '<h2>被测设备与测试台</h2>' "zh: DUT heading in Chinese"
like "$h" '<h2>条款追溯</h2>' "zh: clause table heading in Chinese"
like "$h" '<th>标准</th><th>条款</th><th>测试与判定</th><th>条款判定</th>' "zh: table headers in Chinese"
like "$(printf '%s' "$h" | tr -d '\n')" 'lang.skip 跳过</span>.*lang.todo 待定</span>.*lang.pass 通过</span>.*lang.fail 不通过</span>' \
	"zh: verdict words in Chinese"
like "$h" '<span class="pass">1 通过</span><span class="fail">1 不通过</span><span class="skip">1 跳过</span><span class="todo">1 待定</span><span>4 个测试点' \
	"zh: summary counts in Chinese"
like "$h" '<p class="simulated">模拟运行：时间倍率 10。' "zh: the SIMULATED banner in Chinese"
like "$h" '<th>开始时间</th><td>[0-9]{4}年[0-9]{1,2}月[0-9]{1,2}日 [0-9]{2}:[0-9]{2}:[0-9]{2} UTC</td>' \
	"zh: dates as 2026年11月25日 20:05:00 UTC"
like "$h" '读取卡号 <span class="alt">Reads the card number</span>' \
	"zh: the Chinese title, the English one beside it"
like "$h" 'lang.todo 待定</span> Single title only</td>' "a test with one title keeps it"
c=$(grep -n '<section class="cover">' "$zh/report.html" | cut -d: -f1)
s=$(grep -n '<h2>判定汇总</h2>' "$zh/report.html" | cut -d: -f1)
[ -n "$c" ] && [ -n "$s" ] && [ "$c" -lt "$s" ] && [ "$c" -lt 12 ]
ok $? "the cover comes first, before the verdicts (lines $c, $s)"
like "$(sed -n '/<section class="cover">/,/<\/section>/p' "$zh/report.html" | tr -d '\n')" \
	'<h1>符合性测试报告</h1>.*模拟运行.*<th>实验室</th><td>simulated, empty</td>.*Test Maker T-1, SN-0002, 1.0.*<td>DB43/T 3.3</td><td>2</td><td class="skip">未测试</td>.*<td>GF 61/T PT002-2014</td><td>2</td><td class="fail">不符合</td>' \
	"cover: lab, DUT, SIMULATED, and per standard: a failure does not conform, all skipped is not tested"
left=$(words "$zh/report.html" | grep -Ewo 'Verdicts|DUT and station|Clause traceability|Failures|test points|SIMULATED|no failure|Conformance test report|Standards covered|Overall verdict|Laboratory|Started|Finished|Exit code|Plots|over time|points plotted|elapsed time|tolerance band|APDU latency|Instruments and calibration|lists no instruments|Operator and decision rule|Decision rule|simple acceptance|operator answers|Sign-off|Reviewed by|Approved by|Measurements and decisions|(>|[0-9] |[a-z] )(pass|fail|skip|todo)<' | sort -u | tr '\n' ' ')
is "$left|$(words "$zh/report.html" | grep -c '<h2>判定汇总</h2>')" "|1" \
	"zh: no English heading, label or verdict word left"

h=$(cat "$en/report.html")
like "$h" '<h2>Verdicts</h2>' "en: headings in English"
like "$(printf '%s' "$h" | tr -d '\n')" 'lang.skip skip</span>.*lang.todo todo</span>.*lang.pass pass</span>.*lang.fail fail</span>' \
	"en: verdict words in English"
like "$h" '<p class="simulated">SIMULATED: time scale 10\.' "en: the SIMULATED banner"
like "$h" '<th>Started \(UTC\)</th><td>[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z</td>' \
	"en: dates in ISO 8601"
like "$h" 'Reads the card number <span class="alt">读取卡号</span>' \
	"en: the English title, the Chinese one beside it"
left=$(words "$en/report.html" | grep -Eo '判定汇总|被测设备|条款追溯|不通过|通过|跳过|待定|符合|未测试|实验室|模拟运行|图表|随时间变化|经过时间|仪器与校准|判定规则|签字|审核|测量与判定|[0-9]+年' | sort -u | tr '\n' ' ')
is "$left|$(words "$en/report.html" | grep -c '<h2>Verdicts</h2>')" "|1" \
	"en: no Chinese word of the report left (only the titles beside)"
grep -q 'name="title_zh" value="读取卡号"' "$en/junit.xml"
ok $? "junit.xml keeps the Chinese title as a property"

# The station's lab names the lab on the cover.
sed 's/^  name: .*/&\n  lab: 湖南省卡检测中心/' tests/stations/simulated.yaml >"$tmp/lab.yaml"
"$BENCH" run --lang zh --station "$tmp/lab.yaml" --out "$tmp/lab" tests/suites/lang.lua \
	>/dev/null 2>"$tmp/lab.err"
lab=$(ls -d "$tmp"/lab/* 2>/dev/null)
like "$(cat "$lab/report.html" 2>/dev/null)" '<th>实验室</th><td>湖南省卡检测中心</td>' \
	"cover: the lab is the station's lab:"
# An interrupted run says so on the cover, in the report's language (a copy
# of the run with run.json edited: the report is rebuilt from it).
cp -r "$lab" "$tmp/intr"
sed -i 's/"interrupted": null/"interrupted": "SIGTERM"/' "$tmp/intr/run.json"
"$BENCH" report "$tmp/intr" 2>/dev/null
like "$(sed -n '/<section class="cover">/,/<\/section>/p' "$tmp/intr/report.html" | tr -d '\n')" \
	'<p class="incomplete">运行被中断，信号 SIGTERM：运行未完成' "zh: the INTERRUPTED banner, on the cover"

# Rebuilds keep the run's language unless told otherwise.
LANG=C "$BENCH" report "$zh" 2>/dev/null
grep -q '<h2>判定汇总</h2>' "$zh/report.html"
ok $? "bench report under another locale keeps run.json's zh"
"$BENCH" report --lang en "$zh" 2>/dev/null && grep -q '<h2>Verdicts</h2>' "$zh/report.html"
ok $? "bench report --lang en rebuilds it in English"
"$BENCH" resume --lang zh "$zh" >/dev/null 2>&1
grep -q '<h2>判定汇总</h2>' "$zh/report.html"
ok $? "bench resume --lang zh of a finished run rebuilds it in Chinese"

# PDF: headless Chromium prints each language; the cover alone on page 1.
for l in zh en; do
	d=$(ls -d "$tmp/$l"/*)
	"$BENCH" report --pdf "$d" 2>"$tmp/pdf.err"
	st=$?
	head -c 5 "$d/report.pdf" 2>/dev/null | grep -q '%PDF-'
	is "$st $?" "0 0" "$l: bench report --pdf writes a PDF" || cat "$tmp/pdf.err" | sed 's/^/# /'
	pdftotext -f 1 -l 1 "$d/report.pdf" "$tmp/p1.txt"
	p1=$(tr '\n' ' ' <"$tmp/p1.txt")
	if [ $l = zh ]; then
		like "$p1" '符合性测试报告.*涉及标准.*不符合' "zh: page 1 is the cover (pdftotext)"
		cover_only=$(grep -c '判定汇总\|条款追溯' "$tmp/p1.txt")
	else
		like "$p1" 'Conformance test report.*Standards covered.*does not conform' \
			"en: page 1 is the cover (pdftotext)"
		cover_only=$(grep -c 'Verdicts\|Clause traceability' "$tmp/p1.txt")
	fi
	is "$cover_only" 0 "$l: nothing but the cover on page 1"
done
like "$p1" '1/[0-9]+' "pages are numbered (n/N at the foot)"
"$BENCH" verify --unsigned-ok "$en" >/dev/null 2>&1
ok $? "the manifest covers report.pdf and verify accepts the run"
printf 'X' | dd of="$en/report.pdf" bs=1 seek=200 conv=notrunc 2>/dev/null
"$BENCH" verify --unsigned-ok "$en" 2>&1 | grep -q 'report.pdf: SHA-256 differs'
ok $? "an altered report.pdf is caught by verify"
"$BENCH" report "$en" 2>/dev/null
[ ! -e "$en/report.pdf" ] && "$BENCH" verify --unsigned-ok "$en" >/dev/null 2>&1
ok $? "a rebuild without --pdf removes the stale PDF; the run still verifies"

# No Chromium: exit 2, said so, and nothing rebuilt.
before=$(cat "$en/report.html" "$en/manifest.json" | sha256sum)
PATH=/nonexistent "$BENCH" report --pdf --lang zh "$en" 2>"$tmp/nochrome.err"
st=$?
like "$st $(tr '\n' ' ' <"$tmp/nochrome.err") $(cat "$en/report.html" "$en/manifest.json" | sha256sum)" \
	"^2 bench report: report.pdf: no Chromium found .* $before\$" \
	"no chromium on PATH: exit 2, said so, nothing rebuilt"
BENCH_CHROMIUM=$tmp/none "$BENCH" report --pdf "$en" 2>"$tmp/nochrome.err"
like "$? $(cat "$tmp/nochrome.err")" "^2 bench report: BENCH_CHROMIUM=$tmp/none: No such file" \
	"BENCH_CHROMIUM naming no program: exit 2, said so"
printf '#!/bin/sh\nsleep 30\n' >"$tmp/slow" && chmod +x "$tmp/slow"
BENCH_CHROMIUM=$tmp/slow BENCH_PDF_TIMEOUT=1 "$BENCH" report --pdf "$en" 2>"$tmp/slow.err"
st=$?
like "$st $(tr '\n' ' ' <"$tmp/slow.err")" '^2 .*gave no PDF within 1 s' "a Chromium that hangs is killed after the timeout: exit 2"
[ ! -e "$en/report.pdf" ] && "$BENCH" verify --unsigned-ok "$en" >/dev/null 2>&1
ok $? "... no PDF, and the manifest still matches the run"
