/* The simulated card's data files, variants and defects of issue 15 as a
 * library (card_apdu(), no pcscd): each row's APDUs go to the good card
 * and to the card with one defect or variant, and the last answer of each
 * must be the one the row gives, so every defect and variant provably
 * changes exactly the behaviour it documents. Answers are globs over the
 * hex: '?' one hex digit, '*' any run. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/fixtures/simcard/card.h"
#include "bench/fixtures/simcard/fs.h"
#include "bench/fixtures/simcard/profile.h"
#include "tap.h"

struct row {
	const char *name; /* a defect or, with variant set, a variant */
	int variant;
	int pin, auth;     /* set the security state the APDUs need */
	const char *apdus; /* ;-separated hex */
	const char *good, *bad;
};

static const struct row rows[] = {
    {"p1p2-6b00", 1, 0, 0, "00A40700023F00", "6A86", "6B00"},
    {"offset-6a86", 1, 0, 0, "00A4020002EF07;00B07FF010", "6B00", "6A86"},
    {"offset-6a86", 1, 0, 0, "00A4020002EF07;00B0030001", "6B00", "6282"},
    {"le-6700", 1, 0, 0, "00B2072C05", "6C0B", "6700"},
    {"le00-6cxx", 1, 0, 0, "00B2072C00", "070961010201000000012F9000", "6C0B"},
    {"short-read-9000", 1, 0, 0, "00A4020002EF07;00B002F020",
     "F0F1F2F3F4F5F6F7F8F9FAFBFCFDFEFF6282", "F0F1F2F3F4F5F6F7F8F9FAFBFCFDFEFF9000"},
    {"challenge-any-le", 1, 0, 0, "0084000005", "6700", "??????????9000"},
    {"cla-68xx", 1, 0, 0, "01A40000023F00", "6E00", "6881"},
    {"cla-68xx", 1, 0, 0, "0CA40000023F00", "6E00", "6882"},
    {"get-response-6d00", 1, 0, 0, "00C0000008", "6985", "6D00"},
    {"no-ef-fcp", 1, 0, 0, "00A4020402EF0700", "620F8002030082020121*9000", "6A86"},
    {"omit-optional", 1, 1, 0, "00B2034400", "2212*9000", "6A83"},
    {"ef0c-renumbered", 1, 1, 0, "00B2066400", "3208*9000", "3308*9000"},
    {"lc-6a87", 1, 0, 0, "00A40000033F0000", "6700", "6A87"},
    {"select-partial-name", 1, 0, 0, "00A4040008315041592E535953", "6A82", "6F15*9000"},
    {"select-name-overlong", 0, 0, 0, "00A404000F315041592E5359532E444446303158", "6A82",
     "6F15*9000"},
    {"cn-padded-00", 0, 0, 0, "00B2072C00", "070961010201000000012F9000",
     "07096101020100000001209000"},
    {"an-padded-20", 0, 0, 0, "00B2023400", "091ED5C5C8FD00*9000", "091ED5C5C8FD20*9000"},
    {"an-padded-ff", 0, 0, 0, "00B2023400", "091ED5C5C8FD00*9000", "091ED5C5C8FDFF*9000"},
    {"sex-code-invalid", 0, 0, 0, "00B2033400", "0A01329000", "0A01339000"},
    {"nation-code-invalid", 0, 0, 0, "00B2043400", "0B01019000", "0B01609000"},
    {"birth-place-invalid", 0, 0, 0, "00B2053400", "0C036101029000", "0C039900009000"},
    {"marital-code-invalid", 0, 1, 0, "00B2015C00", "2B01329000", "2B01379000"},
    {"education-code-invalid", 0, 1, 0, "00B2025400", "2A0120*9000", "2A0107*9000"},
    {"birth-date-mismatch", 0, 0, 0, "00B2063400", "0D04199003079000", "0D04199003019000"},
    {"sex-mismatch", 0, 0, 0, "00B2033400", "0A01329000", "0A01319000"},
    {"card-expired", 0, 0, 0, "00B2062C00", "0604203401159000", "0604202001159000"},
    {"ef07-short", 0, 0, 0, "00A4020002EF07;00B002F001", "F09000", "6B00"},
    {"fcp-size-wrong", 0, 0, 0, "00A4020402EF0700", "620F80020300*9000", "620F80020310*9000"},
    {"extra-record", 0, 0, 0, "00B2082C00", "6A83", "0E04585452419000"},
    {"record-short", 0, 0, 0, "00B2023400",
     "091ED5C5C8FD"
     "0000000000000000000000000000000000000000000000000000"
     "9000",
     "091ED5C5C8FD"
     "00000000000000000000000000000000000000000000000000"
     "9000"},
    {"dir-count-wrong", 0, 0, 1, "00B2010C00", "400230339000", "400230349000"},
    {"read-past-end-padded", 0, 0, 0, "00A4020002EF07;00B002F020",
     "F0F1F2F3F4F5F6F7F8F9FAFBFCFDFEFF6282",
     "F0F1F2F3F4F5F6F7F8F9FAFBFCFDFEFF00000000000000000000000000000000"
     "9000"},
    {"rfu-p1-sfi-7bit", 0, 0, 0, "00B0E70010", "6A86", "6A82"},
    {"select-rfu-p2-no-fci", 0, 0, 0, "00A40010023F0000", "6A86", "9000"},
    {"rfu-ignored", 1, 0, 0, "00B0E70010", "6A86", "1A01*9000"},
    {"rfu-ignored", 1, 0, 0, "00A40010023F0000", "6A86", "6F09*9000"},
    /* past P2 to the PIN check: this card has no PIN loaded (6985) */
    {"rfu-ignored", 1, 0, 0, "0020006006482916073518", "6A86", "6985"},
    {"verify-p1-ignored", 0, 0, 0, "0020010006482916073518", "6A86", "6985"},
    {"challenge-le00-empty", 0, 0, 0, "0084000000", "6700", "9000"},
    {"logical-channel-ignored", 0, 0, 0, "01A40000023F0000", "6E00", "6F09*9000"},
    {"record-le00-truncated", 0, 0, 0, "00B2012C00", "0110*9000", "01108610000000009000"},
    {"flaky-read", 0, 0, 0, "00B2013400;00B2013400", "0812*349000", "0812*359000"},
    {"flaky-select", 0, 0, 0,
     "00A404000E315041592E5359532E4444463031;00A404000E315041592E5359532E4444463031", "6F15*9000",
     "6A82"},
};

