# Sourced by tests/card*.t: a private PC/SC stack for one test, so tests run
# in parallel without sharing pcscd or ports. Real components only: pcscd in
# its own mount namespace (so /run/pcscd is private), the vpcd reader driver,
# and the simulated card (bench/fixtures/simcard) plugged into vpcd over TCP.
#   pcsim_start DIR [simcard options...]   starts pcscd + card, writes DIR/station.yaml
#   pcsim_card  [simcard options...]       (re)starts only the card
#   pcsim_stop                             kills what pcsim_start started
#   pcsim_run NAME "SIMCARD-OPTIONS" RUN-ARGS...
#       one `bench run RUN-ARGS` in a subshell with its own stack in $D/NAME
#       ($D and $BENCH are the caller's): TAP in $D/NAME/tap, stderr in
#       $D/NAME/err, exit code in $D/NAME/rc (9: no stack). PCSIM_SETUP,
#       when set, is evaluated once the stack is up, $dir its directory
#       (edits to station.yaml, keys.yaml).
#   pcsim_set DIR LINE                     adds LINE ("max_response_ms: 1000")
#       to the card role of DIR/station.yaml
# The card role's per-call bound (PCSIM_TIMEOUT_MS) defaults to a generous
# 10 s: it only keeps a hung card from hanging the run. One call cut at 3 s
# by a loaded host left the role stuck ("an earlier call never returned")
# and failed the next test before any exchange. Tests of the bound set it.
# Needs root (unshare -m). Callers set: trap pcsim_stop EXIT.

BUILD=${BENCH_BUILD:-build}
SIMCARD=$BUILD/bench/fixtures/simcard/simcard
# The card's profile (PCSIM_PROFILE when pcsim_start runs overrides it): the
# simulated card's data and behaviour, and the issuer choices the station
# declares to the suites (card_profile).
PROFILE=$PWD/bench/fixtures/cards/default.yaml

# A TCP port nobody uses, below the kernel's ephemeral range so no client
# socket takes it before vpcd binds it (pcsim_pcscd checks that vpcd did).
pcsim_free_port() {
	_lo=$(cut -f1 /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null)
	[ "${_lo:-0}" -gt 22000 ] 2>/dev/null || _lo=32768
	while :; do
		p=$(( ($(od -An -N2 -tu2 /dev/urandom) % (_lo - 20000)) + 20000 ))
		hex=$(printf ':%04X ' "$p")
		cat /proc/net/tcp /proc/net/tcp6 2>/dev/null | grep -q "$hex" || { echo "$p"; return; }
	done
}

# Who listens on TCP port $1: 0 process $2, 1 nobody yet, 2 someone else.
pcsim_owner() {
	_hex=$(printf ':%04X' "$1")
	_ino=$(awk -v p="$_hex" 'substr($2, length($2) - 4) == p && $4 == "0A" { print $10 }' \
		/proc/net/tcp /proc/net/tcp6 2>/dev/null)
	[ -n "$_ino" ] || return 1
	for _i in $_ino; do
		ls -l "/proc/$2/fd" 2>/dev/null | grep -q "socket:\[$_i\]" && return 0
	done
	return 2
}

