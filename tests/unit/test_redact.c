/* bench/lib/crypto/redact.c: the redaction of a loaded key file's secrets
 * in every form they take in traces and diagnostics, and its start filter
 * against scrambled text. Prints TAP. Works in a private mkdtemp
 * directory. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/lib/crypto/crypto.h"
#include "keyfile.h"
#include "tap.h"

static char dir[256];

static struct secrets loaded(void)
{
	struct secrets s;
	struct err e = {0};
	if (secrets_load(keyfile_write(dir, "good.yaml", keyfile_good, 0600), &s, &e)) {
		printf("Bail out! %s\n", e.msg);
		exit(1);
	}
	return s;
}

static void red(const struct secrets *s, const char *in, const char *want, const char *what)
{
	char out[512];
	redact(s, in, out, sizeof out);
	int same = !strcmp(out, want) && !redact_found(s, out);
	tap_ok(same, "%s", what);
	if (!same) {
		tap_diag("in:   %s", in);
		tap_diag("got:  %s", out);
		tap_diag("want: %s", want);
	}
}

static void test_redact(void)
{
	struct secrets s = loaded();
	red(&s, "no secrets here 9000", "no secrets here 9000", "text without secrets is copied");
	red(&s, "key=A1B2C3D4E5F60718293A4B5C6D7E8F90.", "key=<key:card/ssse.ext_auth>.",
	    "whole key, upper case");
	red(&s, "a1b2c3d4e5f60718293a4b5c6d7e8f90", "<key:card/ssse.ext_auth>", "lower case");
	red(&s, "A1 B2 C3 D4 E5 F6 07 18 29 3A 4B 5C 6D 7E 8F 90 end",
	    "<key:card/ssse.ext_auth> end", "spaces between bytes");
	red(&s, "a1:b2:c3:d4:e5:f6:07:18:29:3a:4b:5c:6d:7e:8f:90", "<key:card/ssse.ext_auth>",
	    "colons between bytes");
	red(&s, "80D8000015A1B2C3D4E5F60718293A4B5C6D7E8F9011223344",
	    "80D8000015<key:card/ssse.ext_auth>11223344", "key inside an APDU");
	red(&s, "left A1B2C3D4E5F60718 only", "left <key:card/ssse.ext_auth> only",
	    "half of a 3DES key alone is redacted");
	red(&s, "0F1E2D3C4B5A69788796A5B4C3D2E1F00F1E2D3C4B5A69788796A5B4C3D2E1F0",
	    "<key:card/ssse.ext_auth><key:card/ssse.ext_auth>", "a key twice, back to back");
	red(&s, "5566778899aabbccddeeff0011223344", "<key:card/purse.dpk>", "SM4 key");
	red(&s, "VERIFY 0020000003739184", "VERIFY 0020000003<pin:card/holder>",
	    "PIN digits inside a VERIFY APDU");
	red(&s, "pin 73 91 84", "pin <pin:card/holder>", "PIN BCD with spaces");
	red(&s, "ascii 373339313834", "ascii <pin:card/holder>", "PIN as ASCII hex");
	red(&s, "A1B2C3D4E5F6071", "A1B2C3D4E5F6071", "15 digits of a half key are not a match");
	red(&s, "A1B2-C3D4-E5F6-0718-293A-4B5C-6D7E-8F90", "<key:card/ssse.ext_auth>",
	    "dashes between groups");
	red(&s, "a1.b2.c3.d4.e5.f6.07.18.29.3a.4b.5c.6d.7e.8f.90", "<key:card/ssse.ext_auth>",
	    "dots between bytes");
	red(&s, "A1_B2_C3_D4_E5_F6_07_18 29_3A_4B_5C_6D_7E_8F_90", "<key:card/ssse.ext_auth>",
	    "underscores and a space between bytes");
	red(&s, "A1 - B2 . C3 _ D4E5F60718293A4B5C6D7E8F90", "<key:card/ssse.ext_auth>",
	    "runs of mixed separators");
	red(&s, "\"A1B2C3D4\\tE5F60718293A4B5C6D7E8F90\"", "\"<key:card/ssse.ext_auth>\"",
	    "a tab as YAML/JSON escape it (\\t) between digits");
	red(&s, "pin 7391-84", "pin <pin:card/holder>", "PIN with a dash");
	red(&s, "pin 73.91.84 and 7_3_9_1_8_4", "pin <pin:card/holder> and <pin:card/holder>",
	    "PIN with dots, PIN with underscores");
	red(&s, "ascii 37-33-39-31-38-34", "ascii <pin:card/holder>",
	    "PIN as ASCII hex with dashes");
	red(&s, "-A1B2-C3D4-E5F6-0718-", "-<key:card/ssse.ext_auth>-",
	    "separators around a match are kept");

	/* Truncation never leaves secret digits. */
	char small[12];
	size_t full = redact(&s, "A1B2C3D4E5F60718293A4B5C6D7E8F90", small, sizeof small);
	tap_ok(full == strlen("<key:card/ssse.ext_auth>") && strlen(small) == 11 &&
	           !strncmp(small, "<key:card/s", 11),
	       "truncated output holds the label's start, returns full length");
	char *d = redact_dup(&s, "x A1B2C3D4E5F60718293A4B5C6D7E8F90 y");
	tap_ok(d && !strcmp(d, "x <key:card/ssse.ext_auth> y"), "redact_dup");
	free(d);
	char plain[32];
	redact(NULL, "A1B2C3D4E5F60718", plain, sizeof plain);
	tap_ok(!strcmp(plain, "A1B2C3D4E5F60718"), "no secrets loaded: copied");
	secrets_free(&s);
}

