#!/bin/sh
# Every defect the simulated card lists (simcard --list-defects) must make
# `bench run suites/card` exit 1 with at least one failing card test whose
# diagnostic shows the offending exchange. Defects we know target tests:
# each of them must be among the failures. A new defect that no card test
# catches fails here, so it cannot slip in unnoticed.
set -u
cd "$(dirname "$0")/.."
. tests/lib/tapcheck.sh
. tests/lib/pcsim.sh
BENCH=$BUILD/bench/bench
D=$(mktemp -d)
PIDS=
trap 'for p in $PIDS; do kill $p 2>/dev/null; done; wait; rm -rf "$D"' EXIT

target() {
	case $1 in
	bad-sw-unknown-ins) echo card.neg.ins ;;
	atr-bad-tck) echo card.atr.tck ;;
	atr-hist-rfu) echo card.atr.structure ;;
	fci-no-84 | pse-fci-bare) echo card.select.pse ;; # only the PSE's FCI must carry 84 (JR/T 0025)
	ef05-bad-check-digit) echo card.files.card_number ;;
	challenge-repeats) echo card.challenge.fresh ;;
	select-name-overlong) echo card.select.exact_name ;;
	ef06-bad-id-check) echo card.files.id_number ;;
	expiry-before-issue) echo card.files.dates ;;
	read-past-end-ok) echo card.neg.read_past_end ;;
	wrong-cla-accepted) echo card.neg.cla ;;
	not-in-mf-after-reset) echo card.select.mf_after_reset ;;
	wrong-le-ignored) echo card.neg.le ;;
	record-not-found-6a82) echo card.neg.not_found ;;
	pin-file-readable | ef0b-readable) echo card.neg.security ;;
	mf-writable-with-pin | ef06-writable | ef07-writable) echo card.neg.write_uk ;;
	sm-read-wrong-data) echo card.sm.case2 ;;
	int-auth-p2-ignored) echo card.auth.internal ;;
	mf-key-rules-envs) echo card.firewall.keys ;;
	pin-state-crosses) echo card.firewall.pin ;;
	pin-tries-shared) echo card.firewall.pin_tries ;;
	cn-padded-00 | extra-record) echo card.data.ef05 ;;
	record-short) echo card.data.ef06 ;;
	an-padded-20 | an-padded-ff)
		echo card.data.ef06 card.data.ef08 card.data.ef09 card.data.ef0c card.data.dir ;;
	sex-code-invalid | nation-code-invalid | birth-place-invalid) echo card.data.ef06 ;;
	marital-code-invalid) echo card.data.ef0b ;;
	education-code-invalid) echo card.data.ef0a ;;
	birth-date-mismatch | sex-mismatch) echo card.data.relations ;;
	card-expired) echo card.data.validity ;;
	ef07-short | fcp-size-wrong) echo card.data.ef07 ;;
	dir-count-wrong) echo card.data.dir ;;
	read-past-end-padded | rfu-p1-sfi-7bit) echo card.bounds.read_binary ;;
	select-rfu-p2-no-fci) echo card.bounds.select ;;
	verify-p1-ignored) echo card.bounds.verify ;;
	challenge-le00-empty) echo card.bounds.get_challenge ;;
	update-past-end-partial) echo card.bounds.update_binary ;;
	logical-channel-ignored) echo card.bounds.cla ;;
	get-response-le-short) echo card.bounds.get_response ;;
	record-le00-truncated) echo card.bounds.read_record ;;
	update-record-past-last) echo card.bounds.update_record ;;
	plain-update-written) echo card.sm.required ;;
	verify-no-sw) echo card.pin.verify ;;
	challenge-counter | challenge-lcg | challenge-xorshift) echo card.challenge.unpredictable ;;
	challenge-biased) echo card.challenge.bits ;;
	challenge-cycle) echo card.challenge.unique ;;
	slow-read) echo card.timing.read_ef07 ;;
	flaky-read) echo card.timing.read_ef06 ;;
	flaky-select) echo card.timing.select_ssse ;;
	*) echo "" ;;
	esac
}

# One defect ("name" or "name@T=0") in its own private stack (subshell:
# its own pcsim state). The default card speaks T=1.
# Cards delivered for use: an expired one fails (card.data.validity). A
# slow answer is judged against the lab's limit only: without one, NULL
# bytes (unseen through PC/SC) may have made it conformant.
run_defect() {
	name=${1%@*}
	proto=T=1
	[ "$name" = "$1" ] || proto=${1#*@}
	setup='pcsim_set "$dir" "in_service: yes"'
	[ "$name" != slow-read ] || setup="$setup; pcsim_set \"\$dir\" 'max_response_ms: 2000'"
	PCSIM_SETUP=$setup pcsim_run "$1" "--protocol $proto --defect $name" suites/card
}

# Defects of T=0 only (GET RESPONSE fetches what T=1 sends at once) run
# on a T=0 card instead of the default T=1 one.
t0_only() {
	case $1 in
	get-response-le-short) return 0 ;;
	esac
	return 1
}
"$SIMCARD" --list-defects | cut -f1 | while read -r d; do
	if t0_only "$d"; then echo "$d@T=0"; else echo "$d"; fi
done >"$D/defects"
[ -s "$D/defects" ]
ok $? "simcard lists its defects"
# A T=0-only ATR must carry no TCK: the defect adds one there.
echo "atr-bad-tck@T=0" >>"$D/defects"

# Four at a time: each run is a few seconds of real APDU traffic.
n=0
for d in $(cat "$D/defects"); do
	run_defect "$d" &
	PIDS="$PIDS $!"
	n=$((n + 1))
	if [ $((n % 4)) -eq 0 ]; then wait; PIDS=; fi
done
wait
PIDS=

for d in $(cat "$D/defects"); do
	rc=$(cat "$D/$d/rc" 2>/dev/null || echo none)
	[ "$rc" = 1 ]
	ok $? "$d: run exits 1 (got $rc)" "$(tail -5 "$D/$d/err" 2>/dev/null)"
	failed=$(failed_ids "$D/$d/tap")
	[ -n "$failed" ]
	ok $? "$d: some card test fails" "$(grep '^ *ok' "$D/$d/tap" | head -30)"
	for want in $(target "${d%@*}"); do
		printf '%s\n' "$failed" | grep -qx "$want"
		ok $? "$d: $want fails" "failed: $(echo $failed)"
	done
	# The diagnostic of a failing test shows the exchange: an APDU with its
	# answer ("CMD -> DATA SW" in a check, or a trace line "apdu > .. < ..")
	# or, for ATR checks, the ATR itself.
	shown=1
	for id in $failed; do
		if diag_of "$D/$d/tap" "$id" | grep -q '[0-9A-F]\{8,\} -> [0-9A-F]*\|apdu > [0-9A-F]* < \|ATR 3[BF][0-9A-F]*'; then
			shown=0
			break
		fi
	done
	ok $shown "$d: the failing test's diagnostic shows the offending exchange" \
		"$(for id in $failed; do diag_of "$D/$d/tap" "$id"; done | head -30)"
done

# The same expired card is a conformant card where the lab does not say the
# cards are in service: card.data.validity passes and notes it.
pcsim_run sample "--defect card-expired" --filter card.data.validity suites/card/data.lua
grep -q '^    ok [0-9]* - card.data.validity' "$D/sample/tap" &&
	grep -q 'valid_today: "no: expired on 2020' "$D/sample/tap"
ok $? "an expired sample card, in_service not set: validity passes, the expiry noted" \
	"$(diag_of "$D/sample/tap" card.data.validity)"

done_testing
