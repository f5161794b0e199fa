#!/bin/sh
# ATR, BER-TLV/FCI and card-number parsers, with truncated and hostile input.
exec "${BENCH_BUILD:-build}/tests/unit/test_cardparse" /usr/share/pcsc/smartcard_list.txt
