# shellcheck shell=sh
# Sourced by the bench/perf scripts after tests/lib/pcsim.sh, with RAW set
# to the rawloop binary.
#   perf_median                 the median of the numbers on stdin, one a line
#   perf_median_ci              "LO HI COVER": a distribution-free interval
#                               for that median, from two order statistics
#                               of the sorted numbers, and its coverage in %
#                               (the widest pair at or over 95 %; with
#                               fewer than 6 numbers no pair reaches it and
#                               min and max are given with theirs)
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

# The median lies below the k-th smallest of n numbers with probability
# P(Bin(n, 1/2) >= k), whatever their distribution; [x(k), x(n+1-k)] misses
# it with 2 P(Bin(n, 1/2) <= k-1). k is the largest with that at most 5 %.
perf_median_ci() {
	sort -g | awk '{ v[NR] = $1 } END {
		n = NR; if (!n) exit 1
		p = 2 ^ -n; cum = p; k = 1
		for (j = 1; 2 * (cum + (p = p * (n - j + 1) / j)) <= 0.05 && j < n / 2; j++) {
			cum += p; k = j + 1
		}
		printf "%s %s %.1f\n", v[k], v[n + 1 - k], 100 * (1 - 2 * cum)
	}'
}

perf_measured() {
	awk -F, -v m="$1" '{ for (i = 1; i < NF; i++) if ($i == m) { print $(i + 1); exit } }' \
		"$2/measurements.csv"
}
