/* ISO/IEC 7816-3:2006 clause 8 Answer-to-Reset parser. Pure C: no I/O, no
 * Lua; bench/atr_lua.c exposes it to suites as bench.atr. */
#ifndef BENCH_ATR_H
#define BENCH_ATR_H

#include <stddef.h>

#include "bench/base/err.h"

#define ATR_MAX    33 /* TS + at most 32 characters (§8.2.1) */
#define ATR_LEVELS 8

struct atr {
	unsigned char raw[ATR_MAX];
	size_t len;
	unsigned char ts, t0;
	/* Interface bytes TAi..TDi of level i (0 = TA1..TD1); -1 when absent. */
	int ta[ATR_LEVELS], tb[ATR_LEVELS], tc[ATR_LEVELS], td[ATR_LEVELS];
	int levels;                /* how many levels have at least one byte */
	unsigned protocols;        /* bit T set for each protocol T offered (T=15 excluded) */
	int first_protocol;        /* T of TD1, or 0 when TD1 is absent (§8.2.3) */
	size_t hist_off, hist_len; /* historical bytes within raw */
	int tck_required;          /* some TDi indicates T != 0 (§8.2.5) */
	int has_tck;
	unsigned char tck;
	int tck_ok; /* XOR of T0..TCK is zero; 0 when has_tck is 0 */
};

/* Parses b[0..n). Fails (clause named in e) on a bad TS, too few bytes for
 * what T0/TDi announce, more than one byte after the historical bytes, or more
 * than 33 bytes. A wrong or missing TCK is not a parse error: it is reported
 * in the fields so a suite can fail the precise check. */
int atr_parse(const unsigned char *b, size_t n, struct atr *a, struct err *e);

/* Fi/Di from TA1 (Table 7/8 of §8.3); 0 when reserved (RFU). */
int atr_fi(int ta1);
int atr_di(int ta1);

#endif
