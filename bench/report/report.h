#ifndef BENCH_REPORT_H
#define BENCH_REPORT_H

#include <stdio.h>

#include "bench/base/base.h"

/* The reports built from a run directory: junit.xml, report.html, and the
 * manifest over every file (signed when the station names a lab key). */
struct runinfo;
struct secrets;

/* Writes junit.xml, report.html and manifest.json(+.sig) in dir. lab_key:
 * PEM private key path, or NULL for an unsigned manifest. secrets: the keys
 * and PINs redacted from every record the reports show, or NULL. */
int report_write(const char *dir, const char *lab_key, const struct secrets *secrets,
                 struct err *e);

/* The language of report.html (i18n.c): --lang, else run.json's "lang",
 * else the locale (LC_ALL, LC_MESSAGES, LANG: "zh..." is Chinese). */
enum lang { LANG_EN, LANG_ZH };
enum msg {
	M_REPORT,
	M_SIMULATED,
	M_INTERRUPTED,
	M_INTERRUPTED_REST,
	M_BAIL_OUT,
	M_NOT_FINISHED,
	M_VERDICTS,
	M_TEST_POINTS,
	M_PASS,
	M_FAIL,
	M_SKIP,
	M_TODO,
	M_DUT_STATION,
	M_RUN,
	M_STARTED,
	M_FINISHED,
	M_STATION,
	M_STATION_FILE,
	M_SIM_STATION,
	M_TIME_SCALE,
	M_DUT_MAKER,
	M_DUT_MODEL,
	M_DUT_SERIAL,
	M_DUT_FIRMWARE,
	M_DUT_CLASS,
	M_BENCH,
	M_BENCH_COMMIT,
	M_RESUMED,
	M_EXIT_CODE,
	M_INTERRUPTED_BY,
	M_BAIL_REASON,
	M_LANGUAGE,
	M_CLAUSES,
	M_STANDARD,
	M_CLAUSE,
	M_TESTS_VERDICTS,
	M_CLAUSE_VERDICT,
	M_NO_FAILURE,
	/* the clause verdict states (issue 17 fault 1) */
	M_CONFORMS,
	M_NOT_CONFORM,
	M_NOT_TESTED,
	M_PARTLY_TESTED,
	M_INCONCLUSIVE,
	M_FAILURES,
	M_NO_TEST_FAILED,
	M_MORE_FAILURES,
	M_COVER,
	M_LAB,
	M_DUT,
	M_STANDARDS,
	M_OVERALL,
	M_POINTS,
	M_NO_STANDARD,
	M_PLOTS,
	M_NO_PLOTS,
	M_OVER_TIME,
	M_TIME_UTC,
	/* plotdraw.c; printf formats keep their conversions in one order */
	M_PLOT_IN_ORDER,
	M_PLOT_SIMULATED,
	M_PLOT_ELAPSED,
	M_PLOT_STEPS,
	M_PLOT_SOME,
	M_PLOT_ALL,
	M_PLOT_BAND,
	M_PLOT_REG,
	M_PLOT_LEFT,
	M_PLOT_UP,
	M_PLOT_LATENCY,
	M_PLOT_LAT_X,
	M_PLOT_LAT_Y,
	M_PLOT_FEW,
	M_PLOT_FEW_HEAD,
	M_PLOT_FEW_MORE,
	M_PLOT_NO_MEMORY,
	M_PLOT_MORE,
	M_DUT_NAME,
	/* labrecord.c, decisions.c, sidebyside.c */
	M_LR_OVERDUE,
	M_LR_OVERRIDDEN,
	M_LR_SIM_NO_REFUSAL,
	M_LR_INSTRUMENTS,
	M_LR_NO_INSTRUMENTS,
	M_LR_INSTR_HEAD,
	M_LR_ANSWERS_HEAD,
	M_LR_NO_ANSWERS,
	M_LR_OPERATOR_RULE,
	M_LR_OPERATOR,
	M_LR_RULE,
	M_LR_GUARDED,
	M_LR_SIMPLE,
	M_LR_SIGNOFF,
	M_LR_SIGN_HEAD,
	M_LR_TESTED,
	M_LR_REVIEWED,
	M_LR_APPROVED,
	M_DEC_TITLE,
	M_DEC_HEAD,
	M_SBS_TITLE,
	M_SBS_TEXT,
	M_SBS_NONE,
	M_CLAUSES_WORD,
	M_COUNT
};
const char *tr(enum lang l, enum msg m);
const char *lang_name(enum lang l); /* "en", "zh" */
/* A journal verdict (pass fail skip todo) in the language. */
const char *tr_verdict(enum lang l, const char *verdict);
int lang_parse(const char *s, enum lang *l); /* "en" or "zh", else -1 */
enum lang lang_default(void);
/* An ISO 8601 UTC time as the language writes dates. */
void tr_time(enum lang l, const char *iso, char *out, size_t len);
/* A journal title ("title" US "title_zh") split into the language's title
 * and the other one ("" when the test has only one). */
