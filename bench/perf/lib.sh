# shellcheck shell=sh
# Sourced by the bench/perf scripts after tests/lib/pcsim.sh, with RAW set
# to the rawloop binary.
#   perf_median                 the median of the numbers on stdin, one a line
#   perf_measured NAME RUNDIR   the value of measurement NAME in a bench run's
#                               RUNDIR/measurements.csv (nothing if none)
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

perf_median() {
	sort -g | awk '{ v[NR] = $1 } END { print NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

perf_measured() {
	awk -F, -v m="$1" '{ for (i = 1; i < NF; i++) if ($i == m) { print $(i + 1); exit } }' \
		"$2/measurements.csv"
}
