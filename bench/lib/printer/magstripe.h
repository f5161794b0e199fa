/* ISO/IEC 7811 magnetic stripe tracks as bit strings ('0'/'1', first bit
 * first on the stripe): track 1 is 6-bit alphanumeric (IATA, '%'..'?'),
 * tracks 2 and 3 are 4-bit numeric (';'..'?'); every character carries odd
 * parity and the record ends with an LRC character. */
#ifndef BENCH_MAGSTRIPE_H
#define BENCH_MAGSTRIPE_H

#include <stddef.h>

#include "bench/base/err.h"

/* Leading/trailing clocking zeros written around a record. */
#define MS_CLOCK_BITS 16

/* data excludes sentinels and LRC. Fails on a character the track cannot
 * hold or a record longer than the track's capacity. */
int ms_encode(int track, const char *data, char *bits, size_t cap, struct err *e);
/* Finds the start sentinel, checks each character's parity, the end sentinel
 * and the LRC; the message says which character failed. */
int ms_decode(int track, const char *bits, char *data, size_t cap, struct err *e);

#endif
