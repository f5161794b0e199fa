#!/bin/sh
# Replays every fuzz seed and every saved crash input (tests/fuzz/seeds,
# tests/fuzz/regress) through the fuzz targets' entry points, linked without
# libFuzzer, in the build under test (normal or ASan+UBSan): a fixed crash
# stays fixed. The ATR target also gets the ~4000 real ATRs of pcsc-tools.
# With BENCH_FUZZ_SECONDS=N set, also fuzzes each target N s (clang needed).
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 1
build=${BENCH_BUILD:-build}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
targets="atr tlv escape answers img apdu station suite pwgcap rtsp journal keys verify"
echo "TAP version 13"
echo "1..15"
n=0
for t in $targets; do
	n=$((n + 1))
	bin=$build/tests/fuzz/replay_$t
	if [ ! -x "$bin" ]; then
		echo "not ok $n - replay $t: $bin not built"
		continue
	fi
	if count=$("$bin" tests/fuzz/seeds/"$t" tests/fuzz/regress/"$t" 2>"$tmp/$t.err") && [ "$count" -gt 0 ]; then
		echo "ok $n - replay $t: $count inputs"
	else
		echo "not ok $n - replay $t (count '${count:-}')"
		sed 's/^/# /' "$tmp/$t.err" | tail -30
	fi
done

n=$((n + 1))
if tests/fuzz/atr-seeds "$tmp/atrs" 2>"$tmp/seeds.err" &&
	count=$("$build/tests/fuzz/replay_atr" "$tmp/atrs" 2>"$tmp/atrs.err") && [ "$count" -ge 3000 ]; then
	echo "ok $n - every ATR of smartcard_list.txt parses or fails cleanly: $count ATRs"
else
	echo "not ok $n - smartcard_list.txt ATRs (count '${count:-}')"
	cat "$tmp/seeds.err" "$tmp/atrs.err" 2>/dev/null | sed 's/^/# /' | tail -30
fi

n=$((n + 1))
if [ -z "${BENCH_FUZZ_SECONDS:-}" ]; then
	echo "ok $n # SKIP set BENCH_FUZZ_SECONDS=N to fuzz each target N s"
elif tests/fuzz/run -t "$BENCH_FUZZ_SECONDS" >"$tmp/fuzz.out" 2>&1; then
	echo "ok $n - each target fuzzed ${BENCH_FUZZ_SECONDS} s, no crash"
	grep '^fuzz ' "$tmp/fuzz.out" | sed 's/^/# /'
else
	echo "not ok $n - fuzzing found a crash"
	tail -30 "$tmp/fuzz.out" | sed 's/^/# /'
fi
