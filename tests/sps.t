#!/bin/sh
# The picture size of H.264 and H.265 sequence parameter sets, alone and
# from an SDP's sprop-parameter-sets or sprop-sps (drivers/sps.c).
exec "${BENCH_BUILD:-build}/tests/unit/test_sps"
