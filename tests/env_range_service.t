#!/bin/sh
# suites/env/class_range.lua watching a camera's network service (role
# `service`, drivers/service.c) through its holds, against a real Modbus
# TCP chamber (ours) and a simulated IP camera (tests/lib/camera.py: RTSP
# DESCRIBE, SETUP, PLAY and its RTP frames; HTTP GET) at --time-scale 3600.
# A camera whose stream plays passes; one that stops answering in the cold
# fails the low hold, naming the service; an SDP without video, a stream
# whose frames never come, and an HTTP interface that answers 503, fail; a
# login (Digest, Basic) answers the camera's 401 on every request, a wrong
# one fails; a camera whose probes cannot show its frames (an HTTP URL, a
# 401 without the station's login) SKIPs; a display's HTTP interface is
# watched; a service URL of no known scheme is refused at its line.
set -u
cd "$(dirname "$0")/.." || exit 1
. tests/lib/tapcheck.sh
B=${BENCH_BUILD:-build}
d=$(mktemp -d)
pids=""
trap 'for p in $pids; do kill $p 2>/dev/null; done; rm -rf "$d"' EXIT
SUITE=suites/env/class_range.lua

# station NAME SCHEME [camera.py options...]: a chamber and a camera of its own.
station() {
	n=$1 scheme=$2
	shift 2
	# shellcheck disable=SC2086 # CHAMBER_FAULTS: its words are the chamber's options
	"$B/bench/fixtures/chamber/chamber" --port 0 --port-file "$d/$n.port" --time-scale 3600 \
		${CHAMBER_FAULTS:-} 2>/dev/null &
	pids="$pids $!"
	python3 tests/lib/camera.py --port-file "$d/$n.cam" --chamber-port-file "$d/$n.port" "$@" &
	pids="$pids $!"
	i=0
	while { [ ! -s "$d/$n.port" ] || [ ! -s "$d/$n.cam" ]; } && [ $i -lt 200 ]; do
		sleep 0.05
		i=$((i + 1))
	done
	cat >"$d/$n.yaml" <<EOS
station: { name: env range service test, simulated: true }
dut: { maker: bench, model: sim camera, serial: "0002", firmware: "1.0", class: ${CLASS:-camera-ptz} }
roles:
  chamber: { driver: modbus-chamber, host: 127.0.0.1, port: $(cat "$d/$n.port"), profile: $PWD/bench/fixtures/chambers/sim.yaml }
  ref_sensor: { driver: modbus-sensor, host: 127.0.0.1, port: $(cat "$d/$n.port") }
  service: { driver: service, url: "$scheme://127.0.0.1:$(cat "$d/$n.cam")/stream1", timeout_ms: 1000${LOGIN:+, $LOGIN} }
EOS
}
run() { # NAME: the holds of $CLASS (camera-ptz), the operator saying the DUT worked
	_c=${CLASS:-camera-ptz}
	printf 'env.range.%s.low.works: yes\nenv.range.%s.high.works: yes\n' "$_c" "$_c" >"$d/$1.answers"
	"$B/bench/bench" run --station "$d/$1.yaml" --out "$d/$1" --time-scale 3600 \
		--answers "$d/$1.answers" --filter "env.range.$_c*" "$SUITE" >"$d/$1.tap" 2>"$d/$1.err"
	echo $? >"$d/$1.rc"
}
show() { diag_of "$d/$1.tap" "$2"; }

station good rtsp
run good
[ "$(cat "$d/good.rc")" = 0 ] && grep -q '^    ok [0-9]* - env.range.camera-ptz.low: [^#]*$' "$d/good.tap" &&
	grep -q '^    ok [0-9]* - env.range.camera-ptz.high: [^#]*$' "$d/good.tap"
ok $? "a camera whose RTSP stream is described through both holds passes (rc $(cat "$d/good.rc"))" \
	"$(tail -30 "$d/good.tap"; tail -5 "$d/good.err")"