# Starts pcscd; returns 0 once it serves its socket and its vpcd listens on
# PCSIM_PORT (the readiness signal the card starts on), 1 when another
# process took that port first or the two were not up in 30 s (try again:
# seen twice in 8 runs of tests/card_defects.t, some 100 stacks each, four
# starting at once, one run beside a CPU hog), 2 on failure.
pcsim_pcscd() {
	PCSIM_PORT=$(pcsim_free_port)
	printf 'FRIENDLYNAME "Virtual PCD"\nDEVICENAME /dev/null:0x%X\nLIBPATH /usr/lib/pcsc/drivers/serial/libifdvpcd.so\nCHANNELID 0x%X\n' \
		"$PCSIM_PORT" "$PCSIM_PORT" >"$PCSIM_DIR/conf/vpcd.conf"
	_from=1
	[ ! -f "$PCSIM_DIR/pcscd.log" ] || _from=$(($(wc -c <"$PCSIM_DIR/pcscd.log") + 1))
	# /run/pcscd is gone after a reboot on a machine no system pcscd runs on.
	unshare -m sh -c "mkdir -p /run/pcscd && mount --bind '$PCSIM_DIR/run' /run/pcscd && exec pcscd -f -c '$PCSIM_DIR/conf/vpcd.conf'" \
		>>"$PCSIM_DIR/pcscd.log" 2>&1 &
	PCSIM_PCSCD=$!
	export PCSCLITE_CSOCK_NAME=$PCSIM_DIR/run/pcscd.comm
	_i=0
	while [ $_i -lt 300 ]; do
		kill -0 "$PCSIM_PCSCD" 2>/dev/null || { echo "# pcscd exited at start" >&2; return 2; }
		# (status kept this way so callers under `set -e` survive it)
		pcsim_owner "$PCSIM_PORT" "$PCSIM_PCSCD" && _own=0 || _own=$?
		case $_own in
		0) [ -S "$PCSCLITE_CSOCK_NAME" ] && return 0 ;;
		2) kill "$PCSIM_PCSCD"; wait "$PCSIM_PCSCD" 2>/dev/null; return 1 ;;
		esac
		# vpcd could not bind: a socket that does not listen holds the port.
		if tail -c +"$_from" "$PCSIM_DIR/pcscd.log" | grep -q 'Could not initialize connection'; then
			kill "$PCSIM_PCSCD"
			wait "$PCSIM_PCSCD" 2>/dev/null
			return 1
		fi
		sleep 0.1
		_i=$((_i + 1))
	done
	# What was up, for the log of a test that still fails after the retries.
	_up=gone
	kill -0 "$PCSIM_PCSCD" 2>/dev/null && _up=running
	echo "# pcscd ($_up) and vpcd port $PCSIM_PORT not up within 30 s; run/ holds:" \
		"$(ls "$PCSIM_DIR/run" 2>/dev/null | tr '\n' ' ')- trying again" >&2
	tail -c +"$_from" "$PCSIM_DIR/pcscd.log" | tail -5 | sed 's/^/# pcscd: /' >&2
	kill "$PCSIM_PCSCD" 2>/dev/null
	wait "$PCSIM_PCSCD" 2>/dev/null
	return 1
}

pcsim_start() {
	PCSIM_DIR=$1
	shift
	PROFILE=${PCSIM_PROFILE:-$PWD/bench/fixtures/cards/default.yaml}
	mkdir -p "$PCSIM_DIR/run" "$PCSIM_DIR/conf"
	_try=1
	while :; do
		pcsim_pcscd && _got=0 || _got=$?
		case $_got in
		0) break ;;
		1) [ $_try -lt 5 ] || { echo "# pcscd and vpcd did not start in 5 tries" >&2; return 1; } ;;
		*) return 1 ;;
		esac
		_try=$((_try + 1))
	done
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
    timeout_ms: ${PCSIM_TIMEOUT_MS:-10000}
    card_profile: $PROFILE
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

pcsim_run() {
	(
		trap 'pcsim_stop' EXIT
		dir=$D/$1 _opts=$2
		shift 2
		# shellcheck disable=SC2086 # the options are words
		pcsim_start "$dir" --connect-wait 3000 $_opts ||
			{ echo "no card: pcsim_start failed" >"$dir/rc"; exit 9; }
		[ -z "${PCSIM_SETUP:-}" ] || eval "$PCSIM_SETUP"
		"$BENCH" run --station "$dir/station.yaml" --out "$dir/out" "$@" >"$dir/tap" 2>"$dir/err"
		echo $? >"$dir/rc"
	)
}

pcsim_set() { sed -i "s/^    card_profile:/    $2\n&/" "$1/station.yaml"; }
