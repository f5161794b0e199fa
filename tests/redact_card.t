#!/bin/sh
# A sealed APDU (the VERIFY of bench.keys.verify_apdu) sent to the simulated
# card through real pcscd + vpcd: the card verifies the PIN, and the answer
# a suite gets back names the APDU by its label, so the PIN's digits never
# reach Lua through `r.apdu` (tests/suites/redact_card.lua).
set -u
cd "$(dirname "$0")/.."
. tests/lib/tapcheck.sh
. tests/lib/pcsim.sh
BENCH=$BUILD/bench/bench
D=$(mktemp -d)
trap 'pcsim_stop; rm -rf "$D"' EXIT

pcsim_start "$D/sim" --connect-wait 3000 || { echo "Bail out! pcsim did not start"; exit 1; }
"$BENCH" run --station "$D/sim/station.yaml" --out "$D/out" --filter sealed.answer tests/suites/redact_card.lua \
	>"$D/tap" 2>"$D/err"
rc=$?
# The card verified the PIN (the trace shows the VERIFY redacted, 9000) and
# the suite saw only the label.
grep -q '^    ok 1 - sealed.answer' "$D/tap" &&
	grep -q 'apdu > 0020000006<pin:card/holder> < 9000' "$D"/out/*/trace.log
ok $? "a sealed VERIFY reaches the card; r.apdu is '<apdu 00200000 <pin:card/holder>>' (exit $rc)" \
	"$(sed -n '/sealed.answer/,/\.\.\./p' "$D/tap" | head -30; tail -3 "$D/err")"
pcsim_stop

# The same VERIFY answered with SW1 alone (the card's verify-no-sw defect):
# the exchange fails, its error and the trace name the label and the byte
# sent back, and no file of the run, nor its output, holds the PIN.
PIN=482916073518
pcsim_start "$D/nosw" --connect-wait 3000 --defect verify-no-sw ||
	{ echo "Bail out! pcsim did not start"; exit 1; }
"$BENCH" run --station "$D/nosw/station.yaml" --out "$D/nosw/out" --filter sealed.no_sw \
	tests/suites/redact_card.lua >"$D/nosw/tap" 2>"$D/nosw/err"
rc=$?
grep -q '^    ok 1 - sealed.no_sw' "$D/nosw/tap" &&
	grep -q 'apdu > 0020000006<pin:card/holder> < (short answer: 1 byte 90)' "$D"/nosw/out/*/trace.log
ok $? "a sealed VERIFY answered with one byte fails with its label and the byte (exit $rc)" \
	"$(sed -n '/sealed.no_sw/,/\.\.\./p' "$D/nosw/tap" | head -30; tail -3 "$D/nosw/err")"
! grep -rq "$PIN" "$D/nosw/out" "$D/nosw/tap" "$D/nosw/err"
ok $? "no file of that run and none of its output holds the PIN" "$(grep -rl "$PIN" "$D/nosw" | head)"
done_testing
