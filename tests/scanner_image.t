#!/bin/sh
# The simulated scanner's image (bench/fixtures/scanner/image.c): every
# pixel of a scanned region is the glass sampled at its centre, whether the
# scan copies whole pixels (same dpi) or samples them.
exec "${BENCH_BUILD:-build}/tests/unit/test_scanner_image"
