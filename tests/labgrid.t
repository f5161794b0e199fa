#!/bin/sh
# labgrid: a station takes its device addresses from a labgrid environment
# (bench/labgrid/station, read with labgrid's own loader), the netpower
# driver switches a labgrid NetworkPowerPort (rest and simplerest, against a
# stub power switch on 127.0.0.1), and the pytest example powers the DUT
# through labgrid's plugin (--lg-env) and runs bench.
cd "$(dirname "$0")/.." || exit 1
. tests/lib/tap.sh
root=$(pwd)
case $BENCH in /*) ;; *) BENCH=$root/$BENCH ;; esac
n=17
plan $n
if ! /usr/bin/python3 -c 'import labgrid, pytest' 2>/dev/null; then
	i=0
	while [ $i -lt $n ]; do i=$((i + 1)); echo "ok $i # SKIP python3-labgrid or python3-pytest is not installed (bench/setup installs them)"; done
	exit 0
fi
tmp=$(mktemp -d)
stub_stop() { [ -d "$1" ] && touch "$1/stop"; }
trap 'stub_stop "$tmp/ps"; stub_stop "$tmp/bad"; sleep 0.3; rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM HUP
stub_start() { # stub_start DIR [--fail]: a stub power switch, prints its port
	mkdir -p "$1" && (/usr/bin/python3 tests/lib/power_stub.py "$@" >/dev/null 2>&1 &)
	i=0
	while [ ! -s "$1/port" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
	cat "$1/port"
}
station() { bench/labgrid/station "$tmp/env.yaml" --target main --base tests/stations/empty.yaml "$@"; }
port=$(stub_start "$tmp/ps")

cat >"$tmp/env.yaml" <<EOT
targets:
  main:
    resources:
    - NetworkPowerPort: {name: dut_power, model: rest, host: 'http://127.0.0.1:$port/rest/{index}', index: 3}
    - ModbusTCPCoil: {name: card_feeder, host: '127.0.0.1:1502', coil: 5}
    - RawSerialPort: {port: /dev/ttyS7, speed: 19200}
    - PyVISADevice: {type: TCPIP, url: '127.0.0.1::5026'}
    - NetworkService: {address: 127.0.0.1, username: bench, port: 2222}
    drivers:
    - NetworkPowerDriver: {name: dut_power}
EOT
station >"$tmp/st.yaml"
is $? 0 "a station file from a labgrid environment"
yaml() { /usr/bin/python3 -c 'import sys, yaml; r = yaml.safe_load(open(sys.argv[1]))["roles"][sys.argv[2]]; print(" ".join("%s=%s" % (k, v) for k, v in r.items() if k != "title"))' "$@"; }
is "$(yaml "$tmp/st.yaml" dut_power)" "driver=netpower model=rest url=http://127.0.0.1:$port/rest/{index} index=3" \
	"NetworkPowerPort -> dut_power, netpower"
is "$(yaml "$tmp/st.yaml" card_feeder)" "driver=modbus-relay host=127.0.0.1 port=1502 coil=5 count=1" \
	"ModbusTCPCoil -> modbus-relay, the role its labgrid name says"
is "$(yaml "$tmp/st.yaml" ref_sensor)" "driver=modbus-sensor device=/dev/ttyS7 baud=19200 unit=1" \
	"a serial port -> the Modbus RTU sensor"
is "$(yaml "$tmp/st.yaml" ac_source)" "driver=scpi-ac-source host=127.0.0.1 port=5026" \
	"PyVISADevice TCPIP -> scpi-ac-source"
"$BENCH" check --station "$tmp/st.yaml" >/dev/null 2>&1
is $? 0 "bench check accepts the station"
like "$(station --lava-dict /etc/k)" "ssh_host = '127.0.0.1'.*|ssh_port = 2222" \
	"NetworkService -> the bench host's LAVA device dictionary"

refused() { # refused RESOURCE-YAML: the error of the generator, exit code first
	printf 'targets:\n  main:\n    resources:\n    - %s\n' "$1" >"$tmp/bad.yaml"
	err=$(bench/labgrid/station "$tmp/bad.yaml" --target main --base tests/stations/empty.yaml 2>&1 >/dev/null)
	echo "$? $err"
}
like "$(refused "USBTMC: {match: {ID_SERIAL_SHORT: x}}")" '^2 .*USBTMC.*no USBTMC transport' \
	"USBTMC is refused, saying why"
like "$(refused "USBSerialPort: {match: {ID_SERIAL_SHORT: bench-none}}")" '^2 .*USBSerialPort.*no device matches' \
	"a USB serial port that is not plugged in is an error, not a station without it"
like "$(refused "NetworkPowerPort: {model: gude, host: 127.0.0.1, index: 1}")" '^2 .*model gude' \
	"a power model bench does not speak is refused"
like "$(refused "ModbusTCPCoil: {host: '127.0.0.1', coil: 1, invert: true}")" '^2 .*invert' \
	"an inverted coil is refused"

"$BENCH" run --station "$tmp/st.yaml" --out "$tmp/r" --filter 'power.*' tests/suites/power.lua >"$tmp/out" 2>&1
is $? 0 "bench switches the labgrid power port (rest) and reads it back"
is "$(cat "$tmp/ps/requests")" "PUT /rest/3 0
GET /rest/3 
PUT /rest/3 1
GET /rest/3 " "as labgrid's rest model: PUT 0/1, GET"
sed -i "s|model: rest|model: simplerest|; s|/rest/{index}|/simple/{index}/{value}|" "$tmp/st.yaml"
: >"$tmp/ps/requests"
"$BENCH" run --station "$tmp/st.yaml" --out "$tmp/r" tests/suites/power.lua >"$tmp/out" 2>&1
is "$?|$(tr '\n' ' ' <"$tmp/ps/requests")" "0|GET /simple/3/0  GET /simple/3  GET /simple/3/1  GET /simple/3  " \
	"simplerest: GET with the value, GET without it to read"
bad=$(stub_start "$tmp/bad" --fail)
sed -i "s|127.0.0.1:$port|127.0.0.1:$bad|" "$tmp/st.yaml"
out=$("$BENCH" run --station "$tmp/st.yaml" --out "$tmp/r" tests/suites/power.lua 2>/dev/null)
is $? 1 "a switch answering HTTP 500 fails the test"
like "$out" 'message: "Lua error: .*dut_power: GET http://127.0.0.1:[0-9]+/simple/3/0: HTTP 500' \
	"... naming the request and the answer"

# The pytest example: labgrid powers the DUT (NetworkPowerDriver), bench runs.
: >"$tmp/ps/requests"
BENCH_DIR=$root BENCH=$BENCH BENCH_BASE=tests/stations/empty.yaml BENCH_SUITES=tests/suites/power.lua \
	BENCH_OUT=$tmp/r2 /usr/bin/python3 -m pytest -q -p no:cacheprovider --lg-env "$tmp/env.yaml" \
	bench/labgrid/example/test_bench.py >"$tmp/pytest.out" 2>&1
rc=$?
is "$rc|$(tr '\n' ' ' <"$tmp/ps/requests")" \
	"0|PUT /rest/3 1 PUT /rest/3 0 GET /rest/3  PUT /rest/3 1 GET /rest/3  GET /rest/3  PUT /rest/3 0 " \
	"pytest --lg-env: labgrid powers the DUT on, bench runs its suite, labgrid powers it off"
[ "$rc" = 0 ] || sed 's/^/# /' "$tmp/pytest.out" | tail -20
