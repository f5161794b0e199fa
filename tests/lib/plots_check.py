#!/usr/bin/env python3
"""Checks report.html's plots against measurements.csv (tests/plots.t).

plots_check.py RUN_DIR CHECK: prints nothing and exits 0 when CHECK holds,
else says why on stdout and exits 1.
"""
import csv
import html
import math
import re
import sys

run, check = sys.argv[1], sys.argv[2]
doc = open(run + "/report.html", encoding="utf-8").read()
rows = list(csv.DictReader(open(run + "/measurements.csv", encoding="utf-8")))


def key(name):
    m = re.match(r"[A-Za-z_][A-Za-z_0-9]*", name)
    return m.group(0) if m else name


def figures():
    out = []
    for m in re.finditer(r"<figure (.*?)>(.*?)</figure>", doc, re.S):
        attrs = {k: html.unescape(v) for k, v in re.findall(r'data-([a-z]+)="([^"]*)"', m.group(1))}
        pts = re.search(r'<polyline class="data"[^>]*points="([^"]*)"', m.group(2))
        xy = [tuple(map(float, p.split(","))) for p in pts.group(1).split()] if pts else []
        attrs["xy"] = xy
        attrs["body"] = m.group(2)
        out.append(attrs)
    return out


def series(test, name):
    return [(float(r["elapsed"]), float(r["value"])) for r in rows
            if r["test_id"] == test and key(r["name"]) == name]


def fail(why):
    print(why)
    sys.exit(1)


figs = figures()
byid = {(f["test"], f["series"]): f for f in figs}

if check == "counts":  # every plot: stated counts true, within the budget
    if not figs:
        fail("no <figure> plots")
    for f in figs:
        want = len(series(f["test"], f["series"]))
        if int(f["measured"]) != want:
            fail("%s %s: states %s measured, csv has %d" % (f["test"], f["series"], f["measured"], want))
        if int(f["plotted"]) != len(f["xy"]):
            fail("%s %s: states %s plotted, polyline has %d" % (f["test"], f["series"], f["plotted"], len(f["xy"])))
        if len(f["xy"]) > 2 * int(f["cols"]):
            fail("%s %s: %d points > 2 x %s columns" % (f["test"], f["series"], len(f["xy"]), f["cols"]))
        cap = "%d of %d measured points plotted" % (len(f["xy"]), want)
        if len(f["xy"]) < want and cap not in f["body"]:
            fail("%s %s: caption lacks '%s'" % (f["test"], f["series"], cap))
elif check == "extremes":  # min and max of every pixel column of pl.big survive
    f = byid.get(("pl.big", "level"))
    if not f:
        fail("no plot of pl.big level")
    s = series("pl.big", "level")
    cols = int(f["cols"])
    x0, x1 = min(x for x, _ in s), max(x for x, _ in s)
    col = lambda x: min(cols - 1, max(0, int((x - x0) / (x1 - x0) * cols)))
    want, got = {}, {}
    for x, y in s:
        lo, hi = want.get(col(x), (math.inf, -math.inf))
        want[col(x)] = (min(lo, y), max(hi, y))
    for x, y in f["xy"]:
        got.setdefault(col(x), set()).add(y)
    if len(f["xy"]) >= len(s):
        fail("pl.big not decimated: %d of %d" % (len(f["xy"]), len(s)))
    for c, (lo, hi) in sorted(want.items()):
        if lo not in got.get(c, ()) or hi not in got.get(c, ()):
            fail("column %d: min %g / max %g not both plotted (has %s)" % (c, lo, hi, sorted(got.get(c, ()))))
elif check == "apart":  # a series of one test never in another test's plot
    a, b = byid.get(("pl.big", "level")), byid.get(("pl.other", "level"))
    if not a or not b:
        fail("pl.big and pl.other level are not two plots: %s" % sorted(byid))
    if any(y >= 1000 for _, y in a["xy"]) or any(y < 1000 for _, y in b["xy"]):
        fail("a plot holds points of the other test")
    if len(b["xy"]) != 50:
        fail("pl.other: %d points plotted, not 50" % len(b["xy"]))
elif check == "table":  # two points: table rows, no plot
    if any(f["test"] == "pl.two" for f in figs):
        fail("pl.two is plotted")
    t = re.search(r'<table class="few">(.*?)</table>', doc, re.S)
    if not t or len(re.findall(r"<td>pl\.two</td><td>pair@[12]</td><td>[78]</td>", t.group(1))) != 2:
        fail("pl.two's two rows are not in the too-few-to-plot table")
elif check == "zero":  # a latency axis starts at 0
    f = byid.get(("pl.latency", "latency"))
    if not f:
        fail("no plot of pl.latency")
    ticks = re.findall(r'text-anchor="end">([^<]*)</text>', f["body"])
    if not ticks or float(ticks[0]) != 0:
        fail("latency y axis starts at %s, not 0" % (ticks[:1] or "?"))
    if "latency (ms)" not in f["body"]:
        fail("latency y label lacks its unit")
elif check == "hours":  # simulated hours on the elapsed axis
    f = byid.get(("pl.hours", "temp"))
    if not f:
        fail("no plot of pl.hours")
    xs = [x for x, _ in f["xy"]]
    if not (4 * 3600 - 1 <= xs[-1] - xs[0] <= 6 * 3600):
        fail("pl.hours spans %g s of elapsed time, not 4..6 h" % (xs[-1] - xs[0]))
    hms = [int(h) * 3600 + int(m) * 60 + int(s) for h, m, s in
           re.findall(r'text-anchor="(?:middle|end)">(\d+):(\d\d):(\d\d)</text>', f["body"])]
    if "simulated (time scale 36000)" not in f["body"] or len(hms) != 5:
        fail("pl.hours: x axis not labelled in simulated h:mm:ss: %s" % hms)
    if not (4 * 3600 - 1 <= hms[-1] - hms[0] <= 6 * 3600):
        fail("pl.hours: x axis spans %d s, not 4 h" % (hms[-1] - hms[0]))
elif check == "fill":  # each series spans the plot's width: time is not padded
    for f in figs:
        m = re.search(r'<polyline class="data" transform="matrix\(([^)]*)\)"', f["body"])
        a, _, _, _, e, _ = map(float, m.group(1).split())
        xs = [x for x, _ in f["xy"]]
        left, right = a * min(xs) + e, a * max(xs) + e
        if abs(left - 70) > 0.5 or abs(right - 620) > 0.5:
            fail("%s %s: data spans x %.1f..%.1f px, not the frame's 70..620" % (f["test"], f["series"], left, right))
else:
    fail("unknown check " + check)
