# Sourced by tests/card*.t: tiny TAP producer, and the TAP-report readers of
# tests/lib/tapread.sh.
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
. "$(dirname "$0")/lib/tapread.sh" # failed_ids, diag_of, id_line
