#!/bin/sh
# The picture size one RTP payload gives: an SPS sent in band (H.264,
# H.265) or the RFC 2435 JPEG header (drivers/rtp_size.c).
exec "${BENCH_BUILD:-build}/tests/unit/test_rtp_size"
