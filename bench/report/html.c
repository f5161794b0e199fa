/* report.html: one self-contained file (inline CSS and SVG, no scripts, no
 * network): identity, verdict summary, clause traceability, failures with
 * their exchanges, and plots of the measurements and APDU latencies. */
#include <stdlib.h>
#include <string.h>

#include "bench/record/record.h"
#include "internal.h"
#include "report.h"
#include "bench/base/base.h"

#define MAX_FAILURES     300 /* shown in full; the rest are in junit.xml / results.tap */
#define MAX_CLAUSE_TESTS 50  /* listed per clause; the rest counted */

struct entry {
	char *clause, *id, *suite, *title;
	char verdict[8];
	enum point_outcome outcome;
	size_t order;
};

struct tallies {
	int pass, fail, skip, todo;
	int clauses[CLAUSE_NSTATES];
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
    ".skip,.todo,.inconclusive,.partly,.untested{color:#875}.inconclusive{font-weight:bold}"
    "pre{background:#f7f7f7;padding:.5em;overflow-x:auto;font-size:12px}.plot{border:1px solid "
    "#ddd;margin:4px}"
    ".sum span{display:inline-block;padding:.4em 1em;margin-right:.5em;border-radius:4px;"
    "background:#eee;font-size:1.2em}"
    ".cover{border-bottom:3px solid #444;margin-bottom:2em}.cover h1{font-size:2em}"
    ".cover .sub{color:#555}.alt{color:#666;font-size:.9em}"
    /* On paper (Chromium's print to PDF): the cover alone on page 1,
     * numbered pages, rows, plots and headings never split from what
     * follows them. */
    "@page{size:A4;margin:18mm 15mm 20mm;"
    "@bottom-center{content:counter(page) \" / \" counter(pages);font-size:9pt;color:#555}}"
    "@media print{body{margin:0;font-size:10pt}.cover{border:0;min-height:230mm;"
    "break-after:page}tr,.plot,svg,pre,h3{break-inside:avoid}h2,h3{break-after:avoid}"
    "thead{display:table-header-group}pre{white-space:pre-wrap;overflow:visible}"
    ".plot{max-width:100%;height:auto}}";

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
	e->title = strdup(r->title);
	snprintf(e->verdict, sizeof e->verdict, "%s", r->verdict);
	e->outcome = clause_point(r->verdict, r->tap);
	e->order = t->n++;
	return e->clause && e->id && e->suite && e->title ? 0 : -1;
}

static void free_tallies(struct tallies *t)
{
	for (size_t i = 0; i < t->n; i++) {
		free(t->e[i].clause);
		free(t->e[i].id);
		free(t->e[i].suite);
		free(t->e[i].title);
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
	fputs(k, f);
	fputs("</th><td>", f);
	xml_put(f, v ? v : "-");
	fputs("</td></tr>\n", f);
}

static void identity(FILE *f, const struct runinfo *ri)
{
	static const struct {
		const char *key;
		enum msg label;
	} keys[] = {
	    {"run_id", M_RUN},
	    {"started", M_STARTED},
	    {"finished", M_FINISHED},
	    {"station_name", M_STATION},
	    {"station", M_STATION_FILE},
	    {"simulated_station", M_SIM_STATION},
	    {"time_scale", M_TIME_SCALE},
	    {"dut_name", M_DUT_NAME},
	    {"dut_maker", M_DUT_MAKER},
	    {"dut_model", M_DUT_MODEL},
	    {"dut_serial", M_DUT_SERIAL},
	    {"dut_firmware", M_DUT_FIRMWARE},
	    {"dut_class", M_DUT_CLASS},
	    {"bench_version", M_BENCH},
	    {"bench_commit", M_BENCH_COMMIT},
	    {"resumes", M_RESUMED},
	    {"exit_code", M_EXIT_CODE},
	    {"interrupted", M_INTERRUPTED_BY},
	    {"bail_out", M_BAIL_REASON},
	};
	enum lang l = ri->lang;
	fprintf(f, "<h2>%s</h2>\n<table>\n", tr(l, M_DUT_STATION));
	for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
		const char *v = runinfo_str(ri, keys[i].key, NULL);
		char when[64];
		if (keys[i].label == M_STARTED || keys[i].label == M_FINISHED) {
			tr_time(l, v, when, sizeof when);
			v = when;
		}
		row(f, tr(l, keys[i].label), v);
	}
	row(f, tr(l, M_LANGUAGE), lang_name(l));
	fputs("</table>\n", f);
}

