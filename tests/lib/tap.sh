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

# stop_when PID FILE PATTERN SIG [SECONDS]: once FILE holds PATTERN (up to
# 20 s) and a moment more, sends SIG to PID (a background job of this
# shell), waits up to SECONDS (10) for it to end, else SIGKILLs it. Sets
# stop_rc: its exit code, or "still running N s after SIG".
stop_when() {
	_i=0
	while ! grep -qs "$3" "$2" && [ $_i -lt 400 ]; do sleep 0.05; _i=$((_i + 1)); done
	sleep 0.3
	kill -"$4" "$1"
	_i=0
	while kill -0 "$1" 2>/dev/null && [ $_i -lt $((${5:-10} * 10)) ]; do sleep 0.1; _i=$((_i + 1)); done
	if kill -0 "$1" 2>/dev/null; then
		kill -9 "$1"
		wait "$1"
		stop_rc="still running ${5:-10} s after SIG$4"
	else
		wait "$1"
		stop_rc=$?
	fi
}
