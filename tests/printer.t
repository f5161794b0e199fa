#!/bin/sh
# The card printer end to end: `bench sim` starts ippeveprinter with our
# print engine, `bench run` drives suites/printer through libcups. A good
# printer passes and is measured where it stands (registration within 0.05
# mm of the injected offset), also when it does what real printers and
# scanners do and our simulator did not: a slow first card (warm-up), a
# scan delivered seconds after the job, a stripe read back end first, a
# little rotation, shear and bleed, a hopper the operator refills.
# tests/printer_faults.t: each fault fails its own test.
. "$(dirname "$0")/lib/printer.sh"

# 1. Good printer (12 s a card: 300 cards/h, headroom for a loaded host),
#    every suite but the soak. rate.lua runs first, so its first card is the
#    simulator's first: 240 s of warm-up. Scans at 1200 dpi (the resolution
#    test needs twice the 600 dpi it measures), each delivered 2 s after its
#    job ended; the encoder reads back end first. Contact and contactless
#    modules both.
pstation good card2 "print_time: 12" "dpi: 1200" "dx: 0.35" "dy: -0.2" "skew: 2" "warmup: 240" \
	"scan_delay: 2" "mag_reverse: 1"
prun good 100 suites/printer/rate.lua suites/printer/resolution.lua \
	suites/printer/registration.lua suites/printer/magstripe.lua suites/printer/encode.lua \
	suites/printer/operator.lua
ok $? "good printer: rate, resolution, registration, mag stripe, encode, operator pass" "$d/good.tap"
grep "ok 1 - printer.encode_while_printing" "$d/good.tap" | grep -qv SKIP &&
	grep -q 'apdu_ms: "min' "$d/good.tap" && grep -q 'apdu_ms_contactless: "min' "$d/good.tap" &&
	grep -q 'writes: "[1-9][0-9]* of 8 bytes to the SSSE binary EF (SFI 15) under SM' "$d/good.tap" &&
	grep -q 'restored: "the file.s first 8 bytes put back' "$d/good.tap" &&
	grep -q 'writes_contactless: "[1-9][0-9]* of 8 bytes to the SSSE binary EF (SFI 15) under SM' "$d/good.tap" &&
	grep -q 'restored_contactless: "the file.s first 8 bytes put back' "$d/good.tap"
ok $? "encode while printing ran APDUs on the contact and contactless roles during the print, and both wrote" \
	"$d/good.tap"
