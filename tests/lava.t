#!/bin/sh
# LAVA end to end: this host is an `ssh` device (a private sshd on 127.0.0.1,
# its own host key, port and authorized_keys), its device configuration is
# rendered from the kit (bench/lava/), and Debian's lava-run runs the shipped
# job (bench/lava/bench-job.yaml) on it. Checks what LAVA recorded: cases,
# measurements with units, one test set per suite file, the log of a case,
# bench-exit and bench-verify; and that a suite error fails the job.
cd "$(dirname "$0")/.." || exit 1
. tests/lib/tap.sh
root=$(pwd)
case $BENCH in /*) ;; *) BENCH=$root/$BENCH ;; esac
plan 16

if ! command -v lava-run >/dev/null || [ ! -x /usr/sbin/sshd ] ||
	! /usr/bin/python3 -c 'import lava_dispatcher, yaml' 2>/dev/null; then
	echo "# SKIP lava-dispatcher or openssh-server is not installed (bench/setup installs them)"
	i=0
	while [ $i -lt 16 ]; do i=$((i + 1)); echo "ok $i # SKIP lava-dispatcher or openssh-server missing"; done
	exit 0
fi

tmp=$(mktemp -d)
id=bench-t$$ # LAVA unpacks the overlay in /lava-<job id>: ours only
cleanup() {
	bench/lava/host-sshd stop "$tmp/host"
	for j in "${id}a" "${id}b"; do
		rm -rf "/lava-$j" "/lava-$j-overlay-"*.tar.gz "/var/lib/lava/dispatcher/tmp/$j"
	done
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

port=$(bench/lava/host-sshd start "$tmp/host")
ok $? "a private sshd on 127.0.0.1 for this host"
bench/lava/render-device --yaml 127.0.0.1 "$port" "$(id -un)" "$tmp/host/id_ed25519" >"$tmp/device.yaml"

# The shipped job with this run's parameters and shorter timeouts.
job() { # job FILE SUITES...
	_f=$1
	shift
	/usr/bin/python3 - "$_f" "$root" "$BENCH" "$tmp/reports" "$*" <<'EOP'
import sys, yaml
out, root, bench, reports, suites = sys.argv[1:]
job = yaml.safe_load(open(root + "/bench/lava/bench-job.yaml"))
job["timeouts"] = {"job": {"minutes": 5}, "action": {"minutes": 4}, "connection": {"minutes": 1}}
for a in job["actions"]:
    for v in a.values():
        v["timeout"] = {"minutes": 3}
d = job["actions"][2]["test"]["definitions"][0]
d["parameters"] = {"BENCH_DIR": root, "BENCH": bench, "STATION": "tests/stations/empty.yaml",
                   "SUITES": suites, "REPORTS": reports, "VERIFY": "--unsigned-ok"}
yaml.safe_dump(job, open(out, "w"), allow_unicode=True)
EOP
}
job "$tmp/job-a.yaml" tests/suites/lava.lua tests/suites/mixed.lua
timeout 600 lava-run --job-id "${id}a" --output-dir "$tmp/out-a" --device "$tmp/device.yaml" \
	"$tmp/job-a.yaml" >"$tmp/log-a" 2>&1
is $? 0 "lava-run runs the shipped job on the bench host"
got=$(/usr/bin/python3 tests/lib/lava_results.py <"$tmp/log-a")
case_of() { printf '%s\n' "$got" | grep "^case=$1 " | sed 's/ log=.*//'; }
is "$(printf '%s\n' "$got" | grep '^job')" "job result=pass" "the job completes"
is "$(printf '%s\n' "$got" | grep -c '^case=[^ ]* set=tests_suites_mixed.lua ')" 8 \
	"mixed.lua: a case per point and per measurement, in its own test set"
is "$(printf '%s\n' "$got" | grep -c '^case=[^ ]* set=tests_suites_lava.lua ')" 18 \
	"lava.lua: every point and measurement, in its own test set"
is "$(case_of mixed.measure.read_time)" \
	"case=mixed.measure.read_time set=tests_suites_mixed.lua result=pass measurement=850.0 units=ms" \
	"a measurement with its value and unit"
