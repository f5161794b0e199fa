#!/bin/sh
# The picture size of H.264 sequence parameter sets, from an SDP's
# sprop-parameter-sets (drivers/h264_sps.c).
exec "${BENCH_BUILD:-build}/tests/unit/test_h264_sps"
