#!/bin/sh
# suites/printer/reliability.lua (DB43/T 3.3 表1-7: 24 h without a fault)
# killed with bench (kill -9) in the middle of its soak, then `bench resume`d:
# the soak goes on from its last saved card, not from zero, and what it saw
# before the kill (errors, a first error of a pair) still counts; each run
# a simulated day at --time-scale 3600. And printer.rate killed in its
# batch: a slow window printed before the kill still counts.
. "$(dirname "$0")/lib/printer.sh"
. "$(dirname "$0")/lib/killwhen.sh"

# killed NAME PATTERN [sim]: the soak on station NAME, kill -9ed once the
# journal holds a checkpoint matching PATTERN (grep -E), its simulators
# stopped too with `sim`, then resumed (exit code in rc, TAP in $d/NAME.tap). The trace of both is $d/NAME.out/*/trace.log.
killed() {
	BENCH_SIM_DIR="$d/$1.sim" kill_when "$2" "$d/$1.out" "$BENCH" run --station "$d/$1.yaml" \
		--out "$d/$1.out" --time-scale 3600 suites/printer/reliability.lua
	[ "${3:-}" = sim ] && BENCH_SIM_DIR="$d/$1.sim" "$BENCH" sim down --station "$d/$1.yaml" >/dev/null 2>&1
	BENCH_SIM_DIR="$d/$1.sim" timeout 900 "$BENCH" resume "$d/$1.out"/* >"$d/$1.tap" 2>"$d/$1.err"
	rc=$?
}
note() { sed -n "s/^ *$2: //p" "$d/$1.tap" | head -1; }

# 1. A good printer killed after 200 cards (of about 480): the resumed soak passes, says
#    where it went on from, and prints the rest of the day only: the day's
#    Print-Job requests in trace.log are the cards counted (and the one in
#    hand at the kill), not a day and a half.
ROLE="soak_hours: 24" pstation good nocard
killed good '\["cards"\]=[2-9][0-9][0-9],'
cards=$(note good cards)
jobs=$(grep -c 'Print-Job' "$d"/good.out/*/trace.log)
[ "$rc" -eq 0 ] && grep -q '^ *ok 1 - printer.reliability: [^#]*$' "$d/good.tap" &&
	note good resumed1 | grep -Eq '^"after card [2-9][0-9][0-9], [0-9.]+ h into the soak' &&
	[ "$jobs" -le $((cards + 1)) ] && [ "$cards" -gt 200 ]
ok $? "killed $(note good resumed1 | cut -d, -f1 | tr -d '"'): the soak goes on, passes; $jobs jobs for $cards cards" \
	"$d/good.tap"
pcsv good | awk -F, '$2 == "fault_free_hours" && $3 >= 24 { f = 1 } END { exit !f }'
ok $? "its fault-free hours are the day's, the time bench was down not among them" "$d/good.tap"

# 1b. The printer restarted while bench was down (its simulator stopped,
#     started again by the resume: job ids begin again): the card that was in
#     hand is unknown to it, so it is not counted, said so; the soak passes.
ROLE="soak_hours: 24" pstation restart nocard
killed restart '\["cards"\]=1[0-9][0-9],' sim
[ "$rc" -eq 0 ] && grep -q '^ *ok 1 - printer.reliability: [^#]*$' "$d/restart.tap" &&
	note restart resumed1 | grep -Eq 'not counted: (the printer no longer knows job|job [0-9]+ is now the printer.s job)'
ok $? "the printer restarted meanwhile: the card in hand is not counted, the soak passes" \
	"$d/restart.tap"

# 2. A jam pair (cards 50 and 51) with the kill between them: the first
#    jam was saved at once; the resumed soak judges card 51 (its job looked
#    up, or sent again) and finds the pair: one fault, as without the kill.
ROLE="soak_hours: 24, job_timeout: 2" pstation pair nocard "jam_every: 50" "jam_burst: 2"
killed pair '\["run_of_errors"\]=1,'
[ "$rc" -eq 1 ] && grep -q 'two consecutive print errors: card 51 ' "$d/pair.tap" &&
	note pair error1 | grep -q '^"card 50 at ' && note pair resumed1 | grep -q '^"after card 50,'
ok $? "a jam pair split by the kill is still one fault: error1 card 50, the fault at card 51" \
	"$d/pair.tap"
# 3. printer.rate (表1-1 >= 100 cards/h): a printer slowed to 80 cards/h from
#    card 10 (throttle_after), bench killed after the batch's first whole
#    window, the printer rested meanwhile (its simulator restarted without
#    the slowdown, as a printer that cooled while bench was down): the new
#    batch is fast, but the slow window printed before the stop still fails
#    the test, `print_rate_before_stop1` (before, the resumed run passed).
ROLE="rate_hours: 0.5, rate_window: 0.25" pstation hot nocard "throttle_after: 10" "throttle_time: 45"
# (a checkpoint holding 30 card ends: [30]=0x1.1a2p+10,)
BENCH_SIM_DIR="$d/hot.sim" kill_when '\[30\]=0x' "$d/hot.out" "$BENCH" run \
	--station "$d/hot.yaml" --out "$d/hot.out" --time-scale 100 --answers "$d/answers.yaml" \
	suites/printer/rate.lua
BENCH_SIM_DIR="$d/hot.sim" "$BENCH" sim down --station "$d/hot.yaml" >/dev/null 2>&1
sed -i '/throttle_after: 10/d' "$d/hot.yaml"
BENCH_SIM_DIR="$d/hot.sim" timeout 900 "$BENCH" resume "$d"/hot.out/* >"$d/hot.tap" 2>"$d/hot.err"
rc=$?
[ "$rc" -eq 1 ] && pcsv hot | grep -q '^printer.rate,print_rate,[0-9.]*,cards/h,100,,pass' &&
	pcsv hot | grep -q '^printer.rate,print_rate_before_stop1,[0-9.]*,cards/h,100,,fail' &&
	note hot batch_before_stop1 | grep -q '^"[0-9]* cards, 0 print errors; slowest whole 0.25 h window'
ok $? "a slow window printed before the kill still fails the rate; the rested printer's new batch passes" \
	"$d/hot.tap"
echo "1..$n"
