#!/bin/sh
# The simulated social-security card through a real private pcscd + vpcd,
# driven by a third-party client (pcsc-tools scriptor): selection, files of
# GF 61/T PT002 appendix F, GET CHALLENGE and ISO 7816-4 error status words.
. "$(dirname "$0")/lib/station.sh"
tmp=$(mktemp -d)
trap '"$BENCH" sim down --station "$tmp/station.yaml" >/dev/null 2>&1; rm -rf "$tmp"' EXIT
card_station "$tmp"

n=0
ok() { n=$((n + 1)); if [ "$2" = "$3" ]; then echo "ok $n - $1"; else
	echo "not ok $n - $1"; echo "#   got:  $2"; echo "#   want: $3"; fi; }
like() { n=$((n + 1)); if echo "$2" | grep -Eq "$3"; then echo "ok $n - $1"; else
	echo "not ok $n - $1"; echo "#   got:  $2"; echo "#   want: /$3/"; fi; }

if ! "$BENCH" sim up --station "$tmp/station.yaml" 2>"$tmp/up.err"; then
	echo "Bail out! bench sim up failed: $(cat "$tmp/up.err")"
	exit 1
fi

apdus >"$tmp/out" <<'APDUS'
reset
00A40000023F00
00A404000F7378312E73682EC9E7BBE1B1A3D5CF
00A404000E315041592E5359532E4444463031
00B2010C00
00A404000E325041592E5359532E4444463031
00A40000023F00
00B2072C00
00B2012C00
00B2013400
00B2023400
00B2063400
00B0870004
00B0850000
0084000008
0084000008
00CA000000
80A4000000
00A40700023F00
00A40000021234
0084000005
00B2092C00
00B2014400
00B2018C00
00C0000000
00A4020002EF07
00B0030000
00B2072C05
00A4040008315041592E535953
00A40000023F
APDUS
r() { sed -n "$1p" "$tmp/out"; }

like "ATR offers T=1 with a correct TCK" "$(r 1)" '^ATR 3B89800180318053534353494D2D$'
ok "SELECT MF: FCI 6F{84 3F00, A5{88 DIR SFI}}" "$(r 2)" 6F0984023F00A5038801019000
ok "SELECT SSSE by its GBK name sx1.sh.(shehui baozhang)" "$(r 3)" \
	6F13840F7378312E73682EC9E7BBE1B1A3D5CFA5009000
ok "SELECT PSE 1PAY.SYS.DDF01: FCI with 84 and 88" "$(r 4)" \
	6F15840E315041592E5359532E4444463031A5038801019000
ok "PSE DIR record 1: 70{61{4F AID, 50 label}}" "$(r 5)" \
	701361114F07A00000033301015006$(printf PBOCDC | od -An -tx1 | tr -d ' \n' | tr a-f A-F)9000
like "SELECT PPSE 2PAY.SYS.DDF01: FCI has BF0C with the AID" "$(r 6)" \
	'^6F..840E325041592E5359532E4444463031A5..BF0C..61..4F08A000000333010101.*9000$'
ok "EF05 tag 07: card number 61010201000000014 as cn" "$(r 8)" 070961010201000000012F9000
ok "EF05 tag 01: card identification code" "$(r 9)" 0110861000000000000000000000000000019000
ok "EF06 tag 08: citizen ID 610102199003070024" "$(r 10)" \
	0812363130313032313939303033303730303234""9000
ok "EF06 tag 09: name (Zhang San) in GBK, padded with 00" "$(r 11)" \
	091ED5C5C8FD$(printf '%052d' 0)9000
ok "EF06 tag 0D: birth date 19900307 as cn" "$(r 12)" 0D04199003079000
ok "READ BINARY EF07 by SFI" "$(r 13)" 1A0102039000
ok "READ BINARY of a record file: 6981" "$(r 14)" 6981
like "GET CHALLENGE gives 8 bytes" "$(r 15)" '^[0-9A-F]{16}9000$'
n=$((n + 1))
if [ "$(r 15)" != "$(r 16)" ]; then echo "ok $n - two challenges differ"; else
	echo "not ok $n - two challenges differ"; fi
ok "unknown INS: 6D00" "$(r 17)" 6D00
ok "unsupported CLA: 6E00" "$(r 18)" 6E00
ok "SELECT with bad P1: 6A86" "$(r 19)" 6A86
ok "SELECT unknown FID: 6A82" "$(r 20)" 6A82
ok "GET CHALLENGE Le 5: 6700" "$(r 21)" 6700
ok "READ RECORD missing record: 6A83" "$(r 22)" 6A83
ok "READ RECORD EF08 (PIN to read): 6982" "$(r 23)" 6982
ok "READ RECORD unknown SFI: 6A82" "$(r 24)" 6A82
ok "GET RESPONSE with nothing pending: 6985" "$(r 25)" 6985
ok "SELECT EF07 by FID" "$(r 26)" 9000
ok "READ BINARY past the end of EF07: 6B00" "$(r 27)" 6B00
ok "READ RECORD with wrong Le: 6C0B" "$(r 28)" 6C0B
ok "SELECT by a partial DF name: 6A82" "$(r 29)" 6A82
ok "SELECT with Lc 1 and 1 byte: 6700" "$(r 30)" 6700

# protocol: T=0: the ATR offers T=0 only (no TCK), and a command with data
# gets its answer through 61xx + GET RESPONSE.
"$BENCH" sim down --station "$tmp/station.yaml"
sed -i 's/protocol: T=1/protocol: T=0/' "$tmp/station.yaml"
"$BENCH" sim up --station "$tmp/station.yaml" 2>"$tmp/up.err" ||
	echo "# bench sim up (T=0) failed: $(cat "$tmp/up.err")"
printf 'reset\n00A40000023F00\n00C000000B\n00B2072C00\n' | apdus >"$tmp/out"
ok "T=0: ATR without interface bytes or TCK" "$(r 1)" "ATR 3B0980318053534353494D"
ok "T=0: SELECT MF answers 610B" "$(r 2)" 610B
ok "T=0: GET RESPONSE gives the FCI" "$(r 3)" 6F0984023F00A5038801019000
ok "T=0: READ RECORD (case 2) answers directly" "$(r 4)" 070961010201000000012F9000
echo "1..$n"
