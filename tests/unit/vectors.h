/* Test-vector helpers of the crypto unit tests (test_crypto.c, test_smsg.c,
 * test_purse.c): expected bytes as hex, keys from hex. Header-only like
 * tap.h. */
#ifndef BENCH_TESTS_UNIT_VECTORS_H
#define BENCH_TESTS_UNIT_VECTORS_H

#include <stdio.h>
#include <string.h>

#include "bench/base/base.h"
#include "bench/lib/crypto/crypto.h"
#include "tap.h"

/* Compares bytes with an expected hex string; prints both on failure. */
static inline void bytes(const unsigned char *got, size_t n, const char *want, const char *what)
{
	unsigned char w[512];
	long wn = hex_decode(want, w, sizeof w);
	int same = wn == (long)n && memcmp(got, w, n) == 0;
	tap_ok(same, "%s", what);
	if (!same) {
		char g[1025];
		hex_encode(got, n < 512 ? n : 512, g);
		tap_diag("got:      %s", g);
		tap_diag("expected: %s", want);
	}
}

static inline struct crypto_key key(enum crypto_alg alg, const char *hex)
{
	struct crypto_key k;
	unsigned char b[24];
	long n = hex_decode(hex, b, sizeof b);
	struct err e = {0};
	if (n < 0 || crypto_key_set(&k, alg, b, (size_t)n, &e)) {
		printf("Bail out! bad test key: %s\n", e.msg);
		memset(&k, 0, sizeof k);
	}
	return k;
}

static inline size_t unhex(const char *s, unsigned char *out, size_t cap)
{
	long n = hex_decode(s, out, cap);
	return n < 0 ? 0 : (size_t)n;
}

#endif
