# Sourced by tests/card*.t: tiny TAP producer and TAP-report readers.
T_N=0
T_FAIL=0
ok() { # ok COND_EXIT_STATUS "what" [diag]
	T_N=$((T_N + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $T_N - $2"
	else
		T_FAIL=$((T_FAIL + 1))
		echo "not ok $T_N - $2"
		# On stderr, as Test::More's diag: prove shows it without -v.
		[ -z "${3:-}" ] || printf '%s\n' "$3" | sed 's/^/# /' >&2
	fi
}
done_testing() {
	echo "1..$T_N"
	[ "$T_FAIL" -eq 0 ]
}
# Ids of the failing test points (inner, indented) of a results.tap.
failed_ids() {
	sed -n 's/^ \{4\}not ok [0-9]* - \([^:]*\):.*/\1/p' "$1"
}
# The YAML diagnostic block of test point ID in a results.tap.
diag_of() {
	awk -v id="$2" '
		$0 ~ "^    (not )?ok [0-9]+ - " id ":" { on = 1; next }
		on && /^      \.\.\.$/ { exit }
		on { print }' "$1"
}
