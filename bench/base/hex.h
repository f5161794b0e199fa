#ifndef BENCH_HEX_H
#define BENCH_HEX_H

#include <stddef.h>

/* Writes 2n upper-case hex digits and a NUL into out (size >= 2n+1). */
void hex_encode(const unsigned char *b, size_t n, char *out);
/* Decodes hex, skipping spaces; returns length, or -1 on odd length, bad
 * digit or overflow of cap. */
long hex_decode(const char *s, unsigned char *out, size_t cap);

#endif
