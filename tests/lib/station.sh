# Shell helpers for tests that use the simulated station. Source it:
#   . "$(dirname "$0")/lib/station.sh"
# BENCH_BUILD (default build; relative to the repo, or absolute) selects the
# build variant; BENCH overrides the bench binary.

BENCH_ROOT=${BENCH_ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
BENCH_BUILD=${BENCH_BUILD:-build}
case $BENCH_BUILD in
/*) BENCH=${BENCH:-"$BENCH_BUILD/bench/bench"} ;;
*) BENCH=${BENCH:-"$BENCH_ROOT/$BENCH_BUILD/bench/bench"} ;;
esac

# station_copy DIR [DEFECT...]: writes DIR/station.yaml, a copy of the
# default station whose card has the given defects, and exports a private
# BENCH_SIM_DIR (DIR/sim) so parallel tests never share a simulator.
station_copy() {
	_dir=$1
	shift
	_defects=""
	for _d in "$@"; do _defects="${_defects:+$_defects, }$_d"; done
	mkdir -p "$_dir/sim"
	sed -e "s|profile: cards/|profile: $BENCH_ROOT/bench/fixtures/cards/|" \
		-e "s|profile: chambers/|profile: $BENCH_ROOT/bench/fixtures/chambers/|" \
		-e "s|keys: keys/|keys: $BENCH_ROOT/bench/fixtures/keys/|" \
		-e "s|defects: \[\]|defects: [$_defects]|" \
		"$BENCH_ROOT/bench/fixtures/sim.yaml" >"$_dir/station.yaml"
	export BENCH_SIM_DIR="$_dir/sim"
}

# card_station DIR [DEFECT...]: like station_copy, but a station with only
# the simulated card (no printer, no chamber): quicker, and card tests do
# not depend on the other simulators. CARD_PROTOCOL: T=1 (default) or T=0.
card_station() {
	_dir=$1
	shift
	_defects=""
	for _d in "$@"; do _defects="${_defects:+$_defects, }$_d"; done
	mkdir -p "$_dir/sim"
	cat >"$_dir/station.yaml" <<EOT
station: {name: card-only test station, simulated: true}
dut: {maker: bench, model: simulated card, serial: T-1, firmware: simcard}
roles:
  card: {driver: pcsc, sim: card}
sim:
  pcscd:
    readers: 1
  cards:
    - name: card
      reader: 0
      profile: $BENCH_ROOT/bench/fixtures/cards/default.yaml
      protocol: ${CARD_PROTOCOL:-T=1}
      defects: [$_defects]
EOT
	export BENCH_SIM_DIR="$_dir/sim"
}

# stations_down ROOT NAME...: `bench sim down` for each station ROOT/NAME
# (its station.yaml and sim/ inside); for a test's EXIT trap.
stations_down() {
	_root=$1
	shift
	for _n in "$@"; do
		BENCH_SIM_DIR="$_root/$_n/sim" "$BENCH" sim down --station "$_root/$_n/station.yaml" \
			>/dev/null 2>&1
	done
}

# The PC/SC socket and reader of the running simulated card.
sim_socket() { echo "$BENCH_SIM_DIR/pcscd/pcscd.comm"; }
sim_reader() { cat "$BENCH_SIM_DIR/card-${1:-card}.reader"; }

# apdus: APDUs (hex, or "reset") on stdin go to the simulated card through
# scriptor (pcsc-tools); prints one line per command: the response in hex
# without spaces (data + SW), or "ATR <hex>" for a reset.
apdus() {
	PCSCLITE_CSOCK_NAME=$(sim_socket) timeout 20 scriptor -r "$(sim_reader)" 2>/dev/null |
		awk '
		/^< OK: / { sub(/^< OK: /, ""); gsub(/ /, ""); print "ATR " $0; next }
		/^< / { sub(/^< /, ""); acc = ""; inr = 1 }
		inr { line = $0; done = sub(/ : .*/, "", line); gsub(/ /, "", line); acc = acc line
		      if (done) { print acc; inr = 0 } }'
}
