/* junit.xml in the shape Jenkins and GitLab read: one <testsuite> per suite
 * file, one <testcase> per test point, the TAP diagnostic as failure text.
 * Two passes over the journal (counts first, as the testsuite attributes
 * come before the cases) keep memory flat however long the run. */
#include <stdlib.h>
#include <string.h>

#include "bench/record/record.h"
#include "internal.h"
#include "report.h"
#include "bench/base/base.h"

struct tally {
	int tests, failures, skipped;
	double time;
};

static int count(FILE *j, const char *jpath, struct tally **t, int *n, struct err *e)
{
	struct jrec r = {0};
	int rc;
	while ((rc = journal_read(j, jpath, &r, e)) == 1) {
		if (r.kind != 'R' || r.suite < 0 || r.suite > 100000)
			continue;
		if (r.suite >= *n) {
			struct tally *nt = realloc(*t, (size_t)(r.suite + 1) * sizeof *nt);
			if (!nt) {
				jrec_free(&r);
				return err_set(e, EXIT_USAGE, "out of memory");
			}
			memset(nt + *n, 0, (size_t)(r.suite + 1 - *n) * sizeof *nt);
			*t = nt;
			*n = r.suite + 1;
		}
		struct tally *s = &(*t)[r.suite];
		s->tests++;
		s->failures += strcmp(r.verdict, "fail") == 0;
		s->skipped += strcmp(r.verdict, "skip") == 0 || strcmp(r.verdict, "todo") == 0;
		s->time += r.dur;
	}
	jrec_free(&r);
	return rc < 0 ? -1 : 0;
}

static void prop(FILE *f, const char *indent, const char *name, const char *value)
{
	if (!value)
		return;
	fprintf(f, "%s<property name=\"%s\" value=\"", indent, name);
	xml_put(f, value);
	fputs("\"/>\n", f);
}

static void suite_open(FILE *f, const struct runinfo *ri, const struct jrec *r,
                       const struct tally *t)
{
	fputs("  <testsuite name=\"", f);
	xml_put(f, r->suite_path);
	fprintf(f, "\" tests=\"%d\" failures=\"%d\" errors=\"0\" skipped=\"%d\" time=\"%.3f\"",
	        t->tests, t->failures, t->skipped, t->time);
	fputs(" timestamp=\"", f);
	xml_put(f, runinfo_str(ri, "started", ""));
	fputs("\">\n    <properties>\n", f);
	static const char *keys[] = {
	    "run_id", "station_name", "dut_maker", "dut_model", "dut_serial", "dut_firmware",
	    "dut_class", "bench_version", "bench_commit",
	    /* the lab's record (docs/evidence.md) */
	    "operator", "decision_rule", "allow_overdue", "calibration_overdue"};
	for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
		prop(f, "      ", keys[i], runinfo_str(ri, keys[i], NULL));
	char sim[64];
	if (runinfo_time_scale(ri) != 1) {
		snprintf(sim, sizeof sim, "SIMULATED: time scale %g", runinfo_time_scale(ri));
		prop(f, "      ", "simulated", sim);
	}
	fputs("    </properties>\n", f);
}

/* The first "message:" of the diagnostic, unquoted enough for an attribute. */
static void message(const struct jrec *r, char *out, size_t len)
{
	const char *m = strstr(r->tap, "message: ");
	if (!m) {
		snprintf(out, len, "%s", r->verdict);
		return;
	}
	m += 9;
	size_t n = strcspn(m, "\n");
	if (*m == '"' && n >= 2)
		m++, n -= 2;
	snprintf(out, len, "%.*s", (int)n, m);
}

static void testcase(FILE *f, const struct jrec *r)
{
	fputs("    <testcase name=\"", f);
	xml_put(f, r->id);
	fputs(": ", f);
	char en[1024], zh[1024];
	tr_title(LANG_EN, r->title, en, zh, sizeof en);
	xml_put(f, en);
	fputs("\" classname=\"", f);
	xml_put(f, r->suite_path);
	fprintf(f, "\" time=\"%.3f\">\n      <properties>\n", r->dur);
	prop(f, "        ", "clause", r->clause);
	prop(f, "        ", "test_id", r->id);
	if (*zh)
		prop(f, "        ", "title_zh", zh);
	fputs("      </properties>\n", f);
	char msg[600];
	message(r, msg, sizeof msg);
	if (strcmp(r->verdict, "fail") == 0) {
		fputs("      <failure type=\"fail\" message=\"", f);
		xml_put(f, msg);
		fputs("\">", f);
		xml_putn(f, r->tap, r->taplen);
		fputs("</failure>\n", f);
	} else if (strcmp(r->verdict, "skip") == 0 || strcmp(r->verdict, "todo") == 0) {
		const char *d = strstr(r->tap, strcmp(r->verdict, "skip") ? "# TODO " : "# SKIP ");
		fprintf(f, "      <skipped message=\"%s", r->verdict);
		if (d) {
			fputs(": ", f);
			xml_putn(f, d + 7, strcspn(d + 7, "\n"));
		}
		fputs("\"/>\n", f);
	}
	fputs("      <system-out>", f);
	xml_putn(f, r->tap, r->taplen);
	fputs("</system-out>\n    </testcase>\n", f);
}

int junit_write(const struct runinfo *ri, FILE *j, const char *jpath, FILE *f, struct err *e)
{
	struct tally *t = NULL;
	int n = 0;
	if (count(j, jpath, &t, &n, e))
		goto fail;
	rewind(j);
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"bench ", f);
	xml_put(f, runinfo_str(ri, "run_id", ""));
	fputs("\">\n", f);
	struct jrec r = {0};
	int cur = -1, rc;
	while ((rc = report_read(j, jpath, &r, ri->secrets, e)) == 1) {
		if (r.kind != 'R' || r.suite < 0 || r.suite >= n)
			continue;
		if (r.suite != cur) {
			if (cur >= 0)
				fputs("  </testsuite>\n", f);
			suite_open(f, ri, &r, &t[r.suite]);
			cur = r.suite;
		}
		testcase(f, &r);
	}
	jrec_free(&r);
	if (rc < 0)
		goto fail;
	if (cur >= 0)
		fputs("  </testsuite>\n", f);
	fputs("</testsuites>\n", f);
	free(t);
	return 0;
fail:
	free(t);
	return -1;
}
