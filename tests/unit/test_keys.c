/* bench/lib/crypto/keys.c: key file loading (permissions, bad input with
 * file:line:col, no value echoed). Prints TAP. Works in a private mkdtemp
 * directory. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bench/lib/crypto/crypto.h"
#include "keyfile.h"
#include "tap.h"

static char dir[256];

static void test_load(void)
{
	struct secrets s;
	struct err e = {0};
	const char *p = keyfile_write(dir, "good.yaml", keyfile_good, 0600);
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
	const char *p = keyfile_write(dir, "open.yaml", keyfile_good, 0644);
	tap_ok(secrets_load(p, &s, &e) == -1 && e.code == EXIT_USAGE, "a 0644 key file is refused");
	tap_ok(strstr(e.msg, "mode 0644") && strstr(e.msg, "chmod 600"),
	       "the reason names mode and fix");
	p = keyfile_write(dir, "group.yaml", keyfile_good, 0640);
	tap_ok(secrets_load(p, &s, &e) == -1 && strstr(e.msg, "0640"),
	       "a 0640 key file is refused");
	p = keyfile_write(dir, "gw.yaml", keyfile_good, 0620);
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
	const char *p = keyfile_write(dir, "bad.yaml", text, 0600);
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
	/* Reports print a secret's label (role and id) in its place: a label
	 * holding a secret's value would print the value (tests/fuzz_keys). */
	bad("keys:\n  - role: card\n    id: k0011223344556677\n    version: 1\n    algorithm: des\n"
	    "    value: \"0011223344556677\"\n",
	    2, "holds a secret's value", "0011223344556677",
	    "a key id holding its own key's hex is refused, the id not echoed");
	bad("keys:\n  - role: card\n    id: k\n    version: 1\n    algorithm: des\n"
	    "    value: \"0011223344556677\"\n"
	    "pins:\n  - role: card\n    id: holder\n    value: \"7391\"\n"
	    "  - role: sam7391\n    id: other\n    value: \"482916\"\n",
	    11, "holds a secret's value", "7391", "a role holding another entry's PIN is refused");
}

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

/* A temporary PIN: random digits as long as its base, never the base, the
 * same for the run, and redacted from the moment it exists. */
static void test_temp_pin(void)
{
	struct secrets s = loaded();
	struct err e = {0};
	const struct secret *t = secrets_temp_pin(&s, "card", "holder", 0, &e);
	char pin[13] = "";
	if (t)
		snprintf(pin, sizeof pin, "%s", t->pin);
	tap_ok(t && strlen(pin) == 6 && strspn(pin, "0123456789") == 6 && strcmp(pin, "739184"),
	       "temp PIN: 6 random digits, not the holder PIN");
	tap_ok(t && !strcmp(t->label, "<pin:card/holder/temp>") && !strcmp(t->id, "holder/temp"),
	       "temp PIN label <pin:card/holder/temp>");
	const struct secret *again = secrets_temp_pin(&s, "card", "holder", 0, &e);
	tap_ok(again && !strcmp(again->pin, pin) && s.n == 5, "asked again: the same PIN");
	char in[64], out[128];
	snprintf(in, sizeof in, "805E01000E739184FF%s.", pin);
	redact(&s, in, out, sizeof out);
	tap_ok(!strcmp(out, "805E01000E<pin:card/holder>FF<pin:card/holder/temp>."),
	       "a CHANGE PIN APDU shows both labels");
	snprintf(in, sizeof in, "%.3s-%.3s", pin, pin + 3);
	tap_ok(redact_found(&s, in), "the temp PIN is found with separators too");
	tap_ok(!secrets_temp_pin(&s, "card", "nobody", 0, &e) &&
	           strstr(e.msg, "no PIN card/nobody"),
	       "no temp PIN without a PIN");
	secrets_free(&s);
}

/* A PIN under 6 digits is named (the run warns about it); longer ones and
 * keys are not. */
static void test_short_pin(void)
{
	struct secrets s = loaded();
	size_t at = 0;
	tap_ok(!secrets_short_pin(&s, 6, &at), "no PIN under 6 digits in the good key file");
	struct secret four = {.kind = SECRET_PIN, .role = "card", .id = "short", .pin = "1234"};
	struct secret *v = realloc(s.v, (s.n + 1) * sizeof *v);
	if (v) {
		s.v = v;
		s.v[s.n++] = four;
	}
	at = 0;
	const struct secret *x = secrets_short_pin(&s, 6, &at);
	tap_ok(x && !strcmp(x->id, "short") && !secrets_short_pin(&s, 6, &at),
	       "a 4-digit PIN is found, once");
	secrets_free(&s);
}

int main(void)
{
	keyfile_mkdir(dir, sizeof dir, "keys");
	test_load();
	test_permissions();
	test_bad_input();
	test_temp_pin();
	test_short_pin();
	keyfile_rmdir(dir);
	return tap_done();
}
