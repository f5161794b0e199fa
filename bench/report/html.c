/* report.html: one self-contained file (inline CSS and SVG, no scripts, no
 * network): identity, verdict summary, clause traceability, failures with
 * their exchanges, and plots of the measurements and APDU latencies. */
#include <stdlib.h>
#include <string.h>

#include "bench/record/record.h"
#include "internal.h"
#include "report.h"
#include "bench/base/base.h"

#define MAX_FAILURES 300 /* shown in full; the rest are in junit.xml / results.tap */

struct entry {
	char *clause, *id, *suite;
	char verdict[8];
	size_t order;
};

struct tallies {
	int pass, fail, skip, todo;
	struct entry *e;
	size_t n, cap;
};

static const char css[] =
    "body{font-family:sans-serif,\"WenQuanYi Zen Hei\",\"Noto Sans CJK SC\";margin:2em;color:#222}"
    ".simulated{background:#fff3cd;border:2px solid #c90;padding:.6em 1em;font-weight:bold}"
    ".incomplete{background:#f8d7da;border:2px solid #b11;padding:.6em 1em;font-weight:bold}"
    "table{border-collapse:collapse;margin:.5em 0 1.5em}"
    "td,th{border:1px solid #ccc;padding:3px 8px;text-align:left;vertical-align:top}"
    "th{background:#f3f3f3}.pass{color:#161}.fail{color:#b11;font-weight:bold}"
    ".skip,.todo{color:#875}pre{background:#f7f7f7;padding:.5em;overflow-x:auto;"
    "font-size:12px}.plot{border:1px solid #ddd;margin:4px}"
    ".sum span{display:inline-block;padding:.4em 1em;margin-right:.5em;border-radius:4px;"
    "background:#eee;font-size:1.2em}";

static int add_entry(struct tallies *t, const struct jrec *r)
{
	if (t->n == t->cap) {
		size_t nc = t->cap ? t->cap * 2 : 256;
		struct entry *ne = realloc(t->e, nc * sizeof *ne);
		if (!ne)
			return -1;
		t->e = ne;
		t->cap = nc;
	}
	struct entry *e = &t->e[t->n];
	e->clause = strdup(r->clause);
	e->id = strdup(r->id);
	e->suite = strdup(r->suite_path);
	snprintf(e->verdict, sizeof e->verdict, "%s", r->verdict);
	e->order = t->n++;
	return e->clause && e->id && e->suite ? 0 : -1;
}

static void free_tallies(struct tallies *t)
{
	for (size_t i = 0; i < t->n; i++) {
		free(t->e[i].clause);
		free(t->e[i].id);
		free(t->e[i].suite);
	}
	free(t->e);
}

static int collect(FILE *j, const char *jpath, const struct secrets *s, struct tallies *t,
                   struct err *e)
{
	struct jrec r = {0};
	int rc;
	while ((rc = report_read(j, jpath, &r, s, e)) == 1) {
		if (r.kind != 'R')
			continue;
		t->pass += strcmp(r.verdict, "pass") == 0;
		t->fail += strcmp(r.verdict, "fail") == 0;
		t->skip += strcmp(r.verdict, "skip") == 0;
		t->todo += strcmp(r.verdict, "todo") == 0;
		if (add_entry(t, &r)) {
			jrec_free(&r);
			return err_set(e, EXIT_USAGE, "out of memory");
		}
	}
	jrec_free(&r);
	return rc < 0 ? -1 : 0;
}

static void row(FILE *f, const char *k, const char *v)
{
	fputs("<tr><th>", f);
	xml_put(f, k);
	fputs("</th><td>", f);
	xml_put(f, v ? v : "-");
	fputs("</td></tr>\n", f);
}

static void identity(FILE *f, const struct runinfo *ri)
{
	static const char *keys[][2] = {
	    {"run_id", "Run"},
	    {"started", "Started (UTC)"},
	    {"finished", "Finished (UTC)"},
	    {"station_name", "Station"},
	    {"station", "Station file"},
	    {"simulated_station", "Simulated station"},
	    {"time_scale", "Time scale"},
	    {"dut_maker", "DUT maker"},
	    {"dut_model", "DUT model"},
	    {"dut_serial", "DUT serial"},
	    {"dut_firmware", "DUT firmware"},
	    {"dut_class", "DUT class"},
	    {"bench_version", "bench"},
	    {"bench_commit", "bench commit"},
	    {"resumes", "Resumed"},
	    {"exit_code", "Exit code"},
	    {"interrupted", "Interrupted by"},
	    {"bail_out", "Bail out"},
	};
	fputs("<h2>DUT and station</h2>\n<table>\n", f);
	for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
		row(f, keys[i][1], runinfo_str(ri, keys[i][0], NULL));
	fputs("</table>\n", f);
}

/* A run that did not end by itself says so before any verdict. */
static void incomplete(FILE *f, const struct runinfo *ri)
{
	const char *sig = runinfo_str(ri, "interrupted", NULL);
	const char *why = runinfo_str(ri, "bail_out", NULL);
	if (sig) {
		fputs("<p class=\"incomplete\">INTERRUPTED by ", f);
		xml_put(f, sig);
		fputs(": the run did not finish and its verdicts cover only the points before "
		      "the interruption; <code>bench resume</code> runs the rest.",
		      f);
	} else if (why) {
		fputs("<p class=\"incomplete\">BAIL OUT: the run ended before its last test: ", f);
		xml_put(f, why);
	} else if (!runinfo_str(ri, "exit_code", NULL)) {
		fputs("<p class=\"incomplete\">NOT FINISHED: run.json has no exit code (the run "
		      "is under way, or was killed); <code>bench resume</code> finishes it.",
		      f);
	} else {
		return;
	}
	fputs("</p>\n", f);
}

