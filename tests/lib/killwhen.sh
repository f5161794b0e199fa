# Sourced by the tests that kill bench (kill -9) in the middle of a test and
# `bench resume` it.
#   kill_when PATTERN OUT CMD...  runs CMD in the background and kill -9s it
#       once OUT/*/journal (the run's) holds a line matching PATTERN
#       (grep -E), or after 60 s.
kill_when() {
	_pat=$1 _out=$2
	shift 2
	"$@" >/dev/null 2>&1 &
	_pid=$!
	_i=0
	while ! grep -aEq "$_pat" "$_out"/*/journal 2>/dev/null && [ $_i -lt 6000 ]; do
		sleep 0.01
		_i=$((_i + 1))
	done
	kill -9 "$_pid" 2>/dev/null
	wait "$_pid" 2>/dev/null
}
