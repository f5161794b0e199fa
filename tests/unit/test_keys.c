/* Key file loading (permissions, bad input with file:line:col, no value
 * echoed) and the redaction filter against hostile strings. Prints TAP.
 * Works in a private mkdtemp directory. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bench/lib/crypto/crypto.h"
#include "tap.h"

static char dir[256];

static const char *write_file(const char *name, const char *text, mode_t mode)
{
	static char path[512];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	if (!f || fputs(text, f) < 0 || fclose(f)) {
		printf("Bail out! cannot write %s\n", path);
		exit(1);
	}
	chmod(path, mode);
	return path;
}

static const char good[] = "keys:\n"
                           "  - role: card\n"
                           "    id: ssse.ext_auth\n"
                           "    version: 1\n"
                           "    algorithm: 3des\n"
                           "    usage: external_auth\n"
                           "    value: \"A1B2C3D4E5F60718 293A4B5C6D7E8F90\"\n"
                           "  - role: card\n"
                           "    id: ssse.ext_auth\n"
                           "    version: 2\n"
                           "    algorithm: 3des\n"
                           "    value: \"0F1E2D3C4B5A6978 8796A5B4C3D2E1F0\"\n"
                           "  - role: card\n"
                           "    id: purse.dpk\n"
                           "    version: 1\n"
                           "    algorithm: sm4\n"
                           "    usage: purchase\n"
                           "    value: \"5566778899AABBCCDDEEFF0011223344\"\n"
                           "pins:\n"
                           "  - role: card\n"
                           "    id: holder\n"
                           "    value: \"739184\"\n";

static void test_load(void)
{
	struct secrets s;
	struct err e = {0};
	const char *p = write_file("good.yaml", good, 0600);
	tap_ok(secrets_load(p, &s, &e) == 0, "a private key file loads");
	if (e.msg[0])
		tap_diag("%s", e.msg);
	tap_ok(s.n == 4, "three keys and a PIN");
	const struct secret *k = secrets_key(&s, "card", "ssse.ext_auth", -1);
	tap_ok(k && k->version == 2, "version -1 picks the highest version");
	k = secrets_key(&s, "card", "ssse.ext_auth", 1);
	tap_ok(k && k->key.alg == CRYPTO_3DES && k->key.len == 16 && k->key.b[0] == 0xA1,
	       "version 1 by number, 16-byte 3DES");
	tap_ok(k && !strcmp(k->usage, "external_auth"), "usage kept");
	tap_ok(k && !strcmp(k->label, "<key:card/ssse.ext_auth>"), "label is <key:ROLE/ID>");
	tap_ok(!secrets_key(&s, "sam1", "ssse.ext_auth", -1), "other role: no key");
	const struct secret *pin = secrets_pin(&s, "card", "holder");
	tap_ok(pin && !strcmp(pin->pin, "739184") && !strcmp(pin->label, "<pin:card/holder>"),
	       "PIN loaded with its label");
	secrets_free(&s);
	tap_ok(s.n == 0 && s.v == NULL, "secrets_free empties");
}

static void test_permissions(void)
{
	struct secrets s;
	struct err e = {0};
	const char *p = write_file("open.yaml", good, 0644);
	tap_ok(secrets_load(p, &s, &e) == -1 && e.code == EXIT_USAGE, "a 0644 key file is refused");
	tap_ok(strstr(e.msg, "mode 0644") && strstr(e.msg, "chmod 600"),
	       "the reason names mode and fix");
	p = write_file("group.yaml", good, 0640);
	tap_ok(secrets_load(p, &s, &e) == -1 && strstr(e.msg, "0640"),
	       "a 0640 key file is refused");
	p = write_file("gw.yaml", good, 0620);
	tap_ok(secrets_load(p, &s, &e) == -1, "a group-writable key file is refused");
	tap_ok(secrets_load(dir, &s, &e) == -1 && strstr(e.msg, "not a regular file"),
	       "a directory is refused");
	char missing[300];
	snprintf(missing, sizeof missing, "%s/none.yaml", dir);
	tap_ok(secrets_load(missing, &s, &e) == -1 && e.code == EXIT_USAGE &&
	           strstr(e.msg, missing),
	       "a missing file names the path");
}

/* Loads text that must fail; checks code 2, "file:line:" and absence of
 * leak (a value that must not be echoed). */
