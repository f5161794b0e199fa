#!/usr/bin/python3
"""Prints what a lava-run job log (stdin) recorded, one line per result:
  job result=R [error=MSG]                      the job itself
  case=ID set=SET result=R [measurement=M] [units=U] [log=...]
for each case of the test definitions (not LAVA's own "lava" cases); log=
is the console text LAVA links to the case (its STARTTC..ENDTC lines),
with lines joined by " | ". And "error: MSG" for each error logged."""
import sys

import yaml

lines = [yaml.safe_load(line) for line in sys.stdin if line.startswith("{")]
for rec in lines:
    msg = rec.get("msg")
    if rec.get("lvl") == "error":
        print("error: %s" % msg)
    if rec.get("lvl") != "results":
        continue
    if msg.get("definition") == "lava":
        if msg.get("case") == "job":
            err = " error=%s" % msg["error_msg"] if "error_msg" in msg else ""
            print("job result=%s%s" % (msg["result"], err))
        continue
    out = "case=%s set=%s result=%s" % (msg["case"], msg.get("set", "-"), msg["result"])
    if "measurement" in msg:
        out += " measurement=%r" % msg["measurement"]
    if "units" in msg:
        out += " units=%s" % msg["units"]
    # the markers are indices of log records, written as strings
    start, end = int(msg.get("starttc", 0)), int(msg.get("endtc", 0))
    if start != end:
        text = [
            str(r["msg"])
            for r in lines[start : end + 1]
            if r.get("lvl") == "target"
        ]
        out += " log=%s" % " | ".join(text)
    print(out)
