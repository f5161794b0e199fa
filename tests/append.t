#!/bin/sh
# trace.log's mapped window (bench/record/append.c), in a tmpfs (where it is
# used) and in the test's own directory (whatever its filesystem allows).
cd "$(dirname "$0")/.." || exit 1
tmp=$(mktemp -d)
mnt=
trap '[ -n "$mnt" ] && umount "$mnt"; rm -rf "$tmp"' EXIT
mkdir "$tmp/tmpfs" "$tmp/own"
mount -t tmpfs -o size=16m tmpfs "$tmp/tmpfs" 2>/dev/null && mnt=$tmp/tmpfs
"${BENCH_BUILD:-build}/tests/unit/test_append" "$tmp/tmpfs" "$tmp/own"
