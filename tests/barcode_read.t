#!/bin/sh
# printer.codes' symbols (bench/lib/printer: target_codes.c, barcode_read.c):
# drawn on a registration target, scanned through the simulated printer's
# render and decoded back, noisy scans included; symbols too large for their
# place refused; a white card reads nothing.
exec "${BENCH_BUILD:-build}/tests/unit/test_barcode_read"
