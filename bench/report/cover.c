/* The cover page of report.html, first on paper: the lab, the DUT, the run,
 * and the overall verdict per standard: the clause verdict rules
 * (clauses.c) over all the points of the standard's clauses. */
#include <stdlib.h>
#include <string.h>

#include "bench/record/record.h"
#include "internal.h"
#include "report.h"

struct std_tally {
	char name[256];
	size_t seen[POINT_NOUTCOMES];
	int points;
};

struct stds {
	struct std_tally *v;
	size_t n, cap;
};

static struct std_tally *std_find(struct stds *s, const char *name)
{
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->v[i].name, name) == 0)
			return &s->v[i];
	if (s->n == s->cap) {
		size_t nc = s->cap ? s->cap * 2 : 16;
		struct std_tally *nv = realloc(s->v, nc * sizeof *nv);
		if (!nv)
			return NULL;
		s->v = nv;
		s->cap = nc;
	}
	struct std_tally *t = &s->v[s->n++];
	memset(t, 0, sizeof *t);
	snprintf(t->name, sizeof t->name, "%s", name);
	return t;
}

static int tally(FILE *j, const char *jpath, const struct secrets *sec, struct stds *s,
                 struct err *e)
{
	struct jrec r = {0};
	int rc;
	while ((rc = report_read(j, jpath, &r, sec, e)) == 1) {
		if (r.kind != 'R')
			continue;
		char name[256];
		clause_standard(r.clause, name, sizeof name);
		struct std_tally *t = std_find(s, name);
		if (!t) {
			jrec_free(&r);
			return err_set(e, EXIT_USAGE, "out of memory");
		}
		t->seen[clause_point(r.verdict, r.tap)]++;
		t->points++;
	}
	jrec_free(&r);
	rewind(j);
	return rc < 0 ? -1 : 0;
}

static void line(FILE *f, enum lang l, enum msg k, const char *v)
{
	fprintf(f, "<tr><th>%s</th><td>", tr(l, k));
	xml_put(f, v && *v ? v : "-");
	fputs("</td></tr>\n", f);
}

void cover_begin(FILE *f, const struct runinfo *ri)
{
	enum lang l = ri->lang;
	fprintf(f, "<section class=\"cover\">\n<h1>%s</h1>\n<p class=\"sub\">", tr(l, M_COVER));
	xml_put(f, runinfo_str(ri, "run_id", ""));
	fputs("</p>\n", f);
	double scale = runinfo_time_scale(ri);
	if (scale != 1) {
		fputs("<p class=\"simulated\">", f);
		fprintf(f, tr(l, M_SIMULATED), scale);
		fputs("</p>\n", f);
	}
}

static void identity(FILE *f, const struct runinfo *ri)
{
	enum lang l = ri->lang;
	char dut[1024], t0[64], t1[64];
	snprintf(dut, sizeof dut, "%s %s, %s, %s", runinfo_str(ri, "dut_maker", ""),
	         runinfo_str(ri, "dut_model", ""), runinfo_str(ri, "dut_serial", ""),
	         runinfo_str(ri, "dut_firmware", ""));
	tr_time(l, runinfo_str(ri, "started", NULL), t0, sizeof t0);
	tr_time(l, runinfo_str(ri, "finished", NULL), t1, sizeof t1);
	fputs("<table class=\"id\">\n", f);
	line(f, l, M_LAB, runinfo_str(ri, "lab", runinfo_str(ri, "station_name", NULL)));
	line(f, l, M_DUT, dut);
	line(f, l, M_RUN, runinfo_str(ri, "run_id", NULL));
	line(f, l, M_STARTED, t0);
	line(f, l, M_FINISHED, t1);
	fputs("</table>\n", f);
}

/* By designation, so one standard's editions stand together and a run with
 * --jobs (whose journal order varies) gives the same table; points that
 * name no standard last. */
static int by_name(const void *a, const void *b)
{
	const char *x = ((const struct std_tally *)a)->name,
	           *y = ((const struct std_tally *)b)->name;
	if (!*x || !*y)
		return !*x - !*y;
	return strcmp(x, y);
}

int cover_end(FILE *f, const struct runinfo *ri, FILE *j, const char *jpath, struct err *e)
{
	struct stds s = {0};
	int rc = tally(j, jpath, ri->secrets, &s, e);
	if (!rc && s.n > 1)
		qsort(s.v, s.n, sizeof *s.v, by_name);
	enum lang l = ri->lang;
	identity(f, ri);
	fprintf(f,
	        "<h2>%s</h2>\n<table class=\"stds\">\n<tr><th>%s</th><th>%s</th><th>%s</th></tr>\n",
	        tr(l, M_STANDARDS), tr(l, M_STANDARD), tr(l, M_POINTS), tr(l, M_OVERALL));
	for (size_t i = 0; !rc && i < s.n; i++) {
		const struct std_tally *t = &s.v[i];
		enum clause_state v = clause_verdict(t->seen);
		fputs("<tr><td>", f);
		if (*t->name)
			xml_put(f, t->name);
		else
			fputs(tr(l, M_NO_STANDARD), f);
		fprintf(f, "</td><td>%d</td><td class=\"%s\">%s</td></tr>\n", t->points,
		        v == CLAUSE_CONFORMS        ? "pass"
		        : v == CLAUSE_NONCONFORMING ? "fail"
		                                    : "skip",
		        tr_state(l, v));
	}
	fputs("</table>\n</section>\n", f);
	free(s.v);
	return rc;
}
