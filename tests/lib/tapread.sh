# Sourced by the tests that read bench's TAP reports (through
# tests/lib/tapcheck.sh or tests/lib/printer.sh, whose `ok`s differ): the
# ids and diagnostics of a results.tap's inner test points.

# ids_of fail|pass|skip FILE: the ids of the points that failed, passed
# (not SKIPped) or SKIPped, one a line, in the report's order.
ids_of() {
	case $1 in
	fail) sed -n 's/^ \{4\}not ok [0-9]* - \([^:]*\):.*/\1/p' "$2" ;;
	pass) grep -E '^    ok [0-9]+ - ' "$2" | grep -v '# SKIP' |
		sed 's/^    ok [0-9]* - \([^:]*\):.*/\1/' ;;
	skip) sed -n 's/^ \{4\}ok [0-9]* - \([^:]*\):.*# SKIP.*/\1/p' "$2" ;;
	esac
}
# Ids of the failing test points of a results.tap.
failed_ids() { ids_of fail "$1"; }
# id_line fail|pass|skip FILE: those ids sorted, on one line, each followed
# by a space: what a test compares with its list.
id_line() { ids_of "$1" "$2" | sort | tr '\n' ' '; }
# The YAML diagnostic block of test point ID in a results.tap.
diag_of() {
	awk -v id="$2" '
		$0 ~ "^    (not )?ok [0-9]+ - " id ":" { on = 1; next }
		on && /^      \.\.\.$/ { exit }
		on { print }' "$1"
}
