#!/bin/sh
# suites/video/continuous.lua (厦门市一、二类视频监控设备主要技术要求 四 (二)
# 7*24 不间断运行) against a simulated IP camera (tests/lib/camera.py, RTSP) at
# --time-scale 100000: a week of probes, one a minute. A camera that answers
# each passes; one that drops single connections passes, the misses counted;
# one that is down for a while fails, naming when, and still does when bench
# was killed and resumed after it; a DUT of another class,
# or a station without a service role, SKIPs.
set -u
cd "$(dirname "$0")/.." || exit 1
. tests/lib/tapcheck.sh
. tests/lib/camera.sh
. tests/lib/killwhen.sh
B=${BENCH_BUILD:-build}
d=$(mktemp -d)
pids=""
trap 'for p in $pids; do kill "$p" 2>/dev/null; done; rm -rf "$d"' EXIT
SUITE=suites/video/continuous.lua

# camera NAME CLASS [camera.py options...]: a camera and a station of its own; runs the suite.
camera() {
	n=$1 class=$2
	shift 2
	camera_up "$n" "$@"
	camera_station "$n" "$class" rtsp
	"$B/bench/bench" run --station "$d/$n.yaml" --out "$d/$n" --time-scale 100000 "$SUITE" \
		>"$d/$n.tap" 2>"$d/$n.err"
	echo $? >"$d/$n.rc"
}
show() { diag_of "$d/$1.tap" video.continuous_7x24; }
csv() { sed -n "s/^video.continuous_7x24,$2,\([^,]*\),.*/\1/p" "$d"/$1/*/measurements.csv; }

camera good video-camera
[ "$(cat "$d/good.rc")" = 0 ] && grep -q '^    ok 1 - video.continuous_7x24: [^#]*$' "$d/good.tap" &&
	[ "$(csv good probes)" -ge 10081 ] && [ "$(csv good interruptions)" = 0 ] &&
	[ "$(csv good availability)" = 100 ]
ok $? "a camera whose stream is described at every probe of the week passes (rc $(cat "$d/good.rc"), $(csv good probes) probes)" \
	"$(show good; tail -3 "$d/good.err")"

camera miss video-camera --miss-every 50
[ "$(cat "$d/miss.rc")" = 0 ] && [ "$(csv miss interruptions)" = 0 ] && [ "$(csv miss missed_probes)" -gt 100 ]
ok $? "single probes lost, each answered 5 s later: passes, $(csv miss missed_probes) misses counted" \
	"$(show miss)"

camera down camera-ptz --down-at 2 --down-for 0.5
[ "$(cat "$d/down.rc")" = 1 ] && [ "$(csv down interruptions)" = 1 ] &&
	show down | grep -q 'first_interruption: "+[0-9.]* h: .*the connection closed without an answer"' &&
	awk -v s="$(csv down longest_outage)" 'BEGIN { exit !(s > 600) }'
ok $? "a camera down for a while fails: one interruption, when and how long ($(csv down longest_outage) s)" \
	"$(show down)"

# bench killed (kill -9) while the camera is down, resumed once it is up
# again: the week starts again (nobody watched while bench was down), and
# the interruption seen before the kill still fails the test.
camera_up killed --down-at 2 --down-for 0.5
camera_station killed video-camera rtsp
kill_when '\["outages"\]=1,' "$d/killed" "$B/bench/bench" run --station "$d/killed.yaml" \
	--out "$d/killed" --time-scale 100000 "$SUITE"
sleep 1 # the camera's outage (0.5 s real) is over
"$B/bench/bench" resume "$d"/killed/* >"$d/killed.tap" 2>"$d/killed.err"
echo $? >"$d/killed.rc"
[ "$(cat "$d/killed.rc")" = 1 ] && [ "$(csv killed interruptions)" -ge 1 ] &&
	show killed | grep -q 'restarted1: "the week started again: bench stopped [0-9.]* h into it' &&
	show killed | grep -q 'first_interruption: "+[0-9.]* h: .*(before bench stopped)"' &&
	[ "$(csv killed probes)" -ge 10081 ]
ok $? "killed during an outage and resumed: a new week, and the outage seen before still fails" \
	"$(show killed; tail -3 "$d/killed.err")"

# A camera whose probes show no frames is not watched: its RTSP server
# answering says nothing of its encoder. A 401 without the station's login,
# an HTTP page, a role with frames: 0: each SKIPs, naming why. A display's
# HTTP interface is what it serves: watched, and passes.
camera login video-camera --basic user:secret
grep -q '^    ok 1 - video.continuous_7x24: .* # SKIP a camera is watched through its frames: the camera asks for a login' "$d/login.tap"
ok $? "a camera asking for a login the station does not give SKIPs" "$(cat "$d/login.tap")"
web() {
	camera_up "$1"
	camera_station "$1" "$2" "$3"
	"$B/bench/bench" run --station "$d/$1.yaml" --out "$d/$1" --time-scale 100000 "$SUITE" \
		>"$d/$1.tap" 2>"$d/$1.err"
	echo $? >"$d/$1.rc"
}
web http video-camera http
grep -q '^    ok 1 - video.continuous_7x24: .* # SKIP .*not the camera.s RTSP stream' "$d/http.tap"
ok $? "a camera watched through an HTTP URL SKIPs" "$(cat "$d/http.tap")"
LOGIN="frames: 0" web noframes camera-ptz rtsp
grep -q '^    ok 1 - video.continuous_7x24: .* # SKIP .*frames is 0' "$d/noframes.tap"
ok $? "a camera role with frames: 0 SKIPs" "$(cat "$d/noframes.tap")"
web dlp display-dlp http
[ "$(cat "$d/dlp.rc")" = 0 ] && grep -q '^    ok 1 - video.continuous_7x24: [^#]*$' "$d/dlp.tap" &&
	[ "$(csv dlp interruptions)" = 0 ]
ok $? "a display's HTTP interface is watched for the week and passes" "$(show dlp; tail -3 "$d/dlp.err")"

camera reader reader
grep -q '^    ok 1 - video.continuous_7x24: .* # SKIP for video-camera|camera-ptz|display-dlp DUTs only' "$d/reader.tap"
ok $? "a DUT of another class SKIPs" "$(cat "$d/reader.tap")"
printf 'station: { name: video test, simulated: true }\ndut: { maker: bench, model: sim camera, serial: "0004", firmware: "1.0", class: video-camera }\nroles: {}\n' >"$d/none.yaml"
"$B/bench/bench" run --station "$d/none.yaml" --out "$d/none" --time-scale 100000 "$SUITE" >"$d/none.tap" 2>&1
grep -q '^    ok 1 - video.continuous_7x24: .* # SKIP .*service' "$d/none.tap"
ok $? "a station without a service role SKIPs, naming it" "$(cat "$d/none.tap")"
done_testing