# Each card's worst displacement towards each side is the injected offset:
# right 0.35 (left -0.35), up 0.2 (down -0.2).
bad=$(pcsv good | awk -F, '
	$2 == "registration_right" || $2 == "registration_left" {
		w = ($2 == "registration_right") ? 0.35 : -0.35; e = $3 - w; if (e < 0) e = -e; if (e > 0.05) print }
	$2 == "registration_up" || $2 == "registration_down" {
		w = ($2 == "registration_up") ? 0.2 : -0.2; e = $3 - w; if (e < 0) e = -e; if (e > 0.05) print }')
cnt=$(pcsv good | grep -c "^printer.registration,registration_\(left\|right\|up\|down\),")
[ -z "$bad" ] && [ "$cnt" -eq 8 ]
ok $? "measurements.csv: $cnt registration values, all within 0.05 mm of injected ${bad:+(off: $bad)}"
pcsv good | awk -F, '$2 == "first_card" && $3 >= 240 { f = 1 } END { exit !f }' &&
	pcsv good | awk -F, '$2 == "print_rate" && $3 >= 100 { f = 1 } END { exit !f }'
ok $? "a 4 min warm-up is reported as the time to the first card, and the rate passes" \
	"$d/good.tap"
[ "$(grep -c 'scan of job .* sha256' "$d"/good.out/*/trace.log)" -eq 3 ] &&
	grep -q 'card2: "worst' "$d/good.tap"
ok $? "scans delivered 2 s after their job are waited for, hashed and measured" "$d/good.tap"
[ "$(grep -c 'read back end first' "$d/good.tap")" -eq 6 ]
ok $? "stripes read back end first decode, all three tracks at high and low coercivity" "$d/good.tap"
names=$(sed -n 's/.*Print-Job job-name=\([^ ]*\) .*/\1/p' "$d"/good.out/*/trace.log)
[ "$(echo "$names" | wc -l)" -ge 8 ] && [ -z "$(echo "$names" | sort | uniq -d)" ]
ok $? "job names unique across the run's suite files ($(echo "$names" | wc -l) jobs)"

# 1b. Close to the limit: 30 s a card (120 cards/h) after a 4 min warm-up.
#     The standard judges cards per hour of printing; a window that held the
#     warm-up would count 22 cards in its first quarter hour (88/h) and fail.
#     (30 s, not nearer 36: each real ms of host overhead is 100 ms here,
#     and a loaded sanitizer build must still keep 100/h.)
ROLE="rate_hours: 0.25, rate_window: 0.25" pstation near nocard "print_time: 30" "warmup: 240"
prun near 100 suites/printer/rate.lua
[ $? -eq 0 ] && pcsv near | awk -F, '$2 == "print_rate" && $3 >= 100 && $3 <= 120 { f = 1 }
	END { exit !f }'
ok $? "120 cards/h after a 4 min warm-up passes printer.rate" "$d/near.tap"

# 1c. A printer that warms up for 10 min and stops for the operator: its
#     20-card hopper runs out twice in the batch and each refill takes 25
#     min, both far past the job timeout (2 s real: 200 s here). The first
#     card has no job timeout; the refills are not printing time and leave
#     the windows, so 300 cards/h of printing pass.
ROLE="rate_hours: 0.25, rate_window: 0.25, job_timeout: 2" pstation refill nocard \
	"print_time: 12" "warmup: 600" "hopper: 20" "refill_time: 1500"
prun refill 100 suites/printer/rate.lua
[ $? -eq 0 ] && grep -q 'operator_waits: "[2-9], ' "$d/refill.tap" &&
	pcsv refill | awk -F, '$2 == "first_card" && $3 >= 600 { f = 1 } END { exit !f }' &&
	pcsv refill | awk -F, '$2 == "print_rate" && $3 >= 100 { f = 1 } END { exit !f }'
ok $? "a 10 min warm-up and two 25 min refills: printer.rate passes, the waits out of the windows" \
	"$d/refill.tap"
# 1d. A card jams now and then (every 6th, its job aborted): no card made,
#     so not counted, and the batch goes on (DB43/T 3.3 表1-7: only two
#     print errors in a row are a fault); 200 cards/h pass.
ROLE="rate_hours: 0.25, rate_window: 0.25" pstation jam1 nocard "print_time: 15" "jam_every: 6"
prun jam1 100 suites/printer/rate.lua
[ $? -eq 0 ] && grep -q 'print_errors: "[1-9][0-9]* (cards 6, 12, 18,' "$d/jam1.tap" &&
	grep -q 'error1: "card 6 of the batch: aborted (.*card jammed' "$d/jam1.tap"
ok $? "a card jammed in 6: not counted, the batch goes on, printer.rate passes" "$d/jam1.tap"

# 2. What a good printer's geometry looks like: a little rotation, the head
#    a little off square, 0.4 % bleed, the card skewed on the bed.
pstation geom nocard "rot: 0.3" "shear: 0.3" "scale: 1.004" "skew: -2.5"
prun geom 30 suites/printer/registration.lua
[ $? -eq 0 ] && grep -q 'rot 0.30.* shear 0.30.* scale x 1.004' "$d/geom.tap"
ok $? "rotation 0.3 deg, shear 0.3 deg, 0.4 % bleed: registration passes, geometry measured" \
	"$d/geom.tap"

# 3. A simulated day of continuous printing; the hopper holds 150 cards and
#    the operator takes 3 h to refill it, longer than the job timeout; the
#    ribbon and film rolls (200 prints by the printer's count) are used up
#    and changed (marker-supply-empty, as for a break). Every 50th card is
#    a target, its scan measured: each shows its marks.
ROLE="soak_hours: 24, job_timeout: 2" pstation soak nocard "hopper: 150" "refill_time: 10800" \
	"ribbon_prints: 200" "film_prints: 200" "roll_prints: 200" "roll_change: 1800"
prun soak 3600 suites/printer/reliability.lua
[ $? -eq 0 ] && grep -q 'operator_waits: "[1-9]' "$d/soak.tap" &&
	grep -q 'rolls_used_up: [1-9]' "$d/soak.tap" &&
	grep -Eq 'card_check: "([1-9][0-9]*) of \1 target cards \(every 50th\) seen' "$d/soak.tap"
ok $? "good printer: 24 h (time-scaled) reliability passes; refills and rolls used up are no fault" \
	"$d/soak.tap"
# 3b. A printer that counts its ribbon (50 prints) but gives no count of
#     its film (maxcapacity -2): the film runs out every 30 cards, while the
#     ribbon's count still has 20 prints left. marker-supply-empty names no
#     roll, so the count of the ribbon cannot call it a break: the operator
#     says the film was used up (at every card that ends a roll: how many
#     cards fit in the simulated day depends on the host), and the soak
#     passes. (A 2 h soak at scale 3600 printed fewer than the 31 cards a
#     roll end needs on the CI's loaded ASan leg; a day prints hundreds.)
for c in $(seq 31 30 6001); do printf 'printer.reliability.roll_end%d: yes\n' "$c"; done \
	>>"$d/answers.yaml"
ROLE="soak_hours: 24, job_timeout: 2" pstation filmask nocard "ribbon_prints: 50" \
	"film_prints: -2" "roll_prints: 30" "roll_change: 60"
prun filmask 3600 suites/printer/reliability.lua
[ $? -eq 0 ] && grep -q 'rolls_used_up: [1-9]' "$d/filmask.tap" &&
	grep -q 'roll_end31: "ribbon had 20 of 50 prints left.*no count of its film' "$d/filmask.tap"
ok $? "ribbon counted, film not: a supply empty with ribbon prints left is the operator's call" \
	"$d/filmask.tap"
# 4a. printer-resolution-supported is optional (IPP Everywhere makes it
#     mandatory, IPP does not): a 600 dpi printer that does not advertise it
#     passes on its printed line pairs.
pstation noadv nocard "dpi: 1200" "advertise_resolution: 0"
prun noadv 30 suites/printer/resolution.lua
[ $? -eq 0 ] && grep -q 'advertised: "none (no printer-resolution-supported)' "$d/noadv.tap"
ok $? "no resolution advertised, 600 dpi printed: printer.resolution passes on its prints" \
	"$d/noadv.tap"

# 4b. 600 dpi on offer, 300 dpi its default (faster): the card asks for
#     600 dpi in its printer-resolution and is printed so, and passes.
pstation resdef nocard "dpi: 1200" "resolution: 600dpi" "resolution_default: 300dpi"
prun resdef 30 suites/printer/resolution.lua
[ $? -eq 0 ] && grep -q 'advertised: "300dpi, 600dpi; default 300dpi; the card asks 600dpi"' \
	"$d/resdef.tap" && grep -q 'Print-Job .*printer-resolution=600dpi' "$d"/resdef.out/*/trace.log
ok $? "600 dpi on offer, 300 dpi the default: the card asks 600 dpi and passes" "$d/resdef.tap"

# 4c. 600 dpi advertised in dots per cm (236dpcm, 599.4 dpi as dpi rounded
#     to a whole dpcm): read as the 600 dpi it stands for, and passes.
pstation resdpcm nocard "dpi: 1200" "resolution: 236dpcm"
prun resdpcm 30 suites/printer/resolution.lua
[ $? -eq 0 ] && grep -q '^printer.resolution,resolution,600,dpi,600,,pass' "$d"/resdpcm.out/*/measurements.csv
ok $? "600 dpi advertised as 236dpcm: read as 600 dpi, passes" "$d/resdpcm.tap"

# 4. No bridge to the encoder (mag_encoder: none, a real printer's default):
#    IPP carries no stripe data, so the mag stripe test SKIPs, saying why,
#    instead of failing a printer whose encoder it cannot reach.
ROLE="mag_encoder: none" pstation nomag nocard
prun nomag 30 suites/printer/magstripe.lua
[ $? -eq 0 ] && grep -q 'ok 1 - printer.magstripe: .* # SKIP the printer role names no way to hand stripe data' \
	"$d/nomag.tap"
ok $? "mag_encoder: none: printer.magstripe SKIPs, naming why" "$d/nomag.tap"
echo "1..$n"
