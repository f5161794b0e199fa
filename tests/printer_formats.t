#!/bin/sh
# Document formats (drivers/ipp_doc.c, printerlib's card_doc): a printer
# may refuse a document-format it does not list (RFC 8011 §4.2.1.1), and
# IPP Everywhere requires PWG raster only. A printer taking PWG raster and
# PDF, not PNG, gets the registration and resolution targets as PWG raster
# and passes; one taking PWG raster alone gets the rate card as PWG raster
# too; one taking none of bench's formats SKIPs, naming its list, never
# fails. A suite writes its documents into the scan directory only. A
# station listing an unknown format is refused at its file:line.
. "$(dirname "$0")/lib/printer.sh"

# 1. PWG raster and PDF: the targets are converted, scanned and measured.
pstation pwg nocard "print_time: 12" "dpi: 1200" "dx: 0.35" \
	"formats: image/pwg-raster,application/pdf"
prun pwg 100 suites/printer/resolution.lua suites/printer/registration.lua
ok $? "PWG raster and PDF only: resolution and registration pass" "$d/pwg.tap"
grep -q 'Print-Job job-name=[^ ]* file=[^ ]*-target.png.pwg document-format=image/pwg-raster' \
	"$d"/pwg.out/*/trace.log
ok $? "the trace names the target sent as PWG raster" "$d/pwg.out"
pcsv pwg | awk -F, '$2 == "registration_right" && $3 > 0.3 && $3 < 0.4 { f = 1 } END { exit !f }'
ok $? "registration measured on the PWG raster job: 0.35 mm right" "$d/pwg.tap"

# 2. PWG raster alone: the rate card goes as PWG raster, noted.
ROLE="rate_hours: 0.25, rate_window: 0.25" pstation pwgonly nocard "print_time: 12" \
	"formats: image/pwg-raster"
prun pwgonly 100 suites/printer/rate.lua
ok $? "PWG raster only: printer.rate passes" "$d/pwgonly.tap"
grep -q 'document: "the card as PWG raster: the printer takes no PDF"' "$d/pwgonly.tap" &&
	grep -q 'file=[^ ]*card.pwg document-format=image/pwg-raster' "$d"/pwgonly.out/*/trace.log
ok $? "the rate card is a PWG raster job, the report says so" "$d/pwgonly.tap"

# 3. None of bench's formats: SKIP naming the list, exit 0.
pstation jpeg nocard "print_time: 12" "formats: image/jpeg,image/urf"
prun jpeg 100 suites/printer/rate.lua suites/printer/registration.lua
rc=$?
[ $rc -eq 0 ] && ! grep -q '^    not ok' "$d/jpeg.tap" &&
	grep -q 'printer.rate.*# SKIP the printer takes none of PDF, PWG raster (document-format-supported: image/jpeg, image/urf)' "$d/jpeg.tap" &&
	grep -q 'printer.registration.*# SKIP the printer takes none of PNG, PWG raster' "$d/jpeg.tap"
ok $? "JPEG and URF only: the tests SKIP naming the formats (rc $rc)" "$d/jpeg.tap"

# 3b. A suite writes its documents nowhere but the scan directory.
pstation names nocard "print_time: 12"
prun names 100 tests/suites/printer_names.lua
ok $? "put, put_target and put_card take plain names only" "$d/names.tap"

# 4. An unknown format in the station: exit 2 at its line.
pstation bad nocard "formats: image/png,image/gif"
"$BENCH" check --station "$d/bad.yaml" >/dev/null 2>"$d/bad.err"
rc=$?
[ $rc -eq 2 ] && grep -q 'bad.yaml:[0-9]*:.*formats: comma-separated' "$d/bad.err"
ok $? "formats: image/gif is a station error at its line (rc $rc)" "$d/bad.err"
echo "1..$n"
