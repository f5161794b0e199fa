# Minimal TAP producer for sh tests: source it, call plan/ok/is/like, done.
# BENCH is the binary under test (normal or ASan build, per BENCH_BUILD).
BENCH_BUILD=${BENCH_BUILD:-build}
BENCH="$BENCH_BUILD/bench/bench"
_tap_n=0
_tap_failed=0

plan() { echo "1..$1"; }

ok() { # ok <0|1 as shell status of a test command already run> <name> [diagnostic]
	_tap_n=$((_tap_n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $_tap_n - $2"
	else
		echo "not ok $_tap_n - $2"
		_tap_failed=$((_tap_failed + 1))
		# On stderr, as Test::More's diag: prove shows it without -v.
		[ -z "${3:-}" ] || printf '%s\n' "$3" | head -20 | sed 's/^/# /' >&2
	fi
}

is() { # is <got> <expected> <name>
	if [ "$1" = "$2" ]; then ok 0 "$3"; else
		ok 1 "$3"
		echo "# got:      '$1'"
		echo "# expected: '$2'"
	fi
}

like() { # like <text> <grep -E pattern> <name>
	if printf '%s\n' "$1" | grep -Eq -- "$2"; then ok 0 "$3"; else
		ok 1 "$3"
		printf '%s\n' "$1" | head -20 | sed 's/^/# /'
		echo "# expected to match: $2"
	fi
}

# Counts of a TAP 14 stream from the strict parser (tests/tap/check.mjs).
tap_counts() { node "$(dirname "$0")/tap/check.mjs"; }
