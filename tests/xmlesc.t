#!/bin/sh
# Text for XML and HTML reports (bench/base/xmlesc.c).
exec "${BENCH_BUILD:-build}/tests/unit/test_xmlesc"
