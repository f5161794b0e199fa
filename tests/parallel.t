#!/bin/sh
# t:parallel (bench/engine/par.c) on a 4-reader simulated station: the branches'
# exchanges really overlap in time, every branch's checks count, a failing
# check or error names its branch, a branch that hangs on a slow card is cut
# by its own timeout while the others finish, and misuse is a clear error.
set -u
cd "$(dirname "$0")/.."
. tests/lib/tapcheck.sh
. tests/lib/station.sh
D=$(mktemp -d)
STATIONS=""
trap 'stations_down "$D" $STATIONS; rm -rf "$D"' EXIT
SUITE=tests/suites/parallel.lua

# station NAME [faults=F] [sam2_faults=F] [sam2_timeout=MS] [defect=ROLE:DEFECT]:
# 4 readers; faults apply to every card, sam2_faults to sam2 instead.
station() {
	_s=$1
	shift
	faults="" sam2_faults="" sam2_timeout=3000 defect=""
	for _kv in "$@"; do eval "$_kv"; done
	STATIONS="$STATIONS $_s"
	mkdir -p "$D/$_s/sim"
	_p=$BENCH_ROOT/bench/fixtures/cards/default.yaml
	{
		cat <<EOT
station: {name: parallel test station, simulated: true}
dut: {maker: bench, model: simulated cards, serial: P-1, firmware: simcard}
roles:
  card: {driver: pcsc, sim: card}
  contactless: {driver: pcsc, sim: contactless}
  sam1: {driver: pcsc, sim: sam1}
  sam2: {driver: pcsc, sim: sam2, timeout_ms: $sam2_timeout}
sim:
  pcscd:
    readers: 4
  cards:
EOT
		r=0
		for n in card contactless sam1 sam2; do
			d=""
			f=$faults
			[ "${defect%%:*}" = "$n" ] && d=${defect#*:}
			[ "$n" = sam2 ] && [ -n "$sam2_faults" ] && f=$sam2_faults
			echo "    - {name: $n, reader: $r, profile: $_p, protocol: T=1, defects: [$d], faults: [$f]}"
			r=$((r + 1))
		done
	} >"$D/$_s/station.yaml"
}

# run NAME FILTER: runs the suite on station NAME; rc in $D/NAME/FILTER.rc
run() {
	BENCH_SIM_DIR="$D/$1/sim" timeout 120 "$BENCH" run --station "$D/$1/station.yaml" \
		--out "$D/$1/out-$2" --filter "$2" "$SUITE" >"$D/$1/$2.tap" 2>"$D/$1/$2.err"
	echo $? >"$D/$1/$2.rc"
}
rc() { cat "$D/$1/$2.rc"; }
trace() { cat "$D/$1/out-$2"/*/trace.log; }
show() { cat "$D/$1/$2.tap" "$D/$1/$2.err" | head -80; }
apdus_of() { trace "$1" "$2" | awk -v r="$3" '$4 == r && $5 == "apdu"' | wc -l; }

station good
BENCH_SIM_DIR="$D/good/sim" "$BENCH" sim up --station "$D/good/station.yaml" >"$D/good.up" 2>&1
ok $? "4-reader station up" "$(cat "$D/good.up")"

run good par.readers
[ "$(rc good par.readers)" = 0 ] && [ -z "$(failed_ids "$D/good/par.readers.tap")" ]
ok $? "4 branches, 20 rounds each: the test passes" "$(show good par.readers)"
for n in card contactless sam1 sam2; do
	c=$(apdus_of good par.readers $n)
	[ "$c" -eq 40 ]
	ok $? "branch $n: its 40 exchanges are in trace.log (got $c)"
done
# Side by side, not one after the other: while one reader's exchanges go
# on, another's are traced (the roles of consecutive APDU lines change often).
sw=$(trace good par.readers | awk '$5 == "apdu" { if (p != "" && $4 != p) n++; p = $4 } END { print n + 0 }')
[ "$sw" -ge 20 ]
ok $? "exchanges of the 4 readers interleave in trace.log ($sw role changes in 160 lines)"
bench_verify() { "$BENCH" verify --unsigned-ok "$(ls -d "$D/$1/out-$2"/*/)" >/dev/null 2>&1; }
bench_verify good par.readers
ok $? "trace.log written from 4 helper threads: its hash chain verifies"

run good par.sleep
e=$(diag_of "$D/good/par.sleep.tap" par.sleep | awk '/elapsed_s:/ { print $2 }')
awk -v e="$e" 'BEGIN { exit !(e >= 0.99 && e < 3) }'
ok $? "4 branches sleeping 1 s end together (took $e s, one after the other: 4 s)"

run good par.error
[ "$(rc good par.error)" = 1 ] && [ "$(failed_ids "$D/good/par.error.tap")" = par.error ]
ok $? "a branch's Lua error fails the test" "$(show good par.error)"
diag_of "$D/good/par.error.tap" par.error >"$D/err.diag"
grep -q 'Lua error in branch sam1: .*parallel.lua:[0-9]*: sam1 gave up' "$D/err.diag"
ok $? "the failure names the branch and the suite line" "$(cat "$D/err.diag")"
grep -q 'traceback:' "$D/err.diag" && ! grep -q 'reached after' "$D/err.diag"
ok $? "with the branch's traceback; the test ends after t:parallel"
c=$(apdus_of good par.error card)
[ "$c" -eq 10 ]
ok $? "the other branches still finish (card: $c of 10 exchanges)"

run good par.require
[ "$(rc good par.require)" = 1 ] && grep -q 'contactless precondition' "$D/good/par.require.tap" &&
	! grep -q 'reached after' "$D/good/par.require.tap"
ok $? "t:require in a branch ends it and then the test" "$(show good par.require)"

run good par.same
grep -q 'in use by another branch of t:parallel' "$D/good/par.same.tap"
ok $? "two branches on one card: the second is refused, naming why" "$(show good par.same)"

run good par.nested
grep -q 't:parallel inside a branch of t:parallel' "$D/good/par.nested.tap"
ok $? "nested t:parallel: a clear error" "$(show good par.nested)"
run good par.notfn
grep -q 'branch a is a number, not a function' "$D/good/par.notfn.tap"
ok $? "a branch that is not a function: a clear error" "$(show good par.notfn)"

# A faulty card in one slot fails that slot's check, labelled with its branch.
station bad defect=sam1:bad-sw-unknown-ins
run bad par.sw
[ "$(rc bad par.sw)" = 1 ] && [ "$(failed_ids "$D/bad/par.sw.tap")" = par.sw ]
ok $? "one faulty card: the test fails" "$(show bad par.sw)"
diag_of "$D/bad/par.sw.tap" par.sw >"$D/sw.diag"
n=$(grep -c -- '- check: "unknown INS refused"' "$D/sw.diag")
grep -q 'at: ".*parallel.lua:[0-9]* (branch sam1)"' "$D/sw.diag" && [ "$n" -eq 1 ]
ok $? "exactly one failing check, at the suite line in branch sam1" "$(cat "$D/sw.diag")"

# Slow answers (400 ms each): branches overlap in time, and a card that
# answers long after its role's timeout (and the grace after the cancel)
# fails only its own branch, bounded.
station slow faults=slow=400 sam2_faults=slow=2000 sam2_timeout=300
# Two rounds: a copy of the suite (suites read no environment).
sed 's/^local ROUNDS = 20$/local ROUNDS = 2/' "$SUITE" >"$D/parallel2.lua"
SUITE=$D/parallel2.lua
run slow par.readers
SUITE=tests/suites/parallel.lua
[ "$(rc slow par.readers)" = 1 ] && [ "$(failed_ids "$D/slow/par.readers.tap")" = par.readers ]
ok $? "a card slower than its timeout: the test fails" "$(show slow par.readers)"
diag_of "$D/slow/par.readers.tap" par.readers >"$D/slow.diag"
grep -q "Lua error in branch sam2: .*no answer within 300 ms" "$D/slow.diag"
ok $? "the failure is sam2's timeout" "$(cat "$D/slow.diag")"
for n in card contactless sam1; do
	c=$(apdus_of slow par.readers $n)
	[ "$c" -eq 4 ]
	ok $? "branch $n unaffected: 4 exchanges of 400 ms (got $c)"
done
# Each trace line ends an exchange at mono time $3 after $(NF-1) us: the
# intervals of different readers must overlap.
ov=$(trace slow par.readers | awk '$5 == "apdu" && $4 != "sam2" {
	gsub(/[(]/, "", $(NF - 2)); e = $3; s = e - $(NF - 2) / 1e6
	for (i = 0; i < n; i++) if (r[i] != $4 && s < E[i] && S[i] < e) o++
	r[n] = $4; S[n] = s; E[n++] = e } END { print o + 0 }')
[ "$ov" -gt 0 ]
ok $? "slow exchanges of different readers overlap in time ($ov overlapping pairs)" \
	"$(trace slow par.readers | grep apdu | head)"
done_testing