/* '?' matches one character, '*' any run (also none). */
static int glob(const char *p, const char *s)
{
	if (*p == '*')
		return glob(p + 1, s) || (*s && glob(p, s + 1));
	if (!*p)
		return !*s;
	return *s && (*p == '?' || *p == *s) && glob(p + 1, s + 1);
}

static int load(struct card *c, const char *profile, const struct row *r, int on)
{
	struct profile p;
	struct err e = {0};
	memset(c, 0, sizeof *c);
	if (profile_load(profile, &p, &e) < 0) {
		tap_diag("%s", e.msg);
		return -1;
	}
	if (on && r->variant)
		p.variants |= (uint64_t)1 << variant_find(r->name);
	if (on && !r->variant)
		SET_DEFECT(c->defects, defect_find(r->name));
	if (fs_build(c, &p, &e) < 0) {
		tap_diag("%s", e.msg);
		return -1;
	}
	c->sec.pin_ok = r->pin;
	c->sec.authed = r->auth;
	return 0;
}

/* Sends the row's APDUs; the last answer as hex into out. */
static void send(struct card *c, const char *apdus, char *out)
{
	char buf[600];
	snprintf(buf, sizeof buf, "%s", apdus);
	for (char *save, *a = strtok_r(buf, ";", &save); a; a = strtok_r(NULL, ";", &save)) {
		uint8_t in[300], resp[CARD_MAX_RESP];
		size_t n = 0;
		for (; a[2 * n] && a[2 * n + 1]; n++)
			sscanf(a + 2 * n, "%2hhx", &in[n]);
		size_t len = card_apdu(c, in, n, resp);
		for (size_t i = 0; i < len; i++)
			sprintf(out + 2 * i, "%02X", resp[i]);
	}
}

static void check_row(const char *profile, const struct row *r)
{
	static struct card c;
	char got[2 * CARD_MAX_RESP + 1];
	int known = r->variant ? variant_find(r->name) >= 0 : defect_find(r->name) >= 0;
	tap_ok(known, "%s %s is listed", r->variant ? "variant" : "defect", r->name);
	for (int on = 0; on < 2 && known; on++) {
		const char *want = on ? r->bad : r->good;
		if (load(&c, profile, r, on) < 0) {
			tap_ok(0, "profile loads");
			return;
		}
		send(&c, r->apdus, got);
		int good = glob(want, got);
		tap_ok(good, "%s%s: %s answers %s", on ? "" : "without ", r->name, r->apdus, want);
		if (!good)
			tap_diag("  got %s", got);
		card_free(&c);
	}
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: test_simdata PROFILE\n");
		return 2;
	}
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
		check_row(argv[1], &rows[i]);
	return tap_done();
}