static void summary(FILE *f, const struct tallies *t)
{
	fprintf(f,
	        "<h2>Verdicts</h2>\n<p class=\"sum\"><span class=\"pass\">%d pass</span>"
	        "<span class=\"fail\">%d fail</span><span class=\"skip\">%d skip</span>"
	        "<span class=\"todo\">%d todo</span><span>%zu test points</span></p>\n",
	        t->pass, t->fail, t->skip, t->todo, t->n);
}

static int by_clause(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	int c = strcmp(x->clause, y->clause);
	return c ? c : x->order < y->order ? -1 : x->order > y->order;
}

/* The standard is what precedes " §" in a clause ("DB43/T 3.3 §6.5.3 ..."). */
static void standard_of(const char *clause, char *out, size_t len)
{
	const char *s = strstr(clause, " \xc2\xa7");
	snprintf(out, len, "%.*s", s ? (int)(s - clause) : 0, clause);
}

static void clause_row(FILE *f, const struct entry *e, size_t n)
{
	char std[512];
	standard_of(e[0].clause, std, sizeof std);
	int fail = 0;
	for (size_t i = 0; i < n; i++)
		fail |= strcmp(e[i].verdict, "fail") == 0;
	fputs("<tr><td>", f);
	xml_put(f, *std ? std : "-");
	fputs("</td><td>", f);
	xml_put(f, e[0].clause + strlen(std));
	fputs("</td><td>", f);
	for (size_t i = 0; i < n; i++) {
		fprintf(f, "%s<span class=\"%s\">", i ? "<br>" : "", e[i].verdict);
		xml_put(f, e[i].id);
		fprintf(f, " %s</span>", e[i].verdict);
	}
	fprintf(f, "</td><td class=\"%s\">%s</td></tr>\n", fail ? "fail" : "pass",
	        fail ? "fail" : "no failure");
}

static void matrix(FILE *f, struct tallies *t)
{
	if (t->n) /* a run that bailed or was interrupted before its first point has none
	          (and e is NULL) */
		qsort(t->e, t->n, sizeof *t->e, by_clause);
	fputs("<h2>Clause traceability</h2>\n<table>\n<tr><th>Standard</th><th>Clause</th>"
	      "<th>Tests and verdicts</th><th>Clause verdict</th></tr>\n",
	      f);
	for (size_t i = 0, k; i < t->n; i = k) {
		for (k = i + 1; k < t->n && strcmp(t->e[k].clause, t->e[i].clause) == 0; k++)
			;
		clause_row(f, &t->e[i], k - i);
	}
	fputs("</table>\n", f);
}

static int failures(FILE *f, FILE *j, const char *jpath, const struct secrets *s, struct err *e)
{
	fputs("<h2>Failures</h2>\n", f);
	struct jrec r = {0};
	int rc, shown = 0, total = 0;
	while ((rc = report_read(j, jpath, &r, s, e)) == 1) {
		if (r.kind != 'R' || strcmp(r.verdict, "fail") != 0 || ++total > MAX_FAILURES)
			continue;
		fputs("<h3 class=\"fail\">", f);
		xml_put(f, r.id);
		fputs(": ", f);
		xml_put(f, r.title);
		fputs("</h3>\n<p>", f);
		xml_put(f, r.suite_path);
		fputs(" &mdash; ", f);
		xml_put(f, r.clause);
		fputs("</p>\n<pre>", f);
		xml_putn(f, r.tap, r.taplen);
		fputs("</pre>\n", f);
		shown++;
	}
	jrec_free(&r);
	if (!total)
		fputs("<p class=\"pass\">No test failed.</p>\n", f);
	else if (total > shown)
		fprintf(f, "<p>%d more failures: see junit.xml and results.tap.</p>\n",
		        total - shown);
	return rc < 0 ? -1 : 0;
}

int html_write(const struct runinfo *ri, FILE *j, const char *jpath, FILE *f, struct err *e)
{
	struct tallies t = {0};
	if (collect(j, jpath, ri->secrets, &t, e)) {
		free_tallies(&t);
		return -1;
	}
	const char *id = runinfo_str(ri, "run_id", "");
	fputs("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width\">\n<title>bench report ",
	      f);
	xml_put(f, id);
	fprintf(f, "</title>\n<style>%s</style>\n</head>\n<body>\n<h1>bench report ", css);
	xml_put(f, id);
	fputs("</h1>\n", f);
	double scale = runinfo_time_scale(ri);
	if (scale != 1)
		fprintf(f,
		        "<p class=\"simulated\">SIMULATED: time scale %g. Holds and soaks ran in "
		        "scaled time on simulated devices: this is not evidence about a real "
		        "device.</p>\n",
		        scale);
	incomplete(f, ri);
	summary(f, &t);
	identity(f, ri);
	html_side_by_side(f, ri); /* sidebyside.c: a --jobs run's overlapping suites */
	int rc = plots_write(f, ri->dir, e);
	if (!rc)
		matrix(f, &t);
	free_tallies(&t);
	rewind(j);
	if (!rc)
		rc = failures(f, j, jpath, ri->secrets, e);
	fputs("</body>\n</html>\n", f);
	return rc;
}
