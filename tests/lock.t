#!/bin/sh
# Locks (docs/evidence.md "Locks"): a run holds its station and its run
# directory. A second run on the same station, or a `bench resume` of a run
# under way, exits 2 naming the holder (pid, run id, since when); a station
# file elsewhere is another station. A killed holder's locks go with it.
set -u
cd "$(dirname "$0")/.." || exit 1
. tests/lib/tap.sh
tmp=$(mktemp -d)
bg=""
trap '[ -z "$bg" ] || kill -9 $bg 2>/dev/null; rm -rf "$tmp"' EXIT
plan 10
# A station with a device role the suites never open (nothing to start).
cat >"$tmp/st.yaml" <<EOS
station: {name: lock test station}
dut: {maker: bench, model: T-1, serial: L-1, firmware: "1.0"}
roles:
  card: {driver: pcsc}
EOS
mkdir "$tmp/elsewhere"
cp "$tmp/st.yaml" "$tmp/elsewhere/st.yaml"
# start NAME CMD...: CMD in the background, until its suite says it holds.
start() {
	_n=$1
	shift
	"$@" >"$tmp/$_n.tap" 2>"$tmp/$_n.err" &
	bg=$!
	_i=0
	while ! grep -qs 'lock.hold: holding' "$tmp/$_n.err" && [ $_i -lt 400 ]; do sleep 0.05; _i=$((_i + 1)); done
}
killbg() { kill -9 $bg 2>/dev/null; wait $bg 2>/dev/null; bg=""; }

start a "$BENCH" run --station "$tmp/st.yaml" --out "$tmp/out" tests/suites/lock.lua
apid=$bg
run=$(ls -d "$tmp"/out/*/ | head -1)
id=$(basename "$run")
err=$(timeout 60 "$BENCH" run --station "$tmp/st.yaml" --out "$tmp/b" tests/suites/allpass.lua 2>&1 >/dev/null)
rcb=$?
first=$err
timeout 60 "$BENCH" run --station "$tmp/elsewhere/st.yaml" --out "$tmp/c" tests/suites/allpass.lua >/dev/null 2>&1
rcc=$?
[ $rcb = 2 ] && [ $rcc = 0 ]
ok $? "a second run on the station exits 2 ($rcb); a station file elsewhere runs ($rcc)"
like "$err" "station $tmp/st.yaml: in use by pid $apid, bench run $id, since [0-9-]+T[0-9:]+Z \(lock /[^ ]*/bench-station-[0-9a-f]{16}\.lock\)" \
	"it names the holder: pid, run id, since when, and the lock file"
err=$(timeout 60 "$BENCH" resume "$run" 2>&1 >/dev/null)
rcd=$?
[ $rcd = 2 ]
ok $? "bench resume of the run under way exits 2 ($rcd)"
like "$err" "run directory ${run%/}: in use by pid $apid, bench run $id, since " "naming the run holding it"

killbg # kill -9: the kernel drops its locks
timeout 60 "$BENCH" run --station "$tmp/st.yaml" --out "$tmp/e" tests/suites/allpass.lua >/dev/null 2>&1
rce=$?
[ $rcb = 2 ] && [ $rce = 0 ]
ok $? "after kill -9 of the holder the station is free again ($rce)"

# Two resumes at once would break the journal and the trace's hash chain.
start r1 "$BENCH" resume "$run"
r1=$bg
err=$(timeout 60 "$BENCH" resume "$run" 2>&1 >/dev/null)
rc2=$?
[ $rc2 = 2 ]
ok $? "a second bench resume while one runs exits 2 ($rc2)"
like "$err" "in use by pid $r1, bench resume $id, since " "naming the resume holding it"
killbg
out=$(timeout 60 "$BENCH" resume "$run" 2>/dev/null)
rc3=$?
[ $rc2 = 2 ] && [ $rc3 = 0 ] && [ "$(printf '%s\n' "$out" | grep -c '^    ok 1 - lock.hold')" = 1 ]
ok $? "the next resume finishes the run ($rc3)"
[ $rc2 = 2 ] && "$BENCH" verify --unsigned-ok "$run" >/dev/null 2>&1
ok $? "and its evidence verifies: one resume at a time kept the hash chain whole"
lockfile=$(printf '%s\n' "$first" | sed -n 's/.*(lock \(.*\.lock\))$/\1/p')
[ -n "$lockfile" ] && [ ! -e "$lockfile" ] && [ ! -e "$run/run.lock" ]
ok $? "a released lock leaves no file behind (station ${lockfile:-?}, run.lock)"
