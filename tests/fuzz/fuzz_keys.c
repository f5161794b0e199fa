/* A station key file (bench/lib/crypto/keys.c secrets_load) and redaction
 * (redact.c) of what it loads: any file loads or fails naming why, and
 * every key and PIN loaded is redacted from a text holding it, as upper
 * and lower case hex and with separators, so no secret of a file that
 * loads can reach a report. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "bench/lib/crypto/crypto.h"
#include "fuzz.h"
#include "memfile.h"

/* The secret's text: a key's hex (lower: lower case; sep: a ':' between
 * bytes), a PIN's digits. */
static void secret_text(const struct secret *s, int lower, int sep, char *out, size_t cap)
{
	size_t o = 0;
	if (s->kind == SECRET_PIN) {
		snprintf(out, cap, "%s", s->pin);
		return;
	}
	for (size_t i = 0; i < s->key.len && o + 4 < cap; i++) {
		if (sep && i)
			out[o++] = ':';
		o += (size_t)snprintf(out + o, cap - o, lower ? "%02x" : "%02X", s->key.b[i]);
	}
	out[o] = '\0';
}

static void check_redacted(const struct secrets *s)
{
	for (size_t i = 0; i < s->n; i++)
		for (int form = 0; form < 3; form++) {
			char sec[128], text[256], out[512];
			secret_text(&s->v[i], form == 1, form == 2, sec, sizeof sec);
			snprintf(text, sizeof text, "answer %s (9000)", sec);
			redact(s, text, out, sizeof out);
			FUZZ_CHECK(!redact_found(s, out));
			FUZZ_CHECK(strstr(out, sec) == NULL);
		}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct memfile m;
	if (memfile_open(&m, data, size) < 0)
		return 0;
	if (fchmod(m.fd, 0600) == 0) {
		struct secrets s;
		struct err e = {0};
		if (secrets_load(m.path, &s, &e) == 0) {
			for (size_t i = 0; i < s.n; i++)
				FUZZ_CHECK(s.v[i].label[0] && s.v[i].role[0] && s.v[i].id[0]);
			check_redacted(&s);
			secrets_free(&s);
		} else {
			FUZZ_CHECK(e.msg[0] != '\0');
		}
	}
	memfile_close(&m);
	return 0;
}
