#!/bin/sh
# bench/perf/lib.sh's statistics, which the benchmarks' verdicts on their
# goals rest on: the median of the rounds and the interval that says how
# far that median could be from the ratio the rounds scatter about.
cd "$(dirname "$0")/.." || exit 1
. tests/lib/tap.sh
. bench/perf/lib.sh
plan 8

is "$(printf '3\n1\n2\n' | perf_median)" 2 "median of an odd count: the middle one"
is "$(printf '4\n1\n3\n2\n' | perf_median)" 2.5 "median of an even count: the mean of the middle two"
# The interval's ends are order statistics of the sorted rounds: for 9
# rounds the 2nd and the 8th (2 P(Bin(9, 1/2) <= 1) = 20/512 misses).
is "$(printf '0.95\n0.91\n0.88\n0.93\n0.79\n1.02\n0.92\n0.90\n0.97\n' | perf_median_ci)" \
	"0.88 0.97 96.1" "9 rounds, in any order: 2nd and 8th smallest, 96.1 %"
is "$(seq 41 -1 1 | perf_median_ci)" "14 28 97.2" "41 rounds: 14th and 28th, 97.2 % (15th and 27th would be 90.9 %)"
is "$(seq 1 6 | perf_median_ci)" "1 6 96.9" "6 rounds: only min and max reach 95 %"
is "$(seq 1 5 | perf_median_ci)" "1 5 93.8" "5 rounds: min and max, and their coverage under 95 % said"
# 20 rounds by hand: 2 P(Bin(20, 1/2) <= 5) = 2 * 21700 / 2^20 = 4.1 %.
is "$(seq 1 20 | perf_median_ci)" "6 15 95.9" "20 rounds: 6th and 15th, 95.9 %"
printf '' | perf_median_ci >/dev/null
is $? 1 "no rounds: no interval, a failed status"
