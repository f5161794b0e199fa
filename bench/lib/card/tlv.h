/* BER-TLV (ISO/IEC 7816-4:2013 §5.2, ISO 8825-1) and the FCI template
 * (§7.4.1, tags 6F/84/A5). Pure C; bench/tlv_lua.c gives bench.tlv. */
#ifndef BENCH_TLV_H
#define BENCH_TLV_H

#include <stddef.h>

#include "bench/base/err.h"

#define TLV_MAX_DEPTH 8

struct tlv {
	unsigned tag; /* as written: 6F, 84, 9F38, BF0C ... */
	int constructed;
	size_t off; /* offset of the tag byte within the parsed buffer */
	size_t hdr; /* tag + length bytes */
	size_t len;
	const unsigned char *val;
};

/* Reads the TLV at *pos of b[0..n) and advances *pos past it. Skips the
 * 00/FF padding bytes 7816-4 allows between objects; returns 0 with t->tag
 * == 0 at the end. Truncation, a 4-byte-plus tag, an indefinite or >3-byte
 * length, or a value running past n fail naming the offset. */
int tlv_next(const unsigned char *b, size_t n, size_t *pos, struct tlv *t, struct err *e);

/* Checks b[0..n) is a sequence of well-formed TLVs, recursing into
 * constructed ones up to TLV_MAX_DEPTH. */
int tlv_check(const unsigned char *b, size_t n, struct err *e);

/* Finds the first tag (depth-first, inside constructed objects); 1 found,
 * 0 not found, -1 malformed. */
int tlv_find(const unsigned char *b, size_t n, unsigned tag, struct tlv *out, struct err *e);

struct fci {
	const unsigned char *df_name; /* tag 84, or NULL */
	size_t df_name_len;
	const unsigned char *prop; /* tag A5 (FCI proprietary template), or NULL */
	size_t prop_len;
};

/* An FCI must be one 6F template spanning the whole answer; 84 inside it
 * must be 1..16 bytes (7816-4 §7.4.1, table 12). A missing 84 is not a parse
 * error: df_name is NULL and the suite reports it. */
int tlv_fci(const unsigned char *b, size_t n, struct fci *f, struct err *e);

#endif
