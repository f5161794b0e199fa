# A simulated IP camera (tests/lib/camera.py) and a station around it, for
# the tests of suites/video. Needs $d (the test's directory) and $pids
# (what its trap kills).

# camera_up NAME [camera.py options...]: started; its port in $d/NAME.cam
# once it listens.
camera_up() {
	_n=$1
	shift
	python3 tests/lib/camera.py --port-file "$d/$_n.cam" "$@" &
	pids="$pids $!"
	_i=0
	while [ ! -s "$d/$_n.cam" ] && [ $_i -lt 200 ]; do
		sleep 0.05
		_i=$((_i + 1))
	done
}

# camera_station NAME CLASS SCHEME: $d/NAME.yaml, a DUT of CLASS whose
# `service` role is the camera's SCHEME (rtsp, http) URL; LOGIN, when set,
# adds the role's login options.
camera_station() {
	cat >"$d/$1.yaml" <<EOS
station: { name: video test, simulated: true }
dut: { maker: bench, model: sim camera, serial: "0003", firmware: "1.0", class: $2 }
roles:
  service: { driver: service, url: "$3://127.0.0.1:$(cat "$d/$1.cam")/stream1", timeout_ms: 1000${LOGIN:+, $LOGIN} }
EOS
}
