"""pytest with labgrid's plugin: power the DUT through labgrid, run bench on
the station the same labgrid environment describes, power the DUT off.

    BENCH_BASE=/etc/bench/station.yaml BENCH_SUITES="suites/env" \
      pytest --lg-env lab.yaml bench/labgrid/example/test_bench.py

The environment's target needs a NetworkPowerPort and a NetworkPowerDriver
(example: env.yaml next to this file). BENCH_DIR is the bench checkout
(default: this file's), BENCH the binary (default build/bench/bench in
BENCH_DIR), BENCH_BASE the station file giving station: and dut:,
BENCH_SUITES the suites (relative to BENCH_DIR), BENCH_OUT the reports
folder (default: pytest's tmp_path).
"""
import os
import shlex
import subprocess

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
BENCH_DIR = os.environ.get("BENCH_DIR", os.path.normpath(os.path.join(HERE, "..", "..", "..")))


@pytest.fixture
def dut_power(target):
    power = target.get_driver("NetworkPowerDriver")
    target.activate(power)
    power.on()
    yield power
    power.off()


def test_bench_run(env, target, dut_power, tmp_path):
    bench = os.environ.get("BENCH", os.path.join(BENCH_DIR, "build/bench/bench"))
    station = tmp_path / "station.yaml"
    with open(station, "w") as f:
        subprocess.run([os.path.join(BENCH_DIR, "bench/labgrid/station"), env.config_file,
                        "--target", target.name, "--base", os.environ["BENCH_BASE"]],
                       stdout=f, check=True)
    out = os.environ.get("BENCH_OUT", str(tmp_path / "reports"))
    suites = shlex.split(os.environ.get("BENCH_SUITES", "suites/env"))
    run = subprocess.run([bench, "run", "--station", str(station), "--out", out, *suites],
                         cwd=BENCH_DIR, capture_output=True, text=True)
    print(run.stdout)
    print(run.stderr)
    assert run.returncode == 0, "bench run exited %d" % run.returncode
    assert dut_power.get() is True, "the DUT is still powered after the run"
