#!/bin/sh
# The printer driver's job and scan ledger (drivers/ipp_ledger.c): unique
# job names across a run's suite files and a resume, repeated scans caught,
# late scans waited for.
exec "${BENCH_BUILD:-build}/tests/unit/test_ipp_ledger"
