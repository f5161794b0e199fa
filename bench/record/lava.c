#include "record.h"

#include <stdlib.h>
#include <string.h>

#include "bench/base/base.h"

int lava_from_env(void)
{
	const char *b = getenv("BENCH_LAVA");
	if (b && *b)
		return strcmp(b, "0") != 0;
	return getenv("LAVA_RESULT_DIR") || getenv("LAVA_SIGNAL");
}

/* LAVA names: letters, digits, '.', '_', '-' only (a space or '>' would
 * end the signal early); anything else becomes '_'. */
static void lava_id(char *out, size_t len, const char *in)
{
	size_t o = 0;
	for (; *in && o + 1 < len; in++) {
		char c = *in;
		int keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		           (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
		out[o++] = keep ? c : '_';
	}
	out[o] = '\0';
}

void lava_set_start(FILE *f, const char *suite)
{
	char id[512];
	lava_id(id, sizeof id, suite);
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

void lava_point(FILE *f, const struct jrec *j)
{
	char id[512];
	lava_id(id, sizeof id, j->id);
	fprintf(f, "    # <LAVA_SIGNAL_STARTTC %s>\n", id);
	fprintf(f, "    # <LAVA_SIGNAL_ENDTC %s>\n", id);
	fprintf(f, "    # <LAVA_SIGNAL_TESTCASE TEST_CASE_ID=%s RESULT=%s>\n", id,
	        result(j->verdict));
	const char *p = j->csv, *fld[CSV_N];
	char buf[2048];
	while (p && csv_row(&p, buf, sizeof buf, fld) > 0) {
		char name[512], unit[128];
		lava_id(name, sizeof name, fld[CSV_NAME]);
		lava_id(unit, sizeof unit, fld[CSV_UNIT]);
		fprintf(f,
		        "    # <LAVA_SIGNAL_TESTCASE TEST_CASE_ID=%s.%s RESULT=%s MEASUREMENT=%s",
		        id, name, fld[CSV_VERDICT], fld[CSV_VALUE]);
		if (*unit)
			fprintf(f, " UNITS=%s", unit);
		fputs(">\n", f);
	}
	fflush(f);
}