/* A run that did not end by itself says so before any verdict. */
static void incomplete(FILE *f, const struct runinfo *ri)
{
	const char *sig = runinfo_str(ri, "interrupted", NULL);
	const char *why = runinfo_str(ri, "bail_out", NULL);
	enum lang l = ri->lang;
	if (sig) {
		fprintf(f, "<p class=\"incomplete\">%s", tr(l, M_INTERRUPTED));
		xml_put(f, sig);
		fputs(tr(l, M_INTERRUPTED_REST), f);
	} else if (why) {
		fprintf(f, "<p class=\"incomplete\">%s", tr(l, M_BAIL_OUT));
		xml_put(f, why);
	} else if (!runinfo_str(ri, "exit_code", NULL)) {
		fprintf(f, "<p class=\"incomplete\">%s", tr(l, M_NOT_FINISHED));
	} else {
		return;
	}
	fputs("</p>\n", f);
}

/* The class a clause state shows in. */
static const char *state_class(enum clause_state s)
{
	static const char *const cls[CLAUSE_NSTATES] = {"pass", "fail", "inconclusive", "partly",
	                                                "untested"};
	return cls[s];
}

static void summary(FILE *f, const struct tallies *t, enum lang l)
{
	fprintf(f,
	        "<h2>%s</h2>\n<p class=\"sum\"><span class=\"pass\">%d %s</span>"
	        "<span class=\"fail\">%d %s</span><span class=\"skip\">%d %s</span>"
	        "<span class=\"todo\">%d %s</span><span>%zu %s</span></p>\n",
	        tr(l, M_VERDICTS), t->pass, tr(l, M_PASS), t->fail, tr(l, M_FAIL), t->skip,
	        tr(l, M_SKIP), t->todo, tr(l, M_TODO), t->n, tr(l, M_TEST_POINTS));
	fputs("<p class=\"sum\" id=\"clause-summary\">", f);
	for (int s = 0; s < CLAUSE_NSTATES; s++)
		fprintf(f, "<span class=\"%s\">%d %s</span>", state_class(s), t->clauses[s],
		        tr_state(l, s));
	fprintf(f, "<span>%s</span></p>\n", tr(l, M_CLAUSES_WORD));
}

/* A test's title in the report's language, the other one beside it. */
static void title(FILE *f, enum lang l, const char *raw)
{
	char main[1024], other[1024];
	tr_title(l, raw, main, other, sizeof main);
	xml_put(f, main);
	if (*other) {
		fputs(" <span class=\"alt\">", f);
		xml_put(f, other);
		fputs("</span>", f);
	}
}

static int by_clause(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	int c = strcmp(x->clause, y->clause);
	return c ? c : x->order < y->order ? -1 : x->order > y->order;
}

static enum clause_state state_of(const struct entry *e, size_t n)
{
	size_t seen[POINT_NOUTCOMES] = {0};
	for (size_t i = 0; i < n; i++)
		seen[e[i].outcome]++;
	return clause_verdict(seen);
}

/* The tests of a clause past the first MAX_CLAUSE_TESTS, as counts. */
static void clause_more(FILE *f, const struct entry *e, size_t n)
{
	size_t fail = 0, pass = 0;
	for (size_t i = 0; i < n; i++) {
		fail += strcmp(e[i].verdict, "fail") == 0;
		pass += strcmp(e[i].verdict, "pass") == 0;
	}
	fprintf(f,
	        "<br><span class=\"more\">and %zu more tests (%zu pass, %zu fail, %zu other): "
	        "see results.tap</span>",
	        n, pass, fail, n - pass - fail);
}

static void clause_row(FILE *f, const struct entry *e, size_t n, enum clause_state st, enum lang l)
{
	char std[512];
	clause_standard(e[0].clause, std, sizeof std);
	fputs("<tr><td>", f);
	xml_put(f, *std ? std : "-");
	fputs("</td><td>", f);
	xml_put(f, e[0].clause + strlen(std));
	fputs("</td><td>", f);
	for (size_t i = 0; i < n && i < MAX_CLAUSE_TESTS; i++) {
		/* A guard-band point is "fail" in the journal, inconclusive here. */
		const char *v = e[i].outcome == POINT_INCONCLUSIVE ? "inconclusive" : e[i].verdict;
		fprintf(f, "%s<span class=\"%s\">", i ? "<br>" : "", v);
		xml_put(f, e[i].id);
		fprintf(f, " %s</span> ", tr_verdict(l, v));
		title(f, l, e[i].title);
	}
	if (n > MAX_CLAUSE_TESTS)
		clause_more(f, e + MAX_CLAUSE_TESTS, n - MAX_CLAUSE_TESTS);
	fprintf(f, "</td><td class=\"%s\">%s</td></tr>\n", state_class(st), tr_state(l, st));
}

