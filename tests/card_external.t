#!/bin/sh
# A foreign card on the simulated station (docs/station.md "External
# cards"): a sim.cards entry with external: true gets a vpcd reader and no
# simulated card; `bench sim up` and `bench sim status` print its reader and
# vpcd port; a card program of our own written apart from simcard
# (tests/lib/vcard.py, Python, vpcd protocol) connects there by the
# documented recipe and passes the suites it implements, including the
# issuer choice its profile declares (another ATR after a warm reset).
set -u
cd "$(dirname "$0")/.."
. tests/lib/tapcheck.sh
. tests/lib/station.sh
D=$(mktemp -d)
VCARD=
trap '[ -z "$VCARD" ] || kill $VCARD 2>/dev/null; stations_down "$D" ext; rm -rf "$D"' EXIT
mkdir -p "$D/ext/sim"
export BENCH_SIM_DIR=$D/ext/sim
printf 'choices:\n  warm_atr: may-differ\n' >"$D/ext/vendor.yaml"
cat >"$D/ext/station.yaml" <<EOT
station: {name: vendor card station, simulated: true}
dut: {maker: vendor, model: foreign card, serial: V-1, firmware: "1.0"}
roles:
  card: {driver: pcsc, sim: vendor, timeout_ms: 10000}
sim:
  pcscd: {readers: 1}
  cards:
    - {name: vendor, reader: 0, external: true, profile: vendor.yaml}
EOT

"$BENCH" sim up --station "$D/ext/station.yaml" 2>"$D/up.err"
ok $? "sim up with an external card" "$(cat "$D/up.err")"
line=$(grep '^card vendor	external	' "$D/up.err")
printf '%s\n' "$line" | grep -q '	reader Bench vpcd 0 00 00	vpcd port [0-9][0-9]*$'
ok $? "sim up prints the external reader's name and vpcd port" "$(cat "$D/up.err")"
"$BENCH" sim status --station "$D/ext/station.yaml" >"$D/status"
grep -qx "$line" "$D/status"
ok $? "sim status prints the same line" "$(cat "$D/status")"
port=${line##*vpcd port }
pgrep -f "simcard.*--port $port" >/dev/null
[ $? -ne 0 ]
ok $? "no simulated card was started for it"

# The documented recipe: connect to 127.0.0.1:<vpcd port>.
python3 tests/lib/vcard.py --port "$port" --warm-atr-differs 2>"$D/vcard.err" &
VCARD=$!
"$BENCH" run --station "$D/ext/station.yaml" --out "$D/out" suites/card/atr.lua \
	suites/card/select.lua suites/card/challenge.lua >"$D/tap" 2>"$D/err"
ok $? "the foreign card passes atr, select and challenge" \
	"$(grep -A12 '^ *not ok' "$D/tap" | head -40; tail -3 "$D/err"; cat "$D/vcard.err")"
n=$(grep -c '^    ok [0-9]* - card\.' "$D/tap")
want=$("$BENCH" list suites/card/atr.lua suites/card/select.lua suites/card/challenge.lua |
	grep -c '^  card\.')
[ "$n" -eq "$want" ]
ok $? "all $want of their tests pass (got $n)"
grep -q 'atr > status < 3B8901803180505943415243' "$D"/out/*/trace.log
ok $? "the trace has the foreign card's ATR"
"$BENCH" run --station "$D/ext/station.yaml" --out "$D/out2" --filter card.choice.warm_atr \
	suites/card/choices.lua >"$D/tap2" 2>"$D/err2"
ok $? "its declared choice passes: another ATR after a warm reset" \
	"$(grep -A12 '^ *not ok' "$D/tap2" | head -30; tail -3 "$D/err2")"
grep -q "choice_warm_atr: \"may-differ (declared by $D/ext/vendor.yaml)\"" "$D/tap2" &&
	grep -q 'atr_warm: "3B8901803180505943415257' "$D/tap2"
ok $? "the report names the declared choice and the warm ATR" "$(cat "$D/tap2")"

# What only a simulated card has is refused for an external one.
sed 's/external: true, profile: vendor.yaml/external: true, defects: [atr-bad-tck]/' \
	"$D/ext/station.yaml" >"$D/bad.yaml"
"$BENCH" check --station "$D/bad.yaml" >/dev/null 2>"$D/bad.err"
rc=$?
[ $rc -eq 2 ] && grep -q 'bad.yaml:8:.*defects is for simulated cards' "$D/bad.err"
ok $? "defects on an external card: exit 2 at the line (got $rc)" "$(cat "$D/bad.err")"

done_testing
