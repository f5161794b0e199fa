# Sourced by the tests that grep a run for key and PIN values.
#   SECRETS   the values to look for, one per word: each key, each 8-byte
#             part of a longer key, each PIN and its digits as ASCII hex.
#   leaks PATH...  prints every secret found in a file under the paths in
#             any form the redaction filter (bench/lib/crypto/redact.c) must
#             catch: any case, any run of separators between digits (space,
#             tab, ':', '-', '.', '_', the escaped tab "\t"). Separators are
#             deleted before grepping, so one grep per secret covers them all.
#   secret_forms V  prints V and, for a key longer than 8 bytes, its parts.

leaks() {
	_flat=$(mktemp)
	find -L "$@" -type f 2>/dev/null | while IFS= read -r _f; do
		sed 's/\\t//g' "$_f" | tr -d ' \t:._-'
		echo
	done >"$_flat"
	for _v in $SECRETS; do
		grep -qi -- "$_v" "$_flat" && echo "$_v"
	done
	rm -f "$_flat"
}

secret_forms() {
	echo "$1"
	_v=$1
	while [ ${#1} -gt 16 ] && [ ${#_v} -ge 16 ]; do
		echo "$_v" | cut -c1-16
		_v=$(echo "$_v" | cut -c17-)
	done
}
