#!/bin/sh
# Key file + bench.keys/bench.crypto end to end: suites reach keys only as
# handles, results match published vectors, and no key or PIN value from the
# key file appears anywhere in the run directory, even when a suite writes a
# key out as a literal (the runner redacts every output, bench/lib/crypto/redact.c), and
# a key file others can read ends the run before it starts (exit 2).
cd "$(dirname "$0")/.." || exit 1
. tests/lib/tap.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
plan 14


# Values from the key file below; each must never reach reports/<run>.
secrets="7962D9ECE03D1ACD4C76089DCE131543 11223344556677888877665544332211
0123456789ABCDEFFEDCBA9876543210 7962D9ECE03D1ACD 4C76089DCE131543 739184 739185"
cat >"$tmp/keys.yaml" <<'EOF2'
keys:
  - {role: card, id: icao.kmac, version: 1, algorithm: 3des, usage: mac,
     value: "7962D9ECE03D1ACD4C76089DCE131543"}
  - {role: card, id: purse.dpk, version: 1, algorithm: 3des, usage: purchase,
     value: "11223344556677888877665544332211"}
  - {role: card, id: sm4.test, version: 1, algorithm: sm4,
     value: "0123456789ABCDEFFEDCBA9876543210"}
pins:
  - {role: card, id: holder, value: "739184"}
  - {role: card, id: pse, value: "739184"}
  - {role: card, id: other, value: "739185"}
  - {role: card, id: longer, value: "7391840"}
EOF2
chmod 600 "$tmp/keys.yaml"
sed 's/^station:/station:\n  keys: keys.yaml/' tests/stations/empty.yaml >"$tmp/st.yaml"

leaks() { # prints the secrets found under $1 (grep -r, case-insensitive)
	for v in $secrets; do grep -rqi -- "$v" "$1" && echo "$v"; done
}

out=$("$BENCH" run --station "$tmp/st.yaml" --out "$tmp/r1" tests/suites/crypto_keys.lua \
	2>"$tmp/err1")
is $? 1 "the run exits 1 (one deliberate failure)"
like "$out" '^    ok 2 - crypto.retail_mac' "retail MAC with a key handle matches ICAO 9303-11 D.3"
like "$out" '^    ok 3 - crypto.purse' "purchase MAC1/MAC2 from a DPK handle match the worked example"
like "$out" '^    ok 4 - crypto.sm4' "SM4 with a key handle matches GB/T 32907 A.1"
like "$out" '^    ok 5 - crypto.errors' "bad keys and arguments are Lua errors naming the problem"
like "$out" '^    ok 7 - crypto.same_pin' "same_pin: equal digits true; another digit, another length false"
like "$out" 'key: "<key:card/icao.kmac>"' "a noted handle shows as <key:ROLE/ID>"
like "$out" 'got: "<key:card/icao.kmac>"' "a failing check shows the label, not the value"
like "$out" 'deliberate error mentioning <key:card/purse.dpk>' "an error message shows the label"
run=$(ls -d "$tmp"/r1/*/ | head -1)
is "$(leaks "$run"; leaks "$tmp/err1")" "" "no key or PIN value anywhere in the run directory or stderr"

# A careless suite writes secrets out as literals: only the runner's
# redaction filter can catch these.
"$BENCH" run --station "$tmp/st.yaml" --out "$tmp/r2" tests/suites/crypto_hostile.lua \
	>"$tmp/out2" 2>"$tmp/err2"
is $? 1 "the hostile suite fails"
run=$(ls -d "$tmp"/r2/*/ | head -1)
found=$(leaks "$run"; leaks "$tmp/out2"; leaks "$tmp/err2")
[ -z "$found" ]
ok $? "literal secrets are redacted in every run file"
grep -q '<key:card/icao.kmac>' "$tmp/out2"
ok $? "redacted literals show as their label"

chmod 644 "$tmp/keys.yaml"
err=$("$BENCH" run --station "$tmp/st.yaml" --out "$tmp/r3" tests/suites/crypto_keys.lua \
	2>&1 >/dev/null)
st=$?
[ $st -eq 2 ] && printf '%s' "$err" | grep -q 'mode 0644'
ok $? "a world-readable key file: exit 2 with the reason"
