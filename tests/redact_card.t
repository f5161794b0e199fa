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
"$BENCH" run --station "$D/sim/station.yaml" --out "$D/out" tests/suites/redact_card.lua \
	>"$D/tap" 2>"$D/err"
rc=$?
# The card verified the PIN (the trace shows the VERIFY redacted, 9000) and
# the suite saw only the label.
grep -q '^    ok 1 - sealed.answer' "$D/tap" &&
	grep -q 'apdu > 0020000006<pin:card/holder> < 9000' "$D"/out/*/trace.log
ok $? "a sealed VERIFY reaches the card; r.apdu is '<apdu 00200000 <pin:card/holder>>' (exit $rc)" \
	"$(sed -n '/sealed.answer/,/\.\.\./p' "$D/tap" | head -30; tail -3 "$D/err")"
done_testing
