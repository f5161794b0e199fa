#!/bin/sh
# BER-TLV and FCI parsing (bench/lib/card/tlv.c), with truncated and hostile
# input.
exec "${BENCH_BUILD:-build}/tests/unit/test_tlv"
