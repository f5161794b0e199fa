/* The simulated card's APDU handler (bench/fixtures/simcard/card.c): a
 * session of commands on a fresh card. Input: two bytes of settings (bit 0
 * T=0, the other 15 bits defects), then commands as <len byte><len bytes>. Every answer is a full
 * response with SW1 SW2 inside CARD_MAX_RESP. */
#include <stdlib.h>
#include <string.h>

#include "bench/fixtures/simcard/card.h"
#include "bench/fixtures/simcard/fs.h"
#include "bench/fixtures/simcard/profile.h"
#include "fuzz.h"

#ifndef FUZZ_PROFILE
#define FUZZ_PROFILE "bench/fixtures/cards/default.yaml"
#endif

/* The profile is parsed once; a fresh card is built from it per input. */
static const struct profile *profile(void)
{
	static struct profile p;
	static int loaded;
	if (!loaded) {
		struct err e = {0};
		if (profile_load(FUZZ_PROFILE, &p, &e) < 0) {
			fprintf(stderr, "fuzz_apdu: %s\n", e.msg);
			abort();
		}
		loaded = 1;
	}
	return &p;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2)
		return 0;
	struct card *c = calloc(1, sizeof *c);
	FUZZ_CHECK(c != NULL);
	c->t0 = data[0] & 1;
	/* The first 15 defects from the first two bytes (later ones, such as
	 * slow-read, would only sleep or repeat what these reach). */
	unsigned bits = (unsigned)data[0] >> 1 | (unsigned)data[1] << 7;
	for (int d = 0; d < 15; d++)
		if (bits >> d & 1)
			SET_DEFECT(c->defects, d);
	c->rng = 42; /* reproducible challenges */
	struct err e = {0};
	FUZZ_CHECK(fs_build(c, profile(), &e) == 0);
	card_reset(c);
	uint8_t atr[64];
	FUZZ_CHECK(card_atr(c, atr, sizeof atr) > 0);
	for (size_t off = 2; off < size;) {
		size_t n = data[off++];
		if (n > size - off)
			n = size - off;
		/* An exact-size copy: ASan catches any read past the command. */
		uint8_t *in = malloc(n ? n : 1), out[CARD_MAX_RESP];
		FUZZ_CHECK(in != NULL);
		memcpy(in, data + off, n);
		size_t r = card_apdu(c, in, n, out);
		FUZZ_CHECK(r >= 2 && r <= CARD_MAX_RESP);
		free(in);
		off += n;
		if (n == 0)
			card_reset(c); /* an empty command stands for a warm reset */
	}
	card_free(c);
	free(c);
	return 0;
}
