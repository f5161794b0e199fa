# Sourced by tests/terminal*.t: a simulated terminal station (contact slot,
# contactless antenna, PSAM slots, the chamber's relay and actuator as the
# insertion and position fixtures) with reader faults.
#   terminal_station DIR [key=value...]   writes DIR/station.yaml, exports a
#       private BENCH_SIM_DIR. Keys: class (desktop), sams (2),
#       pcscd_faults (""), card_faults (""), sam_faults ("": the T=0 PSAM
#       slots' reader faults), cl_faults ("": the contactless card's),
#       field_mm (60), prof (the contact and contactless cards' profile:
#       bench/fixtures/cards/default.yaml), card_proto (T=1: the
#       user-card slot's card).
. "$(dirname "$0")/lib/station.sh"

terminal_station() {
	_dir=$1
	shift
	class=desktop sams=2 pcscd_faults="" card_faults="" sam_faults="" cl_faults="" field_mm=60
	card_proto=T=1
	prof=$BENCH_ROOT/bench/fixtures/cards/default.yaml
	for _kv in "$@"; do eval "$_kv"; done
	mkdir -p "$_dir/sim"
	_prof=$BENCH_ROOT/bench/fixtures/cards/default.yaml
	{
		cat <<EOT
station: {name: terminal test station, simulated: true}
dut: {maker: bench, model: simulated terminal, serial: T-1, firmware: sim, class: $class}
roles:
  card: {driver: pcsc, sim: card}
  contactless: {driver: pcsc, sim: contactless, timeout_ms: 1500}
  card_feeder: {driver: modbus-relay, sim: chamber}
  card_position: {driver: modbus-position, sim: chamber}
EOT
		i=1
		while [ $i -le "$sams" ]; do
			echo "  sam$i: {driver: pcsc, sim: sam$i, reader: \"Bench vpcd $((i + 1)) *\"}"
			i=$((i + 1))
		done
		cat <<EOT
sim:
  pcscd:
    readers: $((sams + 2))
    faults: [$pcscd_faults]
  chambers:
    - name: chamber
  cards:
    - {name: card, reader: 0, profile: $prof, protocol: $card_proto, insert_relay: 1,
       faults: [$card_faults]}
    - {name: contactless, reader: 1, profile: $prof, field_mm: $field_mm,
       faults: [$cl_faults]}
EOT
		i=1
		while [ $i -le "$sams" ]; do
			echo "    - {name: sam$i, reader: $((i + 1)), profile: $_prof, protocol: T=0, faults: [$sam_faults]}"
			i=$((i + 1))
		done
	} >"$_dir/station.yaml"
	export BENCH_SIM_DIR="$_dir/sim"
}

# The value of measurement NAME in a results.tap diagnostic block (stdin).
meas_value() {
	awk -v n="$1" '$0 ~ "name: \"" n "\"" { on = 1; next } on && /value:/ { print $2; exit }'
}