void tr_title(enum lang l, const char *raw, char *main, char *other, size_t len);

/* What `bench report` asks beyond report_write: lang "en"/"zh" or NULL
 * (run.json's, else the locale); pdf: also render report.pdf (pdf.c) before
 * the manifest, which then covers it. */
struct report_opts {
	const char *lang;
	int pdf;
};
int report_write_opts(const char *dir, const char *lab_key, const struct secrets *secrets,
                      const struct report_opts *o, struct err *e);
/* report.html -> report.pdf with headless Chromium ($BENCH_CHROMIUM, else
 * chromium or chromium-browser on PATH); none found: EXIT_USAGE. */
int report_pdf(const char *dir, struct err *e);
/* The Chromium report_pdf would run, into out; EXIT_USAGE when none. */
int report_chromium(char *out, size_t len, struct err *e);

int junit_write(const struct runinfo *ri, FILE *journal, const char *jpath, FILE *out,
                struct err *e);
int html_write(const struct runinfo *ri, FILE *journal, const char *jpath, FILE *out,
               struct err *e);

/* run.json read back (bench resume / report / verify). JSON is YAML, so the
 * station file's loader reads it and errors name run.json:line:col. */
struct ynode;

struct runinfo {
	struct ynode *root;
	char dir[4096];
	const struct secrets *secrets; /* report_write's, for the writers */
	enum lang lang;                /* of report.html */
};

int runinfo_load(const char *dir, struct runinfo *ri, struct err *e);
void runinfo_free(struct runinfo *ri);
/* The string value of a top-level key, or def when absent or null. */
const char *runinfo_str(const struct runinfo *ri, const char *key, const char *def);
/* The run's time scale (1 when real time). A scaled run is a simulation:
 * every report of it must say SIMULATED. */
double runinfo_time_scale(const struct runinfo *ri);

/* An inline SVG line plot of y over x with its limits shaded (trend.c),
 * for pages other than report.html (the run history's index.html). */
struct trend {
	const char *title, *xlabel, *ylabel;
	double lo, hi;
	int has_lo, has_hi;
};
void report_trend(FILE *f, const struct trend *t, const double *x, const double *y, size_t n);

/* The lab's record in report.html (labrecord.c): operator, decision rule,
 * operator answers with their time, instruments and calibration status;
 * and the sign-off lines at its end. */
void labrecord_write(FILE *f, const struct runinfo *ri);
void labrecord_signoff(FILE *f, const struct runinfo *ri);
/* "Measurements and decisions" (decisions.c): per test and quantity, its
 * limits, rule, uncertainty and pass/inconclusive/fail counts, from
 * measurements.csv in dir. -1: out of memory. */
int decisions_write(FILE *f, const char *dir, enum lang l);

/* Clause verdicts (clauses.c, docs/evidence.md "Clause verdicts"): how a
 * clause fares given the outcomes of its test points. */
enum point_outcome { POINT_PASS, POINT_FAIL, POINT_SKIP, POINT_INCONCLUSIVE, POINT_NOUTCOMES };
enum clause_state {
	CLAUSE_CONFORMS,
	CLAUSE_NONCONFORMING, /* some point failed */
	CLAUSE_INCONCLUSIVE,  /* none failed, a measurement fell in its guard band */
	CLAUSE_PARTLY_TESTED, /* none failed, some skipped */
	CLAUSE_NOT_TESTED,    /* every point skipped (or TODO) */
	CLAUSE_NSTATES
};
/* A journal point's outcome from its verdict and TAP bytes: a "fail" whose
 * YAML says `decision: inconclusive` is inconclusive, a TODO claims nothing. */
enum point_outcome clause_point(const char *verdict, const char *tap);
/* seen: how many points of the clause had each outcome. */
enum clause_state clause_verdict(const size_t seen[POINT_NOUTCOMES]);
const char *clause_state_name(enum clause_state s); /* "does not conform" */
/* The same in the report's language (i18n.c). */
const char *tr_state(enum lang l, enum clause_state s);
/* The standard's designation a clause string starts with, into out. */
void clause_standard(const char *clause, char *out, size_t len);

#endif
