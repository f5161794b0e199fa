/* The decision table of report.html: each measurement series (test and
 * quantity) with its limits, the decision rule and the uncertainty it was
 * decided with, and how many values passed, fell in the guard band or
 * failed. From measurements.csv; a million points make one row each series. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/base/base.h"
#include "report.h"

struct series {
	char *test, *name, *unit, *lo, *hi, *rule, *u;
	long pass, inconclusive, fail;
};

struct table {
	struct series *s;
	size_t n, cap;
};

/* The last two fields of a row (they hold no comma): rule, uncertainty. */
static void tail_fields(char *line, char **rule, char **u)
{
	line[strcspn(line, "\r\n")] = '\0';
	char *c2 = strrchr(line, ',');
	*u = c2 ? c2 + 1 : line + strlen(line);
	if (c2)
		*c2 = '\0';
	char *c1 = strrchr(line, ',');
	*rule = c1 ? c1 + 1 : *u;
}

static struct series *find(struct table *t, const char *f[CSV_N], const char *rule)
{
	for (size_t i = t->n; i-- > 0;) /* a series' rows come together: from the end */
		if (!strcmp(t->s[i].test, f[CSV_TEST]) && !strcmp(t->s[i].name, f[CSV_NAME]) &&
		    !strcmp(t->s[i].rule, rule))
			return &t->s[i];
	if (t->n == t->cap) {
		size_t nc = t->cap ? t->cap * 2 : 32;
		struct series *g = realloc(t->s, nc * sizeof *g);
		if (!g)
			return NULL;
		t->s = g, t->cap = nc;
	}
	return &t->s[t->n];
}

static int add(struct table *t, const char *f[CSV_N], const char *rule, const char *u)
{
	struct series *s = find(t, f, rule);
	if (!s)
		return -1;
	if (s == &t->s[t->n]) {
		*s = (struct series){.test = strdup(f[CSV_TEST]),
		                     .name = strdup(f[CSV_NAME]),
		                     .unit = strdup(f[CSV_UNIT]),
		                     .lo = strdup(f[CSV_MIN]),
		                     .hi = strdup(f[CSV_MAX]),
		                     .rule = strdup(rule),
		                     .u = strdup(u)};
		t->n++;
		if (!s->test || !s->name || !s->unit || !s->lo || !s->hi || !s->rule || !s->u)
			return -1;
	}
	const char *v = f[CSV_VERDICT];
	*(strcmp(v, "pass") == 0           ? &s->pass
	  : strcmp(v, "inconclusive") == 0 ? &s->inconclusive
	                                   : &s->fail) += 1;
	return 0;
}

static void cell(FILE *f, const char *v)
{
	fputs("<td>", f);
	xml_put(f, v && *v ? v : "-");
	fputs("</td>", f);
}

static void rows(FILE *f, const struct table *t, enum lang l)
{
	fprintf(f, "<h2>%s</h2>\n<table id=\"decisions\">\n%s\n", tr(l, M_DEC_TITLE),
	        tr(l, M_DEC_HEAD));
	for (size_t i = 0; i < t->n; i++) {
		const struct series *s = &t->s[i];
		fputs("<tr>", f);
		char u[160] = "";
		if (*s->u) /* "±0.3 C": the guard band, in the measurement's unit */
			snprintf(u, sizeof u, "\xc2\xb1%s %s", s->u, s->unit);
		const char *v[] = {s->test, s->name, s->unit, s->lo, s->hi, s->rule, u};
		for (size_t k = 0; k < sizeof v / sizeof *v; k++)
			cell(f, v[k]);
		fprintf(f,
		        "<td class=\"pass\">%ld</td><td class=\"%s\">%ld</td>"
		        "<td class=\"%s\">%ld</td></tr>\n",
		        s->pass, s->inconclusive ? "inconclusive" : "", s->inconclusive,
		        s->fail ? "fail" : "", s->fail);
	}
	fputs("</table>\n", f);
}

static void free_table(struct table *t)
{
	for (size_t i = 0; i < t->n; i++) {
		struct series *s = &t->s[i];
		free(s->test), free(s->name), free(s->unit), free(s->lo), free(s->hi);
		free(s->rule), free(s->u);
	}
	free(t->s);
}

int decisions_write(FILE *f, const char *dir, enum lang l)
{
	char p[4200], buf[4096];
	snprintf(p, sizeof p, "%s/measurements.csv", dir);
	FILE *in = fopen(p, "r");
	if (!in)
		return 0;
	char *line = NULL;
	size_t cap = 0;
	struct table t = {0};
	int rc = 0, ruled = 0;
	for (int first = 1; !rc && getline(&line, &cap, in) > 0; first = 0) {
		/* A run of an older bench has no rule and uncertainty columns. */
		if (first) {
			ruled = strstr(line, ",rule,uncertainty") != NULL;
			continue;
		}
		char *rule = "", *u = "";
		const char *q = line, *fld[CSV_N];
		if (csv_row(&q, buf, sizeof buf, fld) < CSV_N)
			continue;
		if (ruled)
			tail_fields(line, &rule, &u); /* fld points into buf, not line */
		rc = add(&t, fld, rule, u);
	}
	free(line);
	fclose(in);
	if (!rc && t.n)
		rows(f, &t, l);
	free_table(&t);
	return rc;
}