show good env.range.camera-ptz.low | grep -q 'workload: "through service"' &&
	[ "$(grep -c 'service rtsp > DESCRIBE rtsp://127.0.0.1:[0-9]*/stream1 < RTSP/1.0 200 OK' "$d"/good/*/trace.log)" -ge 4 ]
ok $? "the service is watched through the hold, each DESCRIBE in trace.log" \
	"$(show good env.range.camera-ptz.low; grep -m3 'service' "$d"/good/*/trace.log)"

# A probe lost now and then (every 23rd request closed unanswered, so
# never two probes in a row): each is asked again 5 s later, and the holds
# pass.
station miss rtsp --miss-every 23
run miss
[ "$(cat "$d/miss.rc")" = 0 ] && grep -q '^    ok [0-9]* - env.range.camera-ptz.low: [^#]*$' "$d/miss.tap"
ok $? "single probes lost in the holds are asked again and pass (rc $(cat "$d/miss.rc"))" \
	"$(show miss env.range.camera-ptz.low | grep -E 'message|workload|failed' | head)"

station cold rtsp --stop-below -30
run cold
[ "$(cat "$d/cold.rc")" = 1 ] && grep -q '^    not ok [0-9]* - env.range.camera-ptz.low: ' "$d/cold.tap" &&
	show cold env.range.camera-ptz.low | grep -q 'service: rtsp://127.0.0.1:[0-9]*/stream1: the connection closed without an answer' &&
	grep -q '^    ok [0-9]* - env.range.camera-ptz.high: ' "$d/cold.tap"
ok $? "a camera that stops answering below -30 C fails the -40 C hold, naming its service (rc $(cat "$d/cold.rc"))" \
	"$(show cold env.range.camera-ptz.low | head -30)"

# Item 20's condition is -40 +- 2 C itself: a camera that stops while the
# chamber reads -41 C failed at the clause's condition, not outside it.
# The chamber's reading drifts to -41 C half an hour into the hold, and the
# camera stops below -40.5 C.
CHAMBER_FAULTS="--fault drift=1800:-1" station coldband rtsp --stop-below -40.5
run coldband
[ "$(cat "$d/coldband.rc")" = 1 ] && grep -q '^    not ok [0-9]* - env.range.camera-ptz.low: ' "$d/coldband.tap" &&
	! show coldband env.range.camera-ptz.low | grep -q 'decision: "inconclusive"'
ok $? "the chamber reading -41 C (inside item 20's -40 +- 2 C): the stopped camera fails, not inconclusive" \
	"$(show coldband env.range.camera-ptz.low | grep -E 'message|decision|temp' | head)"

station novideo rtsp --no-video
run novideo
show novideo env.range.camera-ptz.low | grep -q 'its SDP describes no video stream' &&
	[ "$(cat "$d/novideo.rc")" = 1 ]
ok $? "a stream described without video fails (rc $(cat "$d/novideo.rc"))" "$(show novideo env.range.camera-ptz.low | head -20)"

station noframes rtsp --no-frames
run noframes
show noframes env.range.camera-ptz.low | grep -q 'with video, but its frames do not come: 0 frames' &&
	[ "$(cat "$d/noframes.rc")" = 1 ]
ok $? "a stream described and set up whose frames never come fails (rc $(cat "$d/noframes.rc"))" "$(show noframes env.range.camera-ptz.low | head -20)"

station http503 http --status 503
run http503
show http503 env.range.camera-ptz.low | grep -q 'service answered HTTP/1.0 503' &&
	[ "$(cat "$d/http503.rc")" = 1 ]
ok $? "an HTTP interface answering 503 fails (rc $(cat "$d/http503.rc"))" "$(show http503 env.range.camera-ptz.low | head -20)"

