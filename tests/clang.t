#!/bin/sh
# The fuzz build (tests/fuzz/run, tests/fuzz/libfuzzer.ninja) compiles the
# tree with clang, which the other builds do not use: every C file of the
# tree must pass clang's front end with the project's flags and warnings as
# errors, so the fuzzers cannot rot unseen, as they once did (a vector
# expression GCC takes and clang refuses in bench/base/hex.c, positional
# initialisers clang's -Wextra refuses in bench/lib/card/choices.c).
# Front end only: seconds.
cd "$(dirname "$0")/.." || exit 1
. tests/lib/tap.sh
plan 3

command -v clang >/dev/null
ok $? "clang is installed (bench/setup)"
flags=$(sed -n 's/^cflags = //p' build.ninja)
pkgs=$(grep -h '^ *pkgs = ' build.ninja ninja/*.ninja ./*/*.ninja ./*/*/*.ninja 2>/dev/null |
	sed 's/.*= //' | tr ' ' '\n' | grep -v '^\$' | sort -u | tr '\n' ' ')
# shellcheck disable=SC2086
inc=$(pkg-config --cflags $pkgs)
files=$(git ls-files '*.c')
is "$(printf '%s\n' "$files" | wc -l | tr -d ' ')" "$(find . -name '*.c' -not -path './build/*' -not -path './.git/*' -not -path '*/node_modules/*' | wc -l | tr -d ' ')" \
	"every C file of the tree is in the list (git ls-files, none left out)"
# shellcheck disable=SC2086
out=$(printf '%s\n' "$files" | xargs -n 16 clang $flags $inc -Wno-unknown-warning-option -fsyntax-only 2>&1)
ok $? "every C file passes clang's front end with build.ninja's cflags" "$out"