/* Sorts the points by clause and counts the clauses in each state. */
static void group(struct tallies *t)
{
	if (t->n) /* a run that bailed or was interrupted before its first point has none
	          (and e is NULL) */
		qsort(t->e, t->n, sizeof *t->e, by_clause);
	for (size_t i = 0, k; i < t->n; i = k) {
		for (k = i + 1; k < t->n && strcmp(t->e[k].clause, t->e[i].clause) == 0; k++)
			;
		t->clauses[state_of(&t->e[i], k - i)]++;
	}
}

static void matrix(FILE *f, struct tallies *t, enum lang l)
{
	fprintf(f,
	        "<h2>%s</h2>\n<table>\n<thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th>"
	        "</tr></thead>\n",
	        tr(l, M_CLAUSES), tr(l, M_STANDARD), tr(l, M_CLAUSE), tr(l, M_TESTS_VERDICTS),
	        tr(l, M_CLAUSE_VERDICT));
	for (size_t i = 0, k; i < t->n; i = k) {
		for (k = i + 1; k < t->n && strcmp(t->e[k].clause, t->e[i].clause) == 0; k++)
			;
		clause_row(f, &t->e[i], k - i, state_of(&t->e[i], k - i), l);
	}
	fputs("</table>\n", f);
}

static int failures(FILE *f, FILE *j, const char *jpath, const struct secrets *s, enum lang l,
                    struct err *e)
{
	fprintf(f, "<h2>%s</h2>\n", tr(l, M_FAILURES));
	struct jrec r = {0};
	int rc, shown = 0, total = 0;
	size_t budget = TAP_BUDGET;
	while ((rc = report_read(j, jpath, &r, s, e)) == 1) {
		if (r.kind != 'R' || strcmp(r.verdict, "fail") != 0 || ++total > MAX_FAILURES)
			continue;
		fputs("<h3 class=\"fail\">", f);
		xml_put(f, r.id);
		fputs(": ", f);
		title(f, l, r.title);
		fputs("</h3>\n<p>", f);
		xml_put(f, r.suite_path);
		fputs(" &mdash; ", f);
		xml_put(f, r.clause);
		fputs("</p>\n<pre>", f);
		tap_excerpt(f, r.tap, r.taplen, &budget);
		fputs("</pre>\n", f);
		shown++;
	}
	jrec_free(&r);
	if (!total)
		fprintf(f, "<p class=\"pass\">%s</p>\n", tr(l, M_NO_TEST_FAILED));
	else if (total > shown) {
		fputs("<p>", f);
		fprintf(f, tr(l, M_MORE_FAILURES), total - shown);
		fputs("</p>\n", f);
	}
	return rc < 0 ? -1 : 0;
}

int html_write(const struct runinfo *ri, FILE *j, const char *jpath, FILE *f, struct err *e)
{
	struct tallies t = {0};
	if (collect(j, jpath, ri->secrets, &t, e)) {
		free_tallies(&t);
		return -1;
	}
	group(&t);
	const char *id = runinfo_str(ri, "run_id", "");
	enum lang l = ri->lang;
	fprintf(f,
	        "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
	        "<meta name=\"viewport\" content=\"width=device-width\">\n<title>%s ",
	        l == LANG_ZH ? "zh-CN" : "en", tr(l, M_REPORT));
	xml_put(f, id);
	fprintf(f, "</title>\n<style>%s</style>\n</head>\n<body>\n", css);
	rewind(j);
	cover_begin(f, ri);
	incomplete(f, ri);
	int rc = cover_end(f, ri, j, jpath, e);
	if (!rc) {
		summary(f, &t, l);
		identity(f, ri);
		html_side_by_side(f, ri); /* sidebyside.c: a --jobs run's overlapping suites */
		labrecord_write(f, ri);   /* labrecord.c: operator, instruments, answers */
		rc = decisions_write(f, ri->dir, l) ? err_set(e, EXIT_USAGE, "out of memory") : 0;
	}
	if (!rc)
		rc = plots_write(f, ri->dir, runinfo_time_scale(ri), l, e);
	if (!rc)
		matrix(f, &t, l);
	free_tallies(&t);
	rewind(j);
	if (!rc)
		rc = failures(f, j, jpath, ri->secrets, l, e);
	labrecord_signoff(f, ri);
	fputs("</body>\n</html>\n", f);
	return rc;
}
