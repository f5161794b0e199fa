/* Unit tests of bench/lib/card/tlv.c: BER-TLV and FCI parsing with
 * truncated, over-long and hostile (deeply nested) input, and random bytes.
 * Prints TAP. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/lib/card/card.h"
#include "bench/base/base.h"
#include "random.h"
#include "tap.h"

static int fci(const char *hex, struct fci *f, struct err *e)
{
	unsigned char b[512];
	size_t n = unhex(hex, b, sizeof b);
	memset(e, 0, sizeof *e);
	return tlv_fci(b, n, f, e);
}

static void test_tlv(void)
{
	struct fci f;
	struct err e;
	tap_ok_diag(fci("6F0A840531504159A5019000", &f, &e) < 0, "FCI with SW glued on is rejected",
	            e.msg);
	tap_ok_diag(fci("6F0B8405315041592EA502880101", &f, &e) < 0,
	            "FCI with bad lengths rejected", e.msg);
	tap_ok_diag(fci("6F0C840531504159"
	                "2EA503880101",
	                &f, &e) == 0 &&
	                f.df_name && f.df_name_len == 5 && f.prop && f.prop_len == 3,
	            "FCI with 84 and A5 parses", e.msg);
	tap_ok_diag(fci("6F05A503880101", &f, &e) == 0 && !f.df_name, "FCI without 84 flags it",
	            e.msg);
	tap_ok_diag(fci("6F", &f, &e) < 0, "truncated FCI (tag only) is rejected", e.msg);
	tap_ok_diag(fci("6F81", &f, &e) < 0, "truncated FCI (long form length) is rejected", e.msg);
	tap_ok_diag(fci("6F84FFFFFFFF", &f, &e) < 0, "FCI with 4-byte length is rejected", e.msg);
	tap_ok_diag(fci("6F820100", &f, &e) < 0 && strstr(e.msg, "past"),
	            "FCI with length past the end is rejected", e.msg);
	tap_ok_diag(fci("6F80", &f, &e) < 0, "indefinite length is rejected", e.msg);
	tap_ok_diag(fci("6F038400", &f, &e) < 0, "FCI with empty 84 is rejected", e.msg);
	tap_ok_diag(fci("6F03840211", &f, &e) < 0, "FCI with inner tag truncated is rejected",
	            e.msg);
	tap_ok_diag(fci("840131", &f, &e) == 0 && f.bare && f.df_name && f.df_name_len == 1,
	            "the FCI's objects without 6F (7816-4 §7.1.1) parse, flagged bare", e.msg);
	tap_ok_diag(fci("6F03840131", &f, &e) == 0 && !f.bare, "an FCI in 6F is not bare", e.msg);
	tap_ok_diag(fci("8405315041592EA503880101", &f, &e) == 0 && f.bare && f.df_name_len == 5 &&
	                f.prop && f.prop_len == 3,
	            "bare 84 and A5 parse", e.msg);
	tap_ok_diag(fci("62038201", &f, &e) < 0, "an FCP (62) is no FCI", e.msg);
	tap_ok_diag(fci("84053150", &f, &e) < 0,
	            "bare objects with a length past the end are rejected", e.msg);
	tap_ok_diag(fci("5F2D02", &f, &e) < 0, "an answer starting with another tag is rejected",
	            e.msg);

	/* Hostile nesting: 20 levels of constructed tags. */
	unsigned char deep[64];
	for (int i = 0; i < 20; i++) {
		deep[2 * i] = 0xA0;
		deep[2 * i + 1] = (unsigned char)(38 - 2 * i);
	}
	memset(&e, 0, sizeof e);
	tap_ok_diag(tlv_check(deep, 40, &e) < 0 && strstr(e.msg, "deeper"),
	            "TLV nested 20 deep is refused", e.msg);
	unsigned char b[32];
	size_t n = unhex("9F3803010203BF0C0461025F2D", b, sizeof b);
	struct tlv x;
	memset(&e, 0, sizeof e);
	tap_ok_diag(tlv_find(b, n, 0x9F38, &x, &e) == 1 && x.len == 3, "two-byte tag found", e.msg);
	tap_ok_diag(tlv_find(b, n, 0x5F2D, &x, &e) < 0, "truncated nested tag is an error", e.msg);
	n = unhex("9FFFFFFF0100", b, sizeof b);
	tap_ok_diag(tlv_check(b, n, &e) < 0, "tag longer than 3 bytes is rejected", e.msg);
}

/* Random bytes (tests/unit/random.h), every other input a plausible 6F
 * template: each call returns a verdict (a reason on rejection) and keeps
 * its pointers inside the input. Under the ASan build an out-of-bounds read
 * aborts the test. */
static void test_random(void)
{
	unsigned long long x = RANDOM_SEED;
	int bad = 0;
	char why[256] = "";
	for (int round = 0; round < RANDOM_ROUNDS && !bad; round++) {
		unsigned char b[64];
		size_t n = random_input(&x, round, b, sizeof b);
		struct err e = {0};
		struct fci f;
		if (tlv_check(b, n, &e) < 0 && !e.msg[0])
			bad = 1, snprintf(why, sizeof why, "TLV rejected without reason");
		e.msg[0] = 0;
		if (tlv_fci(b, n, &f, &e) == 0 && f.df_name &&
		    (f.df_name < b || f.df_name + f.df_name_len > b + n))
			bad = 1, snprintf(why, sizeof why, "FCI DF name outside the input");
	}
	tap_ok_diag(!bad, "200000 random inputs: tlv_check and tlv_fci return a verdict in bounds",
	            why);
}

int main(void)
{
	test_tlv();
	test_random();
	return tap_done();
}
