/* Random inputs and hex test vectors for the card parser tests (test_atr.c,
 * test_tlv.c, test_cardnum.c). Header-only like tap.h. One fixed xorshift sequence, so
 * each parser gets the same inputs in every run and in every program: a
 * failure found by one is the same input for the others.
 *
 *   RANDOM_ROUNDS                      how many inputs a test draws
 *   random_input(&x, round, b, cap)    the next input into b (cap > 0 bytes),
 *                                      returns its length (0..cap-1)
 *   unhex(hex, b, cap)                 a test vector's bytes; a bad vector
 *                                      ends the program (exit 2)
 */
#ifndef BENCH_TESTS_UNIT_RANDOM_H
#define BENCH_TESTS_UNIT_RANDOM_H

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

#include "bench/base/base.h"

#define RANDOM_ROUNDS 200000
#define RANDOM_SEED   0x9E3779B97F4A7C15ull

static inline size_t random_input(unsigned long long *x, int round, unsigned char *b, size_t cap)
{
	*x ^= *x << 13, *x ^= *x >> 7, *x ^= *x << 17;
	size_t n = (size_t)(*x % cap);
	for (size_t i = 0; i < n; i++) {
		*x ^= *x << 13, *x ^= *x >> 7, *x ^= *x << 17;
		b[i] = (unsigned char)*x;
	}
	/* Every other input a mostly-plausible FCI: a 6F tag whose length fits,
	 * so the TLV walk goes past the first byte. */
	if (round % 2 && n > 1)
		b[0] = 0x6F, b[1] = (unsigned char)(n - 2);
	return n;
}

static inline size_t unhex(const char *s, unsigned char *b, size_t cap)
{
	long n = hex_decode(s, b, cap);
	if (n < 0) {
		fprintf(stderr, "bad test vector %s\n", s);
		exit(2);
	}
	return (size_t)n;
}

#endif
