# Sourced by tests/card*.t: a private PC/SC stack for one test, so tests run
# in parallel without sharing pcscd or ports. Real components only: pcscd in
# its own mount namespace (so /run/pcscd is private), the vpcd reader driver,
# and the simulated card (bench/fixtures/simcard) plugged into vpcd over TCP.
#   pcsim_start DIR [simcard options...]   starts pcscd + card, writes DIR/station.yaml
#   pcsim_card  [simcard options...]       (re)starts only the card
#   pcsim_stop                             kills what pcsim_start started
# Needs root (unshare -m). Callers set: trap pcsim_stop EXIT.

BUILD=${BENCH_BUILD:-build}
SIMCARD=$BUILD/bench/fixtures/simcard/simcard
PROFILE=$PWD/bench/fixtures/cards/default.yaml

# A TCP port nobody listens on (vpcd binds it; a race with another test
# makes pcscd fail to create the reader and the test fail, not pass).
pcsim_free_port() {
	while :; do
		p=$(( ($(od -An -N2 -tu2 /dev/urandom) % 30000) + 20000 ))
		hex=$(printf ':%04X ' "$p")
		cat /proc/net/tcp /proc/net/tcp6 2>/dev/null | grep -q "$hex" || { echo "$p"; return; }
	done
}

pcsim_start() {
	PCSIM_DIR=$1
	shift
	mkdir -p "$PCSIM_DIR/run" "$PCSIM_DIR/conf"
	PCSIM_PORT=$(pcsim_free_port)
	printf 'FRIENDLYNAME "Virtual PCD"\nDEVICENAME /dev/null:0x%X\nLIBPATH /usr/lib/pcsc/drivers/serial/libifdvpcd.so\nCHANNELID 0x%X\n' \
		"$PCSIM_PORT" "$PCSIM_PORT" >"$PCSIM_DIR/conf/vpcd.conf"
	unshare -m sh -c "mount --bind '$PCSIM_DIR/run' /run/pcscd && exec pcscd -f -c '$PCSIM_DIR/conf/vpcd.conf'" \
		>"$PCSIM_DIR/pcscd.log" 2>&1 &
	PCSIM_PCSCD=$!
	export PCSCLITE_CSOCK_NAME=$PCSIM_DIR/run/pcscd.comm
	i=0
	while [ ! -S "$PCSCLITE_CSOCK_NAME" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
	[ -S "$PCSCLITE_CSOCK_NAME" ] || { echo "# pcscd did not start" >&2; return 1; }
	# The simulated card's key file, private as the loader demands.
	cp bench/fixtures/keys/sim-keys.yaml "$PCSIM_DIR/keys.yaml"
	chmod 600 "$PCSIM_DIR/keys.yaml"
	cat >"$PCSIM_DIR/station.yaml" <<EOS
station:
  name: test station
  keys: keys.yaml
dut:
  maker: bench
  model: simcard
  serial: T-1
  firmware: test
roles:
  card:
    driver: pcsc
    reader: "Virtual PCD 00 00"
    timeout_ms: ${PCSIM_TIMEOUT_MS:-3000}
EOS
	pcsim_card "$@"
}

pcsim_card() {
	[ -z "${PCSIM_CARD:-}" ] || { kill "$PCSIM_CARD" 2>/dev/null; wait "$PCSIM_CARD" 2>/dev/null; }
	"$SIMCARD" --port "$PCSIM_PORT" --profile "$PROFILE" "$@" >>"$PCSIM_DIR/simcard.log" 2>&1 &
	PCSIM_CARD=$!
	# No wait here: the pcsc driver waits up to timeout_ms for a card.
}

pcsim_stop() {
	[ -z "${PCSIM_CARD:-}" ] || kill -CONT "$PCSIM_CARD" 2>/dev/null
	[ -z "${PCSIM_CARD:-}" ] || kill "$PCSIM_CARD" 2>/dev/null
	[ -z "${PCSIM_PCSCD:-}" ] || kill "$PCSIM_PCSCD" 2>/dev/null
	wait 2>/dev/null
	PCSIM_CARD= PCSIM_PCSCD=
}
