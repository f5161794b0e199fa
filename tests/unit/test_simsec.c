/* The simulated card's security as a library (card_apdu, no socket): PIN
 * retry counter and block, secure messaging (6984 without challenge, 6988
 * on a bad MAC), key references, purse errors (9403, 6985, 6700)
 * and profile key errors that never echo a key value.
 * usage: test_simsec PROFILE_WITHOUT_SECURITY TMPDIR */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/lib/crypto/crypto.h"
#include "bench/fixtures/simcard/card.h"
#include "bench/fixtures/simcard/fs.h"
#include "bench/fixtures/simcard/profile.h"
#include "tap.h"

/* Test keys: SSSE maintenance key and PIN of the profile written below. */
static const char *const MAINT = "404142434445464748494A4B4C4D4E4F";
static const char *const KEYS = "pin: \"2468\"\nkeys:\n"
                                "  ssse.maint: \"404142434445464748494A4B4C4D4E4F\"\n"
                                "  ssse.master: \"505152535455565758595A5B5C5D5E5F\"\n"
                                "  pse.master: \"606162636465666768696A6B6C6D6E6F\"\n";

static size_t unhex(const char *hex, uint8_t *out)
{
	size_t len = 0;
	for (; hex[2 * len] && hex[2 * len + 1]; len++)
		sscanf(hex + 2 * len, "%2hhx", &out[len]);
	return len;
}

static int sw_of(struct card *c, const uint8_t *in, size_t len, uint8_t *out, size_t *rlen)
{
	size_t r = card_apdu(c, in, len, out);
	if (rlen)
		*rlen = r;
	return out[r - 2] << 8 | out[r - 1];
}

static int tx(struct card *c, const char *hex)
{
	uint8_t in[300], out[CARD_MAX_RESP];
	return sw_of(c, in, unhex(hex, in), out, NULL);
}

static void sw(struct card *c, const char *apdu, int want, const char *what)
{
	int got = tx(c, apdu);
	tap_ok(got == want, "%s", what);
	if (got != want)
		tap_diag("  %s -> %04X, want %04X", apdu, got, want);
}

static int write_profile(const char *base, const char *path, const char *extra)
{
	FILE *in = fopen(base, "r"), *out = fopen(path, "w");
	char line[512];
	if (!in || !out)
		return -1;
	while (fgets(line, sizeof line, in))
		fputs(line, out);
	fputs(extra, out);
	fclose(in);
	return fclose(out);
}

static int load(struct card *c, const char *profile, unsigned defects, struct err *e)
{
	struct profile p;
	memset(c, 0, sizeof *c);
	c->defects[0] = defects;
	if (profile_load(profile, &p, e) < 0 || fs_build(c, &p, e) < 0 ||
	    sec_load(c, profile, e) < 0)
		return -1;
	return 0;
}

/* UPDATE BINARY EF15 of SSSE under SM with the test maintenance key. */
static int sm_update(struct card *c, struct crypto *cr, int corrupt)
{
	uint8_t ch[CARD_MAX_RESP], kb[16], apdu[64];
	size_t rlen, len;
	struct crypto_key k;
	struct err e = {0};
	uint8_t gc[] = {0x00, 0x84, 0x00, 0x00, 0x04};
	if (sw_of(c, gc, sizeof gc, ch, &rlen) != 0x9000)
		return -1;
	unhex(MAINT, kb);
	const uint8_t data[] = {1, 2, 3, 4};
	struct sm_cmd cmd = {0x00, 0xD6, 0x95, 0x00, data, sizeof data, -1};
	if (crypto_key_set(&k, CRYPTO_3DES, kb, 16, &e) < 0 ||
	    crypto_sm_wrap(cr, &cmd, &k, ch, 4, NULL, apdu, sizeof apdu, &len, &e) < 0)
		return -1;
	apdu[len - 1] ^= (uint8_t)corrupt;
	return sw_of(c, apdu, len, ch, NULL);
}

static void test_pin(struct card *c)
{
	sw(c, "00A40000023F00", 0x9000, "SELECT MF");
	sw(c, "0020000000", 0x63C3, "VERIFY query: 3 tries");
	sw(c, "002000000213579F", 0x63C2, "wrong PIN: 63C2");
	sw(c, "00200000022468", 0x9000, "right PIN: 9000");
	sw(c, "0020000000", 0x63C3, "counter reset to 3");
	sw(c, "00B2014400", 0x9000, "EF08 readable after VERIFY");
	for (int i = 0; i < 2; i++)
		tx(c, "002000000213579F");
	sw(c, "002000000213579F", 0x6983, "third wrong PIN blocks: 6983");
	sw(c, "00200000022468", 0x6983, "right PIN while blocked: 6983");
	sw(c, "0020000002246", 0x6700, "truncated VERIFY: 6700");
}

