# Sourced by tests/printer*.t: simulated card printer stations (`bench sim`
# starts ippeveprinter with our print engine) and runs of suites/printer.
#   pstation NAME card|card2|nocard SIM-OPTION...  writes $d/NAME.yaml: a
#       DUT of class $CLASS (desktop), the printer role with $ROLE's options (default cards: 2,
#       rate_hours: 0.5, rate_window: 0.25, soak_hours: 24), the card role
#       too with `card` (its reader faults: $CARD_FAULTS; the simulated card's
#       keys, $KEYS, default $d/keys.yaml, none when set empty, so printer.encode_while_printing
#       can write), and the contactless role as well with `card2` (its reader
#       faults: $CL_FAULTS); each SIM-OPTION ("dx: 1.2") goes to the printer
#       simulator, print_time 20 s unless given.
#   prun NAME SCALE SUITE...  runs them: TAP in $d/NAME.tap, stderr in
#       $d/NAME.err, the operator's answers $ANSWERS ($d/answers.yaml),
#       returns the exit code.
#   pcsv NAME                 the run's measurements.csv
#   ok RC TEXT [FILE]         a TAP point; on failure FILE's telling lines
. "$(dirname "$0")/lib/tapread.sh" # failed_ids, id_line
B=${BENCH_BUILD:-build}
BENCH="$B/bench/bench"
ROOT=$(pwd)
d=$(mktemp -d)
stations=""
cp bench/fixtures/keys/sim-keys.yaml "$d/keys.yaml" && chmod 600 "$d/keys.yaml"
cleanup() {
	for s in $stations; do
		BENCH_SIM_DIR="$d/$s.sim" "$BENCH" sim down --station "$d/$s.yaml" >/dev/null 2>&1
	done
	[ -n "${BENCH_KEEP:-}" ] || rm -rf "$d"
}
trap cleanup EXIT
n=0
ok() {
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else
		echo "not ok $n - $2"
		[ -n "${3:-}" ] && grep -E "not ok|message|value|fault|error|got|scan|rate|sample" "$3" |
			head -20 | sed 's/^/# /'
	fi
}

pstation() {
	name=$1 card=$2
	shift 2
	{
		k=${KEYS-$d/keys.yaml}
		if [ "$card" = nocard ] || [ -z "$k" ]; then
			printf 'station: {name: printer test %s, simulated: true}\n' "$name"
		else
			printf 'station: {name: printer test %s, simulated: true, keys: %s}\n' "$name" "$k"
		fi
		printf 'dut: {maker: bench, model: sim printer, serial: P-1, firmware: engine, class: %s}\n' \
			"${CLASS:-desktop}"
		printf 'roles:\n  printer: {driver: ipp, sim: printer, %s}\n' \
			"${ROLE:-cards: 2, rate_hours: 0.5, rate_window: 0.25, soak_hours: 24}"
		[ "$card" != nocard ] && printf '  card: {driver: pcsc, sim: card}\n'
		[ "$card" = card2 ] && printf '  contactless: {driver: pcsc, sim: contactless}\n'
		printf 'sim:\n'
		if [ "$card" != nocard ]; then
			printf '  pcscd: {readers: %d}\n  cards:\n' "$([ "$card" = card2 ] && echo 2 || echo 1)"
			printf '    - {name: card, reader: 0, profile: %s, protocol: T=1, faults: [%s]}\n' \
				"$ROOT/bench/fixtures/cards/default.yaml" "${CARD_FAULTS:-}"
		fi
		[ "$card" = card2 ] &&
			printf '    - {name: contactless, reader: 1, profile: %s, faults: [%s]}\n' \
				"$ROOT/bench/fixtures/cards/default.yaml" "${CL_FAULTS:-}"
		printf '  printers:\n    - name: printer\n'
		case "$*" in *print_time:*) ;; *) printf '      print_time: 20\n' ;; esac
		for o in "$@"; do printf '      %s\n' "$o"; done
	} >"$d/$name.yaml"
	stations="$stations $name"
}

prun() {
	name=$1 scale=$2
	shift 2
	BENCH_SIM_DIR="$d/$name.sim" timeout 900 "$BENCH" run --station "$d/$name.yaml" \
		--out "$d/$name.out" --time-scale "$scale" --answers "${ANSWERS:-$d/answers.yaml}" "$@" \
		>"$d/$name.tap" 2>"$d/$name.err"
}

pcsv() { cat "$d/$1".out/*/measurements.csv 2>/dev/null; }

printf 'printer.warpage.mm: 1.2\nprinter.laminate.ok: yes\nprinter.appearance.ok: yes\n' \
	>"$d/answers.yaml"
printf 'printer.%s.ok: yes\n' text_quality photo_quality hard_laminate cleaning >>"$d/answers.yaml"
printf 'printer.laminate_peel.n_per_cm: 7.5\nprinter.two_sided.both_faces: yes\n' >>"$d/answers.yaml"
printf 'printer.monochrome.one_colour: yes\nprinter.rate.full_colour: yes\n' >>"$d/answers.yaml"
