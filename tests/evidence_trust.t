#!/bin/sh
# Issue 14, item 1: a signature is only worth the key behind it. A run
# edited, re-chained and re-signed with another key (bench report --key) must
# not verify: bench verify checks the signer against the lab's trust list
# (--trust FILE, $BENCH_TRUST, /etc/bench/trusted-keys), and a run it cannot
# check against one is "not verified against a trusted key", never exit 0.
# The station names the lab's public key (lab_pubkey); run.json and the
# manifest record its fingerprint, and a lab_key that is not that key stops
# the run before it starts.
cd "$(dirname "$0")/.." || exit 1
. tests/lib/tap.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp "$BENCH" "$tmp/bench" && BENCH=$tmp/bench # the tree may be relinked meanwhile
unset BENCH_TRUST
plan 26

key() { # key NAME: NAME.pem, NAME.pub and its fingerprint (hex) on stdout
	openssl genpkey -algorithm ed25519 -out "$tmp/$1.pem" 2>/dev/null &&
		openssl pkey -in "$tmp/$1.pem" -pubout -out "$tmp/$1.pub" 2>/dev/null &&
		openssl pkey -pubin -in "$tmp/$1.pub" -outform DER | sha256sum | cut -d' ' -f1
}
lab=$(key lab) && other=$(key other) || {
	echo "Bail out! openssl cannot make ed25519 keys"
	exit 1
}
station() { # station NAME [LAB_PUBKEY]: an empty station signing with lab.pem, in $tmp/NAME.yaml
	sed "s|^  name: empty\$|  name: $1\n  lab_key: lab.pem${2:+\n  lab_pubkey: $2}|" \
		tests/stations/empty.yaml >"$tmp/$1.yaml"
}
verify() { "$BENCH" verify "$@" >"$tmp/v.out" 2>"$tmp/v.err"; }
said() { cat "$tmp/v.out" "$tmp/v.err"; }

# A station naming its lab_pubkey: run.json and the manifest record it.
station lab3 lab.pub
"$BENCH" run --station "$tmp/lab3.yaml" --out "$tmp/p" tests/suites/evidence.lua \
	>/dev/null 2>"$tmp/err"