static void test_sm(struct card *c, struct crypto *cr)
{
	sw(c, "00A4000002DDF1", 0x9000, "SELECT SSSE");
	sw(c, "04D695000801020304AABBCCDD", 0x6984, "SM without a challenge: 6984");
	tap_ok(sm_update(c, cr, 0) == 0x9000, "SM UPDATE BINARY with the right MAC: 9000");
	sw(c, "00B0950004", 0x9000, "EF15 readable");
	tap_ok(sm_update(c, cr, 0x01) == 0x6988, "SM UPDATE BINARY with a bad MAC: 6988");
	sw(c, "00D695000401020304", 0x6982, "plain UPDATE of an SM file: 6982");
	sw(c, "04D69500", 0x6700, "SM with no room for a MAC: 6700");
	sw(c, "0082000008", 0x6700, "EXTERNAL AUTHENTICATE without data: 6700");
	sw(c, "00820000080001020304050607", 0x6984, "EXTERNAL AUTHENTICATE without challenge");
	sw(c, "0082001008000102030405060708", 0x6A88, "EXTERNAL AUTHENTICATE, absent key");
	sw(c, "80A4000000", 0x6E00, "proprietary class with an ISO INS: 6E00");
}

static void test_purse(struct card *c)
{
	tx(c, "00A40000023F00");
	sw(c, "00A4000002DDF2", 0x9000, "SELECT PSE");
	sw(c, "805C000204", 0x9000, "GET BALANCE");
	sw(c, "805001020B01000000011122334455660F", 0x9403,
	   "purchase without a purchase key: 9403");
	sw(c, "805401000E0000000120261123120000000000", 0x6700, "DEBIT with short data: 6700");
	sw(c, "805401000F00000001202611231200000000000008", 0x6985, "DEBIT without INITIALIZE");
	sw(c, "805C000204", 0x9000, "GET BALANCE still served");
	sw(c, "005C000204", 0x6D00, "GET BALANCE in ISO class: 6D00");
}

static void test_errors(const char *base, const char *tmp)
{
	char path[4096];
	struct card c;
	struct err e = {0};
	snprintf(path, sizeof path, "%s/badkey.yaml", tmp);
	write_profile(base, path, "pin: \"2468\"\nkeys:\n  ssse.maint: \"0011223344ZZ\"\n");
	tap_ok(load(&c, path, 0, &e) < 0 && strstr(e.msg, "badkey.yaml:") &&
	           strstr(e.msg, "ssse.maint") && !strstr(e.msg, "0011223344"),
	       "bad key hex: error names file:line and the key, never the value");
	tap_diag("%s", e.msg);
	card_free(&c);
	snprintf(path, sizeof path, "%s/unknown.yaml", tmp);
	write_profile(base, path, "pin: \"2468\"\nkeys:\n  nosuch.key: \"00\"\n");
	tap_ok(load(&c, path, 0, &e) < 0 && strstr(e.msg, "unknown card key nosuch.key"),
	       "unknown key name refused");
	card_free(&c);
	snprintf(path, sizeof path, "%s/badpin.yaml", tmp);
	write_profile(base, path, "pin: \"12a4\"\nkeys:\n  ssse.maint: \"00\"\n");
	tap_ok(load(&c, path, 0, &e) < 0, "a PIN that is not 4..12 digits refused");
	card_free(&c);
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: test_simsec PROFILE TMPDIR\n");
		return 2;
	}
	char path[4096];
	static struct card c;
	struct err e = {0};
	snprintf(path, sizeof path, "%s/sec.yaml", argv[2]);
	struct crypto *cr = crypto_new(&e);
	if (!cr || write_profile(argv[1], path, KEYS) < 0 || load(&c, path, 0, &e) < 0) {
		printf("Bail out! %s\n", e.msg);
		return 1;
	}
	test_pin(&c);
	test_sm(&c, cr);
	test_purse(&c);
	card_free(&c);
	if (load(&c, path, 1u << D_SM_MAC_NOT_CHECKED, &e) == 0) {
		tx(&c, "00A4000002DDF1");
		tap_ok(sm_update(&c, cr, 0x01) == 0x9000,
		       "defect sm-mac-not-checked serves a bad MAC");
	}
	card_free(&c);
	test_errors(argv[1], argv[2]);
	crypto_free(cr);
	return tap_done();
}
