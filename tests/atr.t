#!/bin/sh
# ATR parsing (bench/lib/card/atr.c), with truncated and hostile input and
# every ATR of pcsc-tools' list.
exec "${BENCH_BUILD:-build}/tests/unit/test_atr" /usr/share/pcsc/smartcard_list.txt
