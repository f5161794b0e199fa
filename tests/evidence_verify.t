#!/bin/sh
# Issue 8, must show 2: a signed run verifies; flipping any single byte of any
# report file, of trace.log, of manifest.json or manifest.sig makes
# `bench verify` fail naming that file (trace.log: the line).
cd "$(dirname "$0")/.." || exit 1
. tests/lib/tap.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp "$BENCH" "$tmp/bench" && BENCH=$tmp/bench # the tree may be relinked meanwhile
per_file=${EVIDENCE_TAMPERS:-12}
files="results.tap measurements.csv trace.log journal run.json junit.xml report.html manifest.json manifest.sig"
plan 21

openssl genpkey -algorithm ed25519 -out "$tmp/lab.pem" 2>/dev/null &&
	openssl pkey -in "$tmp/lab.pem" -pubout -out "$tmp/lab.pub" 2>/dev/null
ok $? "lab key made with the documented openssl command"
openssl genpkey -algorithm ed25519 -out "$tmp/other.pem" 2>/dev/null &&
	openssl pkey -in "$tmp/other.pem" -pubout -out "$tmp/other.pub" 2>/dev/null
sed 's/^  name: empty$/  name: signed\n  lab_key: lab.pem/' tests/stations/empty.yaml >"$tmp/station.yaml"
"$BENCH" run --station "$tmp/station.yaml" --out "$tmp/r" tests/suites/evidence.lua \
	tests/suites/mixed.lua >/dev/null 2>"$tmp/err"
is $? 1 "signed run exits 1 (deliberate failures)"
run=$(ls -d "$tmp"/r/*)
[ -s "$run/manifest.sig" ]
ok $? "manifest.sig written"
out=$("$BENCH" verify --pubkey "$tmp/lab.pub" "$run" 2>&1)
is $? 0 "untouched run verifies against the lab's public key"
like "$out" "intact; signed by key sha256:[0-9a-f]{64}" "verify names the signer's key fingerprint"
"$BENCH" verify --pubkey "$tmp/other.pub" "$run" >/dev/null 2>&1
is $? 1 "pinned to another key: fails"

# Flip one bit of one byte at the first, last and random offsets of each
# file, and at its first '=' (in manifest.sig, base64 padding: turned into a
# digit it adds a byte the key parser ignored, so only a length check sees it).
total=0 caught=0 named=0 lines=0 nlines=0
for f in $files; do
	p="$run/$f"
	size=$(stat -c %s "$p")
	k=0
	while [ $k -lt "$per_file" ]; do
		case $k in
		0) off=0 ;;
		1) off=$((size - 1)) ;;
		2) off=$(grep -bo = "$p" | head -1 | cut -d: -f1) && [ -n "$off" ] || off=$((size / 2)) ;;
		*) off=$(($(od -An -N4 -tu4 /dev/urandom) % size)) ;;
		esac
		k=$((k + 1))
		cp "$p" "$tmp/orig"
		byte=$(od -An -tu1 -j"$off" -N1 "$p" | tr -d ' ')
		# shellcheck disable=SC2059
		printf "$(printf '\\%03o' $((byte ^ 4)))" | dd of="$p" bs=1 seek="$off" conv=notrunc 2>/dev/null
		msg=$("$BENCH" verify --pubkey "$tmp/lab.pub" "$run" 2>&1)
		rc=$?
		total=$((total + 1))
		[ $rc -ne 0 ] && caught=$((caught + 1))
		case $msg in *": $f"*) named=$((named + 1)) ;; *) echo "# $f@$off not named: $msg" ;; esac
		if [ "$f" = trace.log ] && [ "$byte" != 10 ]; then
			want=$(($(head -c "$off" "$tmp/orig" | tr -dc '\n' | wc -c) + 1))
			nlines=$((nlines + 1))
			case $msg in *"trace.log:$want:"*) lines=$((lines + 1)) ;; *) echo "# trace.log@$off (line $want): $msg" ;; esac
		fi
		cp "$tmp/orig" "$p"
	done
done
is "$caught" "$total" "every single-byte tamper detected ($total tampers over ${per_file} offsets of each file)"
is "$named" "$total" "every detection names the tampered file"
is "$lines" "$nlines" "trace.log tampers name the tampered line"
"$BENCH" verify --pubkey "$tmp/lab.pub" "$run" >/dev/null 2>&1
is $? 0 "restored files verify again"

# A removed trace line and a file not in the manifest.
cp "$run/trace.log" "$tmp/orig"
sed -i '3d' "$run/trace.log"
like "$("$BENCH" verify "$run" 2>&1)" "trace.log" "a deleted trace line is detected"
cp "$tmp/orig" "$run/trace.log"
echo extra >"$run/junit.xml.tmp"
"$BENCH" verify --pubkey "$tmp/lab.pub" "$run" >/dev/null 2>&1
is $? 0 "stray files outside the report set do not matter"
rm -f "$run/junit.xml.tmp"

# bench report rebuilds and re-signs (key from the station in run.json).
"$BENCH" report "$run" 2>/dev/null && "$BENCH" verify --pubkey "$tmp/lab.pub" "$run" >/dev/null 2>&1
ok $? "bench report DIR rebuilds the reports and re-signs them"
# journal.cut (what a resume cut off the journal) is evidence like the rest.
printf 'R\t0\t1\tpass' >"$run/journal.cut"
like "$("$BENCH" verify --pubkey "$tmp/lab.pub" "$run" 2>&1)" "journal.cut: present but not in the manifest" \
	"a journal.cut the manifest does not list fails verify"
"$BENCH" report "$run" 2>/dev/null && "$BENCH" verify --pubkey "$tmp/lab.pub" "$run" >/dev/null 2>&1
ok $? "... bench report lists it in the manifest, and the run verifies"
printf 'x' >>"$run/journal.cut"
like "$("$BENCH" verify --pubkey "$tmp/lab.pub" "$run" 2>&1)" "journal.cut: SHA-256 differs" \
	"... and an edit of it is named"
rm "$run/journal.cut"
"$BENCH" report "$run" 2>/dev/null

# Unsigned runs say so and do not pass verify by default.
"$BENCH" run --station tests/stations/empty.yaml --out "$tmp/u" tests/suites/mixed.lua \
	>/dev/null 2>"$tmp/uerr"
like "$(cat "$tmp/uerr")" "NOT signed" "a run without a lab key says its manifest is unsigned"
urun=$(ls -d "$tmp"/u/*)
"$BENCH" verify "$urun" >/dev/null 2>&1
is $? 1 "verify refuses an unsigned run"
"$BENCH" verify --unsigned-ok "$urun" >/dev/null 2>&1
is $? 0 "--unsigned-ok accepts it when its hashes and chain hold"
# An unsigned manifest anyone can rewrite: one that lists a name no run
# writes ("..", the run directory's parent) is tampering (exit 1), not a
# usage error (it was exit 2: the directory could not be hashed).
cp "$urun/manifest.json" "$tmp/orig"
sed -i 's/^  "files": {$/  "files": {\n    "..": "00",/' "$urun/manifest.json"
out=$("$BENCH" verify --unsigned-ok "$urun" 2>&1)
is $? 1 "a manifest listing \"..\": exit 1"
like "$out" 'manifest.json: lists "..", not a run.s file' "... naming the entry"
cp "$tmp/orig" "$urun/manifest.json"
