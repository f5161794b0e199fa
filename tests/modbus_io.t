#!/bin/sh
# The simulated chamber over real Modbus TCP: dynamics and each injected
# fault, checked through drivers/modbus_io.c + the sim chamber profile.
B=${BENCH_BUILD:-build}
d=$(mktemp -d)
pids=""
trap 'for p in $pids; do kill $p 2>/dev/null; done; rm -rf "$d"' EXIT
n=0
for c in normal drift noanswer alarm humidity; do
	case $c in
	drift) f="--fault drift=2400:3" ;;
	noanswer) f="--fault noanswer=100" ;;
	alarm) f="--fault alarm=100" ;;
	humidity) f="--fault humidity=70" ;;
	*) f="" ;;
	esac
	# shellcheck disable=SC2086
	"$B/bench/fixtures/chamber/chamber" --port 0 --port-file "$d/$c.port" \
		--time-scale 3600 $f 2>"$d/$c.log" &
	pids="$pids $!"
	i=0
	while [ ! -s "$d/$c.port" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
	n=$((n + 1))
	echo "# Subtest: chamber $c"
	"$B/tests/unit/test_modbus_io" "$(cat "$d/$c.port" 2>/dev/null || echo 1)" "$c" \
		bench/fixtures/chambers/sim.yaml >"$d/$c.tap" 2>&1
	rc=$?
	sed 's/^/    /' "$d/$c.tap"
	if [ $rc -eq 0 ]; then echo "ok $n - chamber $c"; else echo "not ok $n - chamber $c"; fi
done
# A typo in a chamber profile is an error at its line, before any traffic.
n=$((n + 1))
sed 's/^  actual: { table: input, address: 0,/  actul: { table: input, address: 0,/' \
	bench/fixtures/chambers/sim.yaml >"$d/typo.yaml"
out=$("$B/tests/unit/test_modbus_io" 1 normal "$d/typo.yaml" 2>&1)
case $out in
*"typo.yaml:6:"*"unknown key 'actul'"*) echo "ok $n - profile typo reported at file:line" ;;
*) echo "not ok $n - profile typo"; echo "$out" | sed 's/^/# /' ;;
esac
echo "1..$n"