/* Appends form to in, each digit maybe followed by a separator, maybe in
 * lower case, maybe with one digit changed (then it must not match). */
static void scramble(char *in, const char *form, unsigned *seed)
{
	size_t n = strlen(in);
	for (const char *f = form; *f && n < 200; f++) {
		*seed = *seed * 1103515245u + 12345u;
		unsigned r = *seed >> 16;
		char c = r % 7 == 0 ? 'B' : *f;
		in[n++] = r % 3 == 0 ? (char)tolower((unsigned char)c) : c;
		if (r % 5 == 0 && f[1])
			in[n++] = " :-._\t"[r / 5 % 6];
	}
	in[n] = '\0';
}

/* The forms of the key file's secrets (the whole key, its halves, another
 * key, the PIN as digits and as ASCII hex), near-misses of the PIN, and
 * noise that looks like APDUs. */
static const char *const forms[] = {"A1B2C3D4E5F60718293A4B5C6D7E8F90",
                                    "A1B2C3D4E5F60718",
                                    "293A4B5C6D7E8F90",
                                    "5566778899AABBCCDDEEFF0011223344",
                                    "739184",
                                    "373339313834",
                                    "0739184",
                                    "73918",
                                    "9000",
                                    "3F00"};
#define NFORMS (sizeof forms / sizeof *forms)

/* The start filter (s->starts) only skips work: on text made of secrets'
 * forms with separators, case changes and broken digits between hex noise,
 * redaction gives what it gives without it. */
static void test_redact_filter(void)
{
	struct secrets s = loaded(), bare = s;
	bare.starts = NULL;
	unsigned seed = 12345;
	int same = 1, hits = 0;
	for (int round = 0; round < 5000 && same; round++) {
		char in[256] = "", a[512], b[512];
		for (int k = 0; k < 4; k++) {
			seed = seed * 1103515245u + 12345u;
			scramble(in, forms[(seed >> 16) % NFORMS], &seed);
		}
		redact(&s, in, a, sizeof a);
		redact(&bare, in, b, sizeof b);
		hits += strchr(a, '<') != NULL;
		/* also cut short (the trace's buffer is finite) and as a yes/no */
		size_t cap = (seed >> 8) % 64 + 1;
		char ca[64], cb[64];
		size_t la = redact(&s, in, ca, cap), lb = redact(&bare, in, cb, cap);
		if (la != lb || strcmp(ca, cb) || redact_found(&s, in) != redact_found(&bare, in))
			strcpy(a, "(cut short or redact_found differs)");
		if (strcmp(a, b)) {
			same = 0;
			tap_diag("in: %s", in);
			tap_diag("with filter: %s", a);
			tap_diag("without:     %s", b);
		}
	}
	tap_ok(same && hits > 1000,
	       "the start filter changes no redaction (5000 texts, %d with a secret)", hits);
	secrets_free(&s);
}

