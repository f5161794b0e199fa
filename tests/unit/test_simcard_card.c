/* bench/fixtures/simcard/card.c: card_apdu() as a library, no socket: APDU
 * parsing, T=0 GET RESPONSE, record/binary edge cases, profile errors, and
 * the card's check digits against the bench's own (bench/lib/card/cardnum.c),
 * so suites and card agree. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench/lib/card/card.h"
#include "bench/fixtures/simcard/card.h"
#include "bench/fixtures/simcard/checks.h"
#include "bench/fixtures/simcard/fs.h"
#include "bench/fixtures/simcard/profile.h"
#include "tap.h"

/* Sends hex APDU, returns the response as upper-case hex in buf. */
static const char *tx(struct card *c, const char *hex, char *buf)
{
	uint8_t in[300], out[CARD_MAX_RESP];
	size_t len = 0;
	for (; hex[2 * len] && hex[2 * len + 1]; len++)
		sscanf(hex + 2 * len, "%2hhx", &in[len]);
	size_t r = card_apdu(c, in, len, out);
	for (size_t i = 0; i < r; i++)
		sprintf(buf + 2 * i, "%02X", out[i]);
	return buf;
}

static void sw(struct card *c, const char *apdu, const char *want, const char *what)
{
	char buf[600];
	tx(c, apdu, buf);
	int good = strcmp(buf, want) == 0;
	tap_ok(good, "%s", what);
	if (!good)
		tap_diag("  got %s, want %s", buf, want);
}

static int load(struct card *c, const char *profile, unsigned defects, int t0)
{
	struct profile p;
	struct err e = {0};
	memset(c, 0, sizeof *c);
	c->defects[0] = defects;
	c->t0 = t0;
	if (profile_load(profile, &p, &e) < 0 || fs_build(c, &p, &e) < 0) {
		tap_diag("%s", e.msg);
		return -1;
	}
	return 0;
}

static void test_parse(struct card *c)
{
	sw(c, "00A4", "6700", "APDU shorter than a header: 6700");
	sw(c, "00A40000023F", "6700", "Lc longer than the data: 6700");
	sw(c, "00A40000003F00", "6700", "Lc 00 (extended length): 6700");
	sw(c, "00A40000023F0000", "6F0984023F00A5038801019000", "case 4 with Le 00");
	sw(c, "00A400000000", "6700", "SELECT P1 00 with Lc 0");
	sw(c, "00A40001023F00", "6A86", "SELECT with P2 01: 6A86");
	sw(c, "00A4000C023F00", "9000", "SELECT with P2 0C: no FCI");
	sw(c, "00B2002C00", "6A86", "READ RECORD P1 00: 6A86");
	sw(c, "0084010008", "6A86", "GET CHALLENGE P1 01: 6A86");
	sw(c, "00B000000A", "6986", "READ BINARY with no current EF: 6986");
}

static void test_t0(const char *profile)
{
	struct card c;
	char buf[600];
	if (load(&c, profile, 0, 1) < 0) {
		tap_ok(0, "T=0 card loads");
		return;
	}
	sw(&c, "00A40000023F00", "610B", "T=0: SELECT with data answers 610B");
	sw(&c, "00C000000B", "6F0984023F00A5038801019000", "T=0: GET RESPONSE gives the FCI");
	sw(&c, "00C000000B", "6985", "T=0: GET RESPONSE twice: 6985");
	uint8_t atr[40];
	size_t len = card_atr(&c, atr, sizeof atr);
	tap_ok(len == 11 && atr[1] == 0x09, "T=0 ATR has no interface bytes and no TCK");
	/* With a class indicator the ATR grows T=15 and its TA, and a TCK. */
	for (int t1 = 0; t1 < 2; t1++) {
		c.t0 = !t1;
		c.class_ind = 4;
		struct atr a;
		struct err e = {0};
		len = card_atr(&c, atr, sizeof atr);
		tap_ok_diag(atr_parse(atr, len, &a, &e) == 0 && a.class_ind == 4 && a.tck_ok &&
		                (a.protocols & (t1 ? 2 : 1)) && (t1 || a.protocols == 1),
		            t1 ? "T=1 ATR with class C parses, class C, good TCK"
		               : "T=0 ATR with class C parses, class C, good TCK, T=0 only",
		            e.msg);
	}
	c.t0 = 1, c.class_ind = 0;
	tx(&c, "00B2072C00", buf);
	tap_ok(strncmp(buf, "0709", 4) == 0, "T=0: case 2 READ RECORD answers directly");
	card_free(&c);
}

static void test_checks(void)
{
	const char *nums[] = {"6101020100000001", "6104020112345678", "6111000199999999"};
	int same = 1;
	for (size_t i = 0; i < 3; i++)
		same &= check_card_number(nums[i]) == cardnum_luhn(nums[i], 16);
	tap_ok(same, "card number check digit equals bench cardnum_luhn");
	tap_ok(check_id18("11010519491231002") == 'X', "GB 11643 example 11010519491231002X");
	tap_ok(check_id18("61010219900307002") == cardnum_mod11_2("61010219900307002"),
	       "ID check equals bench cardnum_mod11_2");
}

/* The default profile with issue_date made impossible: the error must name
 * that line. */
static void test_bad_profile(const char *good, const char *dir)
{
	char path[4096], line[512], want[64] = "";
	snprintf(path, sizeof path, "%s/bad.yaml", dir);
	FILE *in = fopen(good, "r"), *out = fopen(path, "w");
	if (!in || !out) {
		tap_ok(0, "write a bad profile");
		return;
	}
	for (int ln = 1; fgets(line, sizeof line, in); ln++) {
		if (strncmp(line, "issue_date:", 11) == 0) {
			snprintf(line, sizeof line, "issue_date: \"20241399\"\n");
			snprintf(want, sizeof want, "bad.yaml:%d:", ln);
		}
		fputs(line, out);
	}
	fclose(in);
	fclose(out);
	struct profile p;
	struct err e = {0};
	tap_ok(want[0] && profile_load(path, &p, &e) < 0 && strstr(e.msg, want) &&
	           strstr(e.msg, "issue_date"),
	       "an impossible issue date is an error at its file:line");
	tap_diag("%s", e.msg);
	unlink(path);
}

/* Random APDUs (fixed seed): every answer is 2..258 bytes ending in a status
 * word the card can give; ASan/UBSan catch the rest. */
static void test_random(struct card *c)
{
	unsigned seed = 7;
	int good = 1;
	for (int i = 0; i < 200000 && good; i++) {
		uint8_t in[270], out[CARD_MAX_RESP];
		size_t len = (size_t)(rand_r(&seed) % 270);
		for (size_t k = 0; k < len; k++)
			in[k] = (uint8_t)rand_r(&seed);
		if (len > 1 && rand_r(&seed) % 2)
			in[0] = 0x00, in[1] = "\xA4\xB0\xB2\x84\xC0"[rand_r(&seed) % 5];
		size_t r = card_apdu(c, in, len, out);
		good = r >= 2 && r <= CARD_MAX_RESP && (out[r - 2] & 0xF0) >= 0x60;
	}
	tap_ok(good, "200000 random APDUs: well-formed answers");
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: test_simcard_card PROFILE TMPDIR\n");
		return 2;
	}
	static struct card c;
	if (load(&c, argv[1], 0, 0) < 0) {
		printf("Bail out! profile %s\n", argv[1]);
		return 1;
	}
	test_parse(&c);
	test_random(&c);
	card_free(&c);
	test_t0(argv[1]);
	test_checks();
	test_bad_profile(argv[1], argv[2]);
	return tap_done();
}
