#!/bin/sh
# Issue 14, item 5: bench resume must not finish a run with other tests than
# it started with. run.json records the SHA-256 of each suite file and of the
# Lua in the lib/ folders it can require; a resume of a run whose suite
# changed, was removed, or whose lib gained a file is refused (exit 2) naming
# the file, and leaves the run as it was.
cd "$(dirname "$0")/.." || exit 1
. tests/lib/tap.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp "$BENCH" "$tmp/bench" && BENCH=$tmp/bench # the tree may be relinked meanwhile
plan 14

mkdir -p "$tmp/s/lib"
cat >"$tmp/s/lib/helper.lua" <<'EOF'
return { want = function(i) return i end }
EOF
cat >"$tmp/s/a.lua" <<'EOF'
local helper = require("helper")
suite { title = "resume vs changed suite" }
for i = 1, 12 do
  test { id = string.format("chg.%02d", i), title = "point " .. i, clause = "self §C",
    run = function(t) t:eq(i, helper.want(i), "as expected") end }
end
EOF
"$BENCH" run --station tests/stations/empty.yaml --out "$tmp/r" "$tmp/s/a.lua" >/dev/null 2>&1 || {
	echo "Bail out! the run of the test suite fails"
	exit 1
}
run=$(ls -d "$tmp"/r/*)
sha() { sha256sum "$1" | cut -d' ' -f1; }
like "$(cat "$run/run.json")" "\"$tmp/s/a.lua\": \"$(sha "$tmp/s/a.lua")\"" \
	"run.json records the suite file's SHA-256"
like "$(cat "$run/run.json")" "\"$tmp/s/lib/helper.lua\": \"$(sha "$tmp/s/lib/helper.lua")\"" \
	"and that of the Lua in its lib/ folder"

# Make it a run interrupted after 5 points: run.json not finished, the
# journal cut before its 6th record (what a kill -9 leaves).
interrupt() {
	sed -i 's/"exit_code": [0-9]*/"exit_code": null/' "$run/run.json"
	at=$(grep -ab '^R	' "$run/journal" | sed -n 6p | cut -d: -f1)
	truncate -s "$at" "$run/journal"
	cp "$run/journal" "$tmp/journal.before"
}
interrupt
resume() { "$BENCH" resume "$run" >"$tmp/out" 2>"$tmp/err"; }

cp "$tmp/s/a.lua" "$tmp/a.orig"
# The edit of the issue: tests in another order, one expecting something else.
sed -i 's/for i = 1, 12 do/for i = 12, 1, -1 do/; s/helper.want(i)/helper.want(i) + (i == 3 and 1 or 0)/' \
	"$tmp/s/a.lua"
resume
is $? 2 "a changed suite file: resume refuses (exit 2)"
like "$(cat "$tmp/err")" "^bench resume: $tmp/s/a.lua: changed since the run started" \
	"and names the file"
cmp -s "$run/journal" "$tmp/journal.before" && grep -q '"exit_code": null' "$run/run.json"
ok $? "the run is left as it was"
cp "$tmp/a.orig" "$tmp/s/a.lua"

cp "$tmp/s/lib/helper.lua" "$tmp/helper.orig"
echo '-- edited' >>"$tmp/s/lib/helper.lua"
resume
like "$?:$(cat "$tmp/err")" "^2:bench resume: $tmp/s/lib/helper.lua: changed since the run started" \
	"a changed lib file: refused, naming it"
cp "$tmp/helper.orig" "$tmp/s/lib/helper.lua"

echo 'return {}' >"$tmp/s/lib/extra.lua"
resume
like "$?:$(cat "$tmp/err")" "^2:bench resume: $tmp/s/lib/extra.lua: added since the run started" \
	"a Lua file added to its lib folder: refused, naming it"
rm "$tmp/s/lib/extra.lua"

mv "$tmp/s/lib/helper.lua" "$tmp/helper.moved"
resume
like "$?:$(cat "$tmp/err")" "^2:bench resume: $tmp/s/lib/helper.lua: removed since the run started" \
	"a lib file removed: refused, naming it"
mv "$tmp/helper.moved" "$tmp/s/lib/helper.lua"

# The suites as they were: the resume goes on.
resume
rc=$?
"$BENCH" verify --unsigned-ok "$run" >/dev/null 2>&1
is "$rc:$?" 0:0 "the same suites: resume finishes the run, and it verifies"
is "$(grep -c '^R	' "$run/journal")" 12 "with each of the 12 points once"
is "$(grep -c 'testcase name="chg.03' "$run/junit.xml"):$(grep -c '^    ok 3 - chg.03' "$run/results.tap")" \
	1:1 "junit.xml and results.tap list chg.03 once each"

# A run.json of an older bench has no hashes: nothing tells what changed.
interrupt
sed -i '/"suite_sha256": {/,/^  },$/d' "$run/run.json"
resume
like "$?:$(cat "$tmp/err")" "^2:.*run.json: records no suite hashes" \
	"a run.json without suite hashes: refused"
cmp -s "$run/journal" "$tmp/journal.before"
ok $? "and left as it was"

# A run.json whose suite list holds something else than a path (edited by
# hand, or damaged): refused naming the place, never a crash (it was a
# double free).
cp "$run/run.json" "$tmp/run.json.orig"
sed -i "s|\"suites\": \[\"$tmp/s/a.lua\"\]|\"suites\": [\"$tmp/s/a.lua\", {\"x\": 1}]|" "$run/run.json"
grep -q '{"x": 1}' "$run/run.json" || echo "# the edit of run.json did not take"
resume
like "$?:$(cat "$tmp/err")" "^2:bench resume: .*run.json:[0-9]+:[0-9]+: suite path must be a string" \
	"a suite list with a non-path in it: exit 2, naming run.json's line and column"
cp "$tmp/run.json.orig" "$run/run.json"
