#!/usr/bin/python3
"""Feeds a console stream (stdin) to lava-dispatcher's own test-shell signal
handling, as a LAVA test shell would see it, and prints what LAVA records.

One line per recorded case:
  case=ID set=SET result=R [measurement=M] [units=U] log=N:M
where log=N:M are the first and last console lines (1-based, of stdin) that
LAVA links to the case (its STARTTC .. ENDTC markers); and one line per
error the dispatcher logs ("error: ..."), e.g. a measurement it drops.
Exit 2 when lava-dispatcher cannot be imported.
"""
import logging
import re
import sys

try:
    from lava_common.log import YAMLLogger
    from lava_dispatcher.actions.test.shell import TestShellAction
except ImportError as exc:  # the caller skips with this reason
    print("lava-dispatcher not importable: %s" % exc, file=sys.stderr)
    sys.exit(2)


class Collect(logging.Handler):
    """Keeps every log record, as the server would store the job log."""

    def __init__(self):
        super().__init__()
        self.records = []

    def emit(self, record):
        self.records.append(record.msg)


def main():
    logger = YAMLLogger("bench-lava-parse")
    handler = Collect()
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    results, errors, console_at = [], [], []

    def keep_results(res, *args, **kwargs):
        YAMLLogger.results(logger, res, *args, **kwargs)  # adds the markers
        results.append(dict(res))

    def keep_errors(msg, *args, **kwargs):
        errors.append(msg % args if args else msg)
        YAMLLogger.error(logger, msg, *args, **kwargs)

    logger.results = keep_results
    logger.error = keep_errors

    action = TestShellAction()
    action.logger = logger
    action.signal_director.logger = logger
    action._reset_patterns()
    action.definition = "0_bench"
    action.signal_director.test_uuid = "0_bench_uuid"
    signal = re.compile(action.patterns["signal"])

    class Conn:
        match = None

    conn = Conn()
    for n, raw in enumerate(sys.stdin.buffer, 1):
        line = raw.decode("utf-8", errors="replace").rstrip("\n")
        # the dispatcher logs each console line as one "target" record
        logger.target(line)
        console_at.extend([n] * (logger.line - len(console_at)))
        for m in signal.finditer(line):
            conn.match = m
            action.check_patterns("signal", conn, None)
        console_at.extend([None] * (logger.line - len(console_at)))

    def console_line(idx):
        # the marker is the index of a log record; the console line is the
        # last one logged at or before it
        while idx >= 0 and console_at[idx] is None:
            idx -= 1
        return console_at[idx] if idx >= 0 else 0

    for r in results:
        out = "case=%s set=%s result=%s" % (r["case"], r.get("set", "-"), r["result"])
        if "measurement" in r:
            out += " measurement=%r" % r["measurement"]
        if "units" in r:
            out += " units=%s" % r["units"]
        if "starttc" in r:
            out += " log=%d:%d" % (console_line(r["starttc"]), console_line(r["endtc"]))
        print(out)
    for e in errors:
        print("error: %s" % e)


main()