is $? 1 "a run on a station naming its lab_key and lab_pubkey (deliberate failures)"
prun=$(ls -d "$tmp"/p/* 2>/dev/null)
like "$(cat "$prun/run.json")" "\"lab_key_fingerprint\": \"sha256:$lab\"" \
	"run.json records the fingerprint of the lab key the station names"
like "$(cat "$prun/manifest.json")" "\"lab_key_fingerprint\": \"sha256:$lab\"" \
	"manifest.json records it"
like "$(cat "$prun/manifest.json")" "\"signer\": \"sha256:$lab\"" \
	"manifest.json records the key that signed it"

# A station with a lab_key only (as before lab_pubkey): the key it signs with.
station lab2
"$BENCH" run --station "$tmp/lab2.yaml" --out "$tmp/r" tests/suites/evidence.lua \
	>/dev/null 2>&1
run=$(ls -d "$tmp"/r/*)
like "$(cat "$run/run.json")" "\"lab_key_fingerprint\": \"sha256:$lab\"" \
	"without lab_pubkey, run.json records the fingerprint of lab_key"

printf '# lab-3 signing keys\n\nsha256:%s lab-3 2026\n' "$lab" >"$tmp/trusted"
verify --trust "$tmp/trusted" "$run"
is $? 0 "signed by a key of the trust list (fingerprint line): verifies"
like "$(said)" "intact; signed by key sha256:$lab, trusted \(.*trusted: lab-3 2026\)" \
	"verify names the trusted key and its name in the list"
cp "$tmp/lab.pub" "$tmp/trusted.pem"
verify --trust "$tmp/trusted.pem" "$run"
is $? 0 "a trust list holding the PEM public key (cat lab.pub) verifies"
{
	echo "# one line of base64 DER"
	grep -v '^-----' "$tmp/lab.pub" | tr -d '\n'
	echo
} >"$tmp/trusted.b64"
verify --trust "$tmp/trusted.b64" "$run"
is $? 0 "a trust list holding the key as one line of base64 DER verifies"
BENCH_TRUST=$tmp/trusted verify "$run"
like "$?:$(said)" "^0:.*trusted \($tmp/trusted: lab-3 2026\)" "\$BENCH_TRUST names the default trust list"

# No trust list at all: the signature holds, but whose key is it?
if [ -e /etc/bench/trusted-keys ]; then
	ok 0 "# SKIP /etc/bench/trusted-keys exists on this machine"
	ok 0 "# SKIP /etc/bench/trusted-keys exists on this machine"
else
	verify "$run"
	is $? 1 "no trust list configured: a signed run does not verify"
	like "$(said)" "not verified against a trusted key.*no trust list" \
		"and verify says it is not verified against a trusted key"
fi

# The forgery of the issue: trace rewritten and re-chained, DUT serial
# edited, reports rebuilt and signed with another key.
cp -a "$run" "$tmp/forged" && f=$tmp/forged
sed 's/< 9000/< 6988/' "$run/trace.log" | perl -MDigest::SHA=sha256_hex -ne '
	BEGIN { $p = sha256_hex("bench trace.log genesis " . shift) }
	chomp; s/\t[0-9a-f]{64}$//; print "$_\t$p\n"; $p = sha256_hex("$_\t$p");' \
	"$(basename "$run")" >"$f/trace.log"
sed -i 's/"dut_serial": "SN-0001"/"dut_serial": "SN-9999"/' "$f/run.json"
n=$(grep -c '< 6988' "$f/trace.log") && [ "$n" -gt 0 ] && grep -q SN-9999 "$f/run.json" &&
	"$BENCH" report --key "$tmp/other.pem" "$f" 2>"$tmp/rep.err" || {
	echo "Bail out! the forgery could not be made"
	exit 1
}
like "$(cat "$tmp/rep.err")" "warning: signing with key sha256:$other, not the station's lab key sha256:$lab" \
	"bench report warns that the key is not the station's lab key"
grep -v '^-----' "$tmp/other.pub" | tr -d '\n' >"$tmp/other.b64"
verify --trust "$tmp/other.b64" "$f"
is $? 0 "control: the forgery is intact for whoever trusts the other key"
verify --trust "$tmp/trusted" "$f"
is $? 1 "the forged run does not verify against the lab's trust list"
like "$(said)" "manifest.sig: signed by key sha256:$other, which the trust list $tmp/trusted does not list: not verified against a trusted key" \
	"verify names the untrusted signer and the trust list"
like "$(said)" "the station named sha256:$lab" "and notes the key the station had named"
BENCH_TRUST=$tmp/trusted verify "$f"
is $? 1 "nor against the default trust list (\$BENCH_TRUST)"
if [ -e /etc/bench/trusted-keys ]; then
	ok 0 "# SKIP /etc/bench/trusted-keys exists on this machine"
else
	verify "$f"
	is $? 1 "nor with no trust list configured (it used to say intact, exit 0)"
fi

# Unsigned runs are not verified against a trusted key, and say so.
"$BENCH" run --station tests/stations/empty.yaml --out "$tmp/u" tests/suites/allpass.lua \
	>/dev/null 2>&1
urun=$(ls -d "$tmp"/u/*)
verify --trust "$tmp/trusted" "$urun"
is $? 1 "an unsigned run fails verify, trust list or not"
like "$(said)" "not signed, so it is not verified against a trusted key" \
	"verify says the unsigned run is not verified against a trusted key"
verify --unsigned-ok "$urun"
like "$?:$(said)" "^0:.*intact; NOT SIGNED: not verified against a trusted key" \
	"--unsigned-ok accepts it, saying it is not verified against a trusted key"

# The station's lab_key must be the key its lab_pubkey names.
station wrong other.pub
"$BENCH" run --station "$tmp/wrong.yaml" --out "$tmp/w" tests/suites/allpass.lua \
	>/dev/null 2>"$tmp/err"
like "$?:$(ls "$tmp/w" 2>/dev/null | wc -l):$(cat "$tmp/err")" \
	"^2:0:.*lab_key lab.pem is key sha256:$lab, not the lab's key that lab_pubkey names \(sha256:$other\)" \
	"a lab_key that is not the key lab_pubkey names: exit 2, saying so, and nothing ran"
station byfpr "sha256:$lab"
"$BENCH" run --station "$tmp/byfpr.yaml" --out "$tmp/f" tests/suites/allpass.lua \
	>/dev/null 2>&1
is $? 0 "lab_pubkey may be the key's fingerprint"
station badfpr "sha256:1234"
"$BENCH" run --station "$tmp/badfpr.yaml" --out "$tmp/b" tests/suites/allpass.lua \
	>/dev/null 2>"$tmp/err"
like "$?:$(cat "$tmp/err")" "^2:.*lab_pubkey: 'sha256:1234' is not a fingerprint" \
	"a malformed lab_pubkey fingerprint: exit 2"

printf '# keys\nsha256:%s\nnot-a-key at all\n' "$lab" >"$tmp/bad-trust"
verify --trust "$tmp/bad-trust" "$run"
like "$?:$(said)" "^2:.*$tmp/bad-trust:3: not a key" "a bad trust list line: exit 2 naming FILE:LINE"