CLASS=display-dlp station http http
CLASS=display-dlp run http
[ "$(cat "$d/http.rc")" = 0 ] && grep -q '^    ok [0-9]* - env.range.display-dlp.low: [^#]*$' "$d/http.tap" &&
	grep -q 'service http > GET http://127.0.0.1:[0-9]*/stream1 < HTTP/1.0 200 OK' "$d"/http/*/trace.log
ok $? "a display's HTTP interface answering 200 is watched and passes (rc $(cat "$d/http.rc"))" "$(tail -20 "$d/http.tap")"
# A camera seen only through an HTTP page shows nothing of its encoder: SKIP
# before the chamber moves.
station httpcam http
run httpcam
[ "$(cat "$d/httpcam.rc")" = 0 ] &&
	[ "$(grep -c '^    ok [0-9]* - env.range.camera-ptz.\(low\|high\): .*# SKIP a camera is watched through its frames: the service role is not the camera.s RTSP stream' "$d/httpcam.tap")" = 2 ] &&
	! grep -q 'chamber .*set' "$d"/httpcam/*/trace.log
ok $? "a camera watched through an HTTP URL: both holds SKIP, the chamber never set (rc $(cat "$d/httpcam.rc"))" "$(tail -20 "$d/httpcam.tap")"

# A camera that asks for a login (Digest, with or without qop; Basic on
# HTTP): the station's login (user, the password from password_env) answers
# it and the stream is checked as before; a wrong password fails; without a
# login the 401 is noted and the service counts as answering.
export CAM_PASS=s3cret
for v in "digest rtsp --digest op:s3cret" "qop rtsp --digest op:s3cret --qop" "basic rtsp --basic op:s3cret"; do
	# shellcheck disable=SC2086 # the words of v are the arguments
	set -- $v
	n=$1
	shift
	LOGIN="user: op, password_env: CAM_PASS" station "$n" "$@"
	run "$n"
	[ "$(cat "$d/$n.rc")" = 0 ] && ! grep -q 'service_auth' "$d/$n.tap" &&
		grep -q 'service .* < [A-Z]*/1.0 200 OK' "$d"/$n/*/trace.log
	ok $? "$n login answered: the service checked behind it (rc $(cat "$d/$n.rc"))" "$(show "$n" env.range.camera-ptz.low | head -20)"
done
[ -d "$d/digest" ] && [ -d "$d/basic" ] && ! grep -rq s3cret "$d"/digest "$d"/basic
ok $? "the password is in no evidence file"
LOGIN="user: op, password_env: CAM_PASS" station wrong rtsp --digest op:other
run wrong
[ "$(cat "$d/wrong.rc")" = 1 ] && show wrong env.range.camera-ptz.low | grep -q "service refused the station's login: RTSP/1.0 401"
ok $? "a login the camera refuses fails (rc $(cat "$d/wrong.rc"))" "$(show wrong env.range.camera-ptz.low | head -20)"
station nologin rtsp --digest op:s3cret
run nologin
[ "$(cat "$d/nologin.rc")" = 0 ] &&
	grep -q '^    ok [0-9]* - env.range.camera-ptz.low: .*# SKIP a camera is watched through its frames: the camera asks for a login' "$d/nologin.tap"
ok $? "no login in the station: the camera's frames cannot be seen, SKIP (rc $(cat "$d/nologin.rc"))" "$(grep -A3 'camera-ptz.low' "$d/nologin.tap" | head -20)"
CAM_PASS="" && unset CAM_PASS
LOGIN="user: op, password_env: CAM_PASS" station nopass rtsp --digest op:s3cret
run nopass
grep -q 'role service: \$CAM_PASS (password_env) is not set' "$d/nopass.err" "$d/nopass.tap" && [ "$(cat "$d/nopass.rc")" != 0 ]
ok $? "the password's variable unset: said, not a pass (rc $(cat "$d/nopass.rc"))" "$(cat "$d/nopass.err" | tail -5)"

sed 's|url: "http://|url: "ftp://|' "$d/http.yaml" >"$d/ftp.yaml"
"$B/bench/bench" check --station "$d/ftp.yaml" >/dev/null 2>"$d/ftp.err"
rc=$?
[ $rc -eq 2 ] && grep -q "ftp.yaml:[0-9]*:[0-9]*: .*role service: service url 'ftp://" "$d/ftp.err"
ok $? "a service URL of no known scheme: exit 2 at its line (rc $rc)" "$(cat "$d/ftp.err")"
done_testing