static void bad(const char *text, int line, const char *needle, const char *leak, const char *what)
{
	struct secrets s;
	struct err e = {0};
	const char *p = write_file("bad.yaml", text, 0600);
	char where[600];
	snprintf(where, sizeof where, "%s:%d:", p, line);
	int failed = secrets_load(p, &s, &e) == -1 && e.code == EXIT_USAGE;
	int good_msg = strstr(e.msg, where) && strstr(e.msg, needle);
	int no_leak = !leak || !strstr(e.msg, leak);
	tap_ok(failed && good_msg && no_leak, "%s", what);
	if (!(failed && good_msg && no_leak))
		tap_diag("message: %s", e.msg);
}

static void test_bad_input(void)
{
	bad("keys:\n  - role: card\n    id: k\n    version: 1\n    algorithm: 3des\n"
	    "    value: \"00112233445566ZZ8899AABBCCDDEEFF\"\n",
	    6, "not hex", "00112233445566ZZ", "bad hex digit: file:line, value not echoed");
	bad("keys:\n  - role: card\n    id: k\n    version: 1\n    algorithm: 3des\n"
	    "    value: \"0011223344556677889\"\n",
	    6, "odd length", "0011223344", "odd-length hex");
	bad("keys:\n  - role: card\n    id: k\n    version: 1\n    algorithm: 3des\n"
	    "    value: \"00112233445566778899\"\n",
	    6, "16 or 24", "0011223344", "a 10-byte 3DES key is refused, value not echoed");
	bad("keys:\n  - role: card\n    id: k\n    version: 1\n    algorithm: aes\n"
	    "    value: \"00112233445566778899AABBCCDDEEFF\"\n",
	    5, "unknown algorithm (des, 3des or sm4)", "aes", "unknown algorithm, not echoed");
	bad("keys:\n  - role: card\n    id: k\n    version: 1\n    algorithm: sm4\n"
	    "    usage: coffee\n    value: \"00112233445566778899AABBCCDDEEFF\"\n",
	    6, "unknown usage", "00112233", "unknown usage");
	bad("keys:\n  - role: card\n    id: k\n    version: 1\n    algorithm: des\n"
	    "    value: \"0011223344556677\"\n    colour: red\n",
	    7, "unknown field (the fields are role, id, version, algorithm, value, usage)",
	    "colour", "unknown field, not echoed");
	bad("keys:\n  - role: card\n    id: k\n    algorithm: des\n    value: "
	    "\"0011223344556677\"\n",
	    2, "missing field 'version'", NULL, "missing version");
	bad("keys:\n  - role: card\n    id: k\n    version: 1\n    algorithm: des\n"
	    "    value: \"0011223344556677\"\n"
	    "  - role: card\n    id: k\n    version: 1\n    algorithm: des\n"
	    "    value: \"8899AABBCCDDEEFF\"\n",
	    7, "defined twice", "8899AABB", "duplicate role/id/version");
	bad("pins:\n  - role: card\n    id: holder\n    value: \"12a4\"\n", 4, "decimal digits",
	    "12a4", "PIN with a letter");
	bad("pins:\n  - role: card\n    id: holder\n    value: \"123\"\n", 4, "4 to 12", NULL,
	    "PIN too short");
	bad("secrets:\n  - x\n", 2, "unknown top-level field", NULL, "unknown top-level field");
	bad("keys:\n  - role: card\n    id: k\n    version: [1\n", 5, "YAML", NULL,
	    "YAML syntax error has a position");
	/* A value typed where a name or a word belongs is never echoed either. */
	bad("keys:\n  - role: card\n    id: k\n    version: 1\n    algorithm: des\n"
	    "    \"0011223344556677\": x\n",
	    6, "unknown field", "0011223344556677", "a key value as a field name is not echoed");
	bad("pins:\n  - role: card\n    id: holder\n    \"4829-1607-3518\": x\n", 4,
	    "unknown field (the fields are role, id, value)", "4829", "a PIN as a field name");
	bad("\"0011223344556677\": x\n", 1, "unknown top-level field", "0011223344556677",
	    "a key value as a top-level field is not echoed");
	bad("keys:\n  - role: card\n    id: k\n    version: 0011223344556677\n"
	    "    algorithm: des\n    value: \"0011223344556677\"\n",
	    4, "version must be an integer 0..255", "0011223344556677",
	    "a key value as the version is not echoed");
	bad("keys:\n  - role: card\n    id: k\n    version: 256\n    algorithm: des\n"
	    "    value: \"0011223344556677\"\n",
	    4, "version must be an integer 0..255", NULL, "version 256 is refused");
	bad("keys:\n  - role: card\n    id: k\n    version: 1\n"
	    "    algorithm: \"0011223344556677\"\n    value: \"0011223344556677\"\n",
	    5, "unknown algorithm", "0011223344556677", "a key value as the algorithm");
	bad("keys:\n  - role: card\n    id: k\n    version: 1\n    algorithm: des\n"
	    "    usage: \"482916073518\"\n    value: \"0011223344556677\"\n",
	    6, "unknown usage", "482916073518", "a PIN as the usage is not echoed");
}

