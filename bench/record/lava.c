#include "record.h"

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

void lava_point(FILE *f, const struct jrec *j, const struct secrets *s)
{
	char id[512];
	lava_id(id, sizeof id, j->id, s);
	fprintf(f, "    # <LAVA_SIGNAL_STARTTC %s>\n", id);
	fprintf(f, "    # <LAVA_SIGNAL_ENDTC %s>\n", id);
	fprintf(f, "    # <LAVA_SIGNAL_TESTCASE TEST_CASE_ID=%s RESULT=%s>\n", id,
	        result(j->verdict));
	const char *p = j->csv, *fld[CSV_N];
	char buf[2048];
	while (p && csv_row(&p, buf, sizeof buf, fld) > 0) {
		char name[512], unit[128], value[128];
		lava_id(name, sizeof name, fld[CSV_NAME], s);
		lava_id(unit, sizeof unit, fld[CSV_UNIT], s);
		lava_id(value, sizeof value, fld[CSV_VALUE], s); /* "12.5", "-3", "1e-06" */
		fprintf(f,
		        "    # <LAVA_SIGNAL_TESTCASE TEST_CASE_ID=%s.%s RESULT=%s MEASUREMENT=%s",
		        id, name, fld[CSV_VERDICT], value);
		if (*unit)
			fprintf(f, " UNITS=%s", unit);
		fputs(">\n", f);
	}
	fflush(f);
}