/* Bytes made of random nibbles and secrets' forms at any nibble (the hex
 * of an APDU): redact_hex gives what redact gives on their hex, with the
 * start filter and without it, whole and cut short. */
static size_t nibble_soup(unsigned char *b, unsigned *seed)
{
	unsigned char nib[240];
	size_t n = 0;
	while (n < 200) {
		*seed = *seed * 1103515245u + 12345u;
		unsigned r = *seed >> 16;
		if (r % 4 == 0) {
			for (const char *f = forms[r / 4 % NFORMS]; *f; f++)
				nib[n++] = (unsigned char)hex_digit((unsigned char)*f);
		} else {
			nib[n++] = (unsigned char)(r / 4 % 16);
		}
		if (r % 23 == 0)
			break;
	}
	n -= n % 2;
	for (size_t i = 0; i < n; i += 2)
		b[i / 2] = (unsigned char)(nib[i] << 4 | nib[i + 1]);
	return n / 2;
}

static void test_redact_hex(void)
{
	struct secrets s = loaded(), bare = s;
	bare.starts = NULL;
	unsigned seed = 777;
	int same = 1, hits = 0;
	for (int round = 0; round < 5000 && same; round++) {
		unsigned char b[128];
		char hex[257], want[600], got[600];
		size_t n = nibble_soup(b, &seed);
		hex_encode(b, n, hex);
		const struct secrets *who = round % 2 ? &s : &bare;
		size_t cap = round % 3 ? sizeof want : (seed >> 8) % 80;
		size_t lw = redact(who, hex, want, cap), lg = redact_hex(who, b, n, got, cap);
		hits += strchr(want, '<') != NULL;
		if (lw != lg || (cap && strcmp(want, got))) {
			same = 0;
			tap_diag("hex:  %s (cap %zu)", hex, cap);
			tap_diag("want: %s (%zu)", want, lw);
			tap_diag("got:  %s (%zu)", got, lg);
		}
	}
	tap_ok(same && hits > 1000,
	       "redact_hex of bytes = redact of their hex (5000 byte strings, %d with a secret)",
	       hits);
	char out[8];
	tap_ok(redact_hex(NULL, (const unsigned char *)"\x3f\x00", 2, out, sizeof out) == 4 &&
	           !strcmp(out, "3F00"),
	       "redact_hex without secrets is the hex");
	secrets_free(&s);
}

/* Strings that hold NULs (Lua strings, checkpoints) are redacted piece by
 * piece, the NULs kept. */
static void test_redact_mem(void)
{
	struct secrets s = loaded();
	static const char in[] = "k=A1B2C3D4E5F60718\0pin 739184\0";
	size_t n;
	char *out = redact_mem(&s, in, sizeof in - 1, &n);
	static const char want[] = "k=<key:card/ssse.ext_auth>\0pin <pin:card/holder>\0";
	tap_ok(out && n == sizeof want - 1 && !memcmp(out, want, n) && out[n] == '\0',
	       "redact_mem: each piece between NULs redacted, NULs kept");
	free(out);
	out = redact_mem(&s, "", 0, &n);
	tap_ok(out && n == 0 && !*out, "redact_mem of nothing");
	free(out);
	secrets_free(&s);
}

int main(void)
{
	keyfile_mkdir(dir, sizeof dir, "redact");
	test_redact();
	test_redact_filter();
	test_redact_hex();
	test_redact_mem();
	keyfile_rmdir(dir);
	return tap_done();
}