is "$(case_of mixed.fail)|$(case_of mixed.todo)|$(case_of mixed.skip)" \
	"case=mixed.fail set=tests_suites_mixed.lua result=fail|case=mixed.todo set=tests_suites_mixed.lua result=unknown|case=mixed.skip set=tests_suites_mixed.lua result=skip" \
	"fail, todo and skip verdicts"
is "$(case_of lava.values.noise)|$(case_of lava.values.offset)" \
	"case=lava.values.noise set=tests_suites_lava.lua result=fail measurement=nan units=dB|case=lava.values.offset set=tests_suites_lava.lua result=fail measurement=-inf units=mV" \
	"NaN and -inf measurements are kept"
is "$(case_of lava.units.temp)|$(case_of lava.repeat.temp.3)" \
	"case=lava.units.temp set=tests_suites_lava.lua result=pass measurement=23.5 units=°C|case=lava.repeat.temp.3 set=tests_suites_lava.lua result=fail measurement=23.0 units=°C" \
	"UTF-8 units and a repeated measurement name"
like "$(printf '%s\n' "$got" | grep '^case=lava.log ')" \
	'log=.*bench: lava.log is running \|     ok 4 - lava.log: a point that logs while it runs' \
	"a case's log in LAVA holds what the point printed"
is "$(case_of bench-exit)|$(case_of bench-verify)" \
	"case=bench-exit set=- result=fail measurement=1.0 units=exit|case=bench-verify set=- result=pass" \
	"bench's exit status (1: a test failed) and bench verify are cases"
is "$(printf '%s\n' "$got" | grep -c '^error')" 0 "LAVA logged no error"

job "$tmp/job-b.yaml" tests/suites/broken_syntax.lua
timeout 600 lava-run --job-id "${id}b" --output-dir "$tmp/out-b" --device "$tmp/device.yaml" \
	"$tmp/job-b.yaml" >"$tmp/log-b" 2>&1
rc=$?
got=$(/usr/bin/python3 tests/lib/lava_results.py <"$tmp/log-b")
isnt0=$([ $rc -ne 0 ] && echo yes)
is "$isnt0" yes "a suite error makes lava-run fail"
like "$(printf '%s\n' "$got" | grep '^job')" '^job result=fail error=bench exited 2: no complete run' \
	"... and the job fails saying bench exited 2"
is "$(case_of bench-exit)" "case=bench-exit set=- result=fail measurement=2.0 units=exit" \
	"bench-exit records the 2"

# The shipped device.yaml is what lava-server renders from bench-host.jinja2.
if [ -f /usr/share/lava-server/device-types/ssh.jinja2 ]; then
	bench/lava/render-device 127.0.0.1 "$port" root /k >"$tmp/dict.jinja2"
	bench/lava/render-device --yaml 127.0.0.1 "$port" root /k >"$tmp/dev.yaml"
	diff=$(/usr/bin/python3 - "$tmp" <<'EOP'
import sys, jinja2, yaml
tmp = sys.argv[1]
env = jinja2.Environment(loader=jinja2.FileSystemLoader([tmp, "/usr/share/lava-server/device-types"]),
                         trim_blocks=True, autoescape=False)
full = yaml.safe_load(env.get_template("dict.jinja2").render())
def walk(mine, theirs, path):
    if isinstance(mine, dict):
        for k, v in mine.items():
            if not isinstance(theirs, dict) or k not in theirs:
                print("missing %s/%s" % (path, k))
            else:
                walk(v, theirs[k], "%s/%s" % (path, k))
    elif mine != theirs:
        print("differs %s: %r != %r" % (path, mine, theirs))
walk(yaml.safe_load(open(tmp + "/dev.yaml")), full, "")
EOP
)
	is "$diff" "" "device.yaml matches lava-server's rendering of bench-host.jinja2"
else
	echo "ok $((_tap_n + 1)) # SKIP lava-server's device types are not installed (bench/lava/lab installs them)"
	_tap_n=$((_tap_n + 1))
fi
