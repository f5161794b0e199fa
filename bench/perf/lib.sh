# shellcheck shell=sh
# Sourced by the bench/perf scripts after tests/lib/pcsim.sh, with RAW set
# to the rawloop binary.
#   perf_card_ready WHO READER TENTHS   waits until the simulated card in
#   READER answers the mix's first APDU, at most TENTHS tenths of a second;
#   on time out says "WHO: no card in 'READER' after N s" and returns 1.
perf_card_ready() {
	_i=0
	until "$RAW" "$2" 1 bench/perf/mix.apdu >/dev/null 2>&1; do
		_i=$((_i + 1))
		[ $_i -lt "$3" ] || { echo "$1: no card in '$2' after $(($3 / 10)).$(($3 % 10)) s" >&2; return 1; }
		sleep 0.1
	done
}