static struct secrets loaded(void)
{
	struct secrets s;
	struct err e = {0};
	if (secrets_load(write_file("good.yaml", good, 0600), &s, &e)) {
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

/* A temporary PIN: random digits as long as its base, never the base, the
 * same for the run, and redacted from the moment it exists. */
static void test_temp_pin(void)
{
	struct secrets s = loaded();
	struct err e = {0};
	const struct secret *t = secrets_temp_pin(&s, "card", "holder", &e);
	char pin[13] = "";
	if (t)
		snprintf(pin, sizeof pin, "%s", t->pin);
	tap_ok(t && strlen(pin) == 6 && strspn(pin, "0123456789") == 6 && strcmp(pin, "739184"),
	       "temp PIN: 6 random digits, not the holder PIN");
	tap_ok(t && !strcmp(t->label, "<pin:card/holder/temp>") && !strcmp(t->id, "holder/temp"),
	       "temp PIN label <pin:card/holder/temp>");
	const struct secret *again = secrets_temp_pin(&s, "card", "holder", &e);
	tap_ok(again && !strcmp(again->pin, pin) && s.n == 5, "asked again: the same PIN");
	char in[64], out[128];
	snprintf(in, sizeof in, "805E01000E739184FF%s.", pin);
	redact(&s, in, out, sizeof out);
	tap_ok(!strcmp(out, "805E01000E<pin:card/holder>FF<pin:card/holder/temp>."),
	       "a CHANGE PIN APDU shows both labels");
	snprintf(in, sizeof in, "%.3s-%.3s", pin, pin + 3);
	tap_ok(redact_found(&s, in), "the temp PIN is found with separators too");
	tap_ok(!secrets_temp_pin(&s, "card", "nobody", &e) && strstr(e.msg, "no PIN card/nobody"),
	       "no temp PIN without a PIN");
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

/* The start filter (s->starts) only skips work: on text made of secrets'
 * forms with separators, case changes and broken digits between hex noise,
 * redaction gives what it gives without it. */
static void test_redact_filter(void)
{
	struct secrets s = loaded(), bare = s;
	bare.starts = NULL;
	static const char *const forms[] = {"A1B2C3D4E5F60718293A4B5C6D7E8F90",
	                                    "A1B2C3D4E5F60718",
	                                    "293A4B5C6D7E8F90",
	                                    "5566778899AABBCCDDEEFF0011223344",
	                                    "739184",
	                                    "373339313834",
	                                    "9000",
	                                    "3F00"};
	unsigned seed = 12345;
	int same = 1, hits = 0;
	for (int round = 0; round < 5000 && same; round++) {
		char in[256] = "", a[512], b[512];
		for (int k = 0; k < 4; k++) {
			seed = seed * 1103515245u + 12345u;
			scramble(in, forms[(seed >> 16) % (sizeof forms / sizeof *forms)], &seed);
		}
		redact(&s, in, a, sizeof a);
		redact(&bare, in, b, sizeof b);
		hits += strchr(a, '<') != NULL;
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

int main(void)
{
	const char *tmp = getenv("TMPDIR");
	snprintf(dir, sizeof dir, "%s/keys.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir)) {
		printf("Bail out! mkdtemp\n");
		return 1;
	}
	test_load();
	test_permissions();
	test_bad_input();
	test_redact();
	test_redact_filter();
	test_redact_mem();
	test_temp_pin();
	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		tap_diag("could not remove %s", dir);
	return tap_done();
}
