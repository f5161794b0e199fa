#include "record.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bench/base/base.h"
#include "bench/lib/crypto/crypto.h"

int lava_from_env(void)
{
	const char *b = getenv("BENCH_LAVA");
	if (b && *b)
		return strcmp(b, "0") != 0;
	return getenv("LAVA_RESULT_DIR") || getenv("LAVA_SIGNAL");
}

/* LAVA names: letters, digits, '.', '_', '-' only (a space or '>' would
 * end the signal early); anything else becomes '_'. Redacted first, so no
 * key in a test id reaches the console (a label becomes "_key_card_x_"). */
static void lava_id(char *out, size_t len, const char *raw, const struct secrets *s)
{
	char in[1024];
	redact(s, raw, in, sizeof in);
	size_t o = 0;
	for (const char *p = in; *p && o + 1 < len; p++) {
		char c = *p;
		int keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		           (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
		out[o++] = keep ? c : '_';
	}
	out[o] = '\0';
}

/* Length of the Unicode blank at p (UTF-8), 0 if none: the test shell
 * splits the parameters with Python's str.split(), which also splits on
 * U+0085, U+00A0, U+1680, U+2000-U+200A, U+2028, U+2029, U+202F, U+205F
 * and U+3000 (a unit written "10 µs" with a no-break space would lose its case). */
static size_t ublank(const unsigned char *p)
{
	if (p[0] == 0xc2 && (p[1] == 0x85 || p[1] == 0xa0))
		return 2;
	if (p[0] == 0xe1 && p[1] == 0x9a && p[2] == 0x80)
		return 3;
	if (p[0] == 0xe2 && p[1] == 0x80 &&
	    ((p[2] >= 0x80 && p[2] <= 0x8a) || p[2] == 0xa8 || p[2] == 0xa9 || p[2] == 0xaf))
		return 3;
	if (p[0] == 0xe2 && p[1] == 0x81 && p[2] == 0x9f)
		return 3;
	if (p[0] == 0xe3 && p[1] == 0x80 && p[2] == 0x80)
		return 3;
	return 0;
}

/* Units are stored by LAVA as given, UTF-8 included ("°C", "%", "m/s"):
 * only what would break the signal becomes '_': blanks and control bytes
 * (the parameters are split on blanks), '>' (ends the signal) and '='
 * (splits a parameter). */
static void lava_unit(char *out, size_t len, const char *in)
{
	size_t o = 0;
	const unsigned char *p = (const unsigned char *)in;
	while (*p && o + 1 < len) {
		size_t n = ublank(p);
		int bad = n || *p <= ' ' || *p == 0x7f || *p == '>' || *p == '=';
		out[o++] = bad ? '_' : (char)*p;
		p += n ? n : 1;
	}
	out[o] = '\0';
}

/* The test shell reads MEASUREMENT with Python's Decimal(): it takes
 * "NaN", "Infinity", "-Infinity" but not the YAML spellings bench writes
 * elsewhere, and a case it cannot read is dropped. */
static const char *lava_value(const char *v)
{
	if (strcmp(v, ".nan") == 0)
		return "NaN";
	if (strcmp(v, ".inf") == 0)
		return "Infinity";
	if (strcmp(v, "-.inf") == 0)
		return "-Infinity";
	return v;
}

void lava_set_start(FILE *f, const char *suite, const struct secrets *s)
{
	char id[512];
	lava_id(id, sizeof id, suite, s);
	fprintf(f, "    # <LAVA_SIGNAL_TESTSET START %s>\n", id);
	fflush(f);
}

void lava_set_stop(FILE *f)
{
	fputs("    # <LAVA_SIGNAL_TESTSET STOP>\n", f);
	fflush(f);
}

static const char *result(const char *verdict)
{
	return strcmp(verdict, "todo") == 0 ? "unknown" : verdict;
}

void lava_case_start(FILE *f, const char *test_id, const struct secrets *s)
{
	char id[512];
	lava_id(id, sizeof id, test_id, s);
	fprintf(f, "    # <LAVA_SIGNAL_STARTTC %s>\n", id);
	fflush(f);
}

/* The measurement case ids given so far in one point. LAVA keeps one
 * result per case id, so a repeated name (a loop measuring "temp") gets
 * ".2", ".3", ... instead of overwriting; each key remembers its next
 * suffix so a long run of repeats stays linear. Open addressing, sized for
 * the point's rows up front: it never grows. */
struct idset {
	struct idkey {
		char *key;
		unsigned next;
	} * slot;
	size_t cap;
};

static struct idkey *idset_find(struct idset *s, const char *key)
{
	uint64_t h = 1469598103934665603u; /* FNV-1a */
	for (const char *p = key; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211u;
	for (size_t i = h & (s->cap - 1);; i = (i + 1) & (s->cap - 1))
		if (!s->slot[i].key || strcmp(s->slot[i].key, key) == 0)
			return &s->slot[i];
}

static int idset_init(struct idset *s, const char *csv)
{
	size_t rows = 1;
	for (const char *p = csv; p && *p; p++)
		rows += *p == '\n';
	for (s->cap = 16; s->cap < 2 * rows; s->cap *= 2)
		;
	s->slot = calloc(s->cap, sizeof *s->slot);
	return s->slot ? 0 : -1;
}

static void idset_free(struct idset *s)
{
	for (size_t i = 0; s->slot && i < s->cap; i++)
		free(s->slot[i].key);
	free(s->slot);
}

/* Makes name (cleaned, size len) unique in the point and records it. */
static int unique_name(struct idset *s, char *name, size_t len)
{
	struct idkey *k = idset_find(s, name);
	if (k->key) {
		size_t base = strlen(name);
		struct idkey *first = k;
		do {
			snprintf(name + base, len - base, ".%u", first->next++);
			k = idset_find(s, name);
		} while (k->key);
	}
	k->key = strdup(name);
	k->next = 2;
	return k->key ? 0 : -1;
}

int lava_point(FILE *f, const struct jrec *j, const struct secrets *s)
{
	char id[512];
	lava_id(id, sizeof id, j->id, s);
	fprintf(f, "    # <LAVA_SIGNAL_ENDTC %s>\n", id);
	fprintf(f, "    # <LAVA_SIGNAL_TESTCASE TEST_CASE_ID=%s RESULT=%s>\n", id,
	        result(j->verdict));
	struct idset seen = {0};
	int rc = idset_init(&seen, j->csv);
	const char *p = j->csv, *fld[CSV_N];
	char buf[2048];
	while (!rc && p && csv_row(&p, buf, sizeof buf, fld) > 0) {
		char name[512], unit[128], runit[256], value[128];
		lava_id(name, sizeof name - 16, fld[CSV_NAME], s);
		if ((rc = unique_name(&seen, name, sizeof name)))
			break;
		/* Redacted first, like the ids: a unit or value is suite text too. */
		redact(s, fld[CSV_UNIT], runit, sizeof runit);
		lava_unit(unit, sizeof unit, runit);
		redact(s, fld[CSV_VALUE], value, sizeof value);
		fprintf(f,
		        "    # <LAVA_SIGNAL_TESTCASE TEST_CASE_ID=%s.%s RESULT=%s MEASUREMENT=%s",
		        id, name, fld[CSV_VERDICT], lava_value(value));
		if (*unit)
			fprintf(f, " UNITS=%s", unit);
		fputs(">\n", f);
	}
	idset_free(&seen);
	fflush(f);
	return rc;
}
