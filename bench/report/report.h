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
};

int runinfo_load(const char *dir, struct runinfo *ri, struct err *e);
void runinfo_free(struct runinfo *ri);
/* The string value of a top-level key, or def when absent or null. */
const char *runinfo_str(const struct runinfo *ri, const char *key, const char *def);
/* The run's time scale (1 when real time). A scaled run is a simulation:
 * every report of it must say SIMULATED. */
double runinfo_time_scale(const struct runinfo *ri);

/* The lab's record in report.html (labrecord.c): operator, decision rule,
 * operator answers with their time, instruments and calibration status;
 * and the sign-off lines at its end. */
void labrecord_write(FILE *f, const struct runinfo *ri);
void labrecord_signoff(FILE *f, const struct runinfo *ri);
/* "Measurements and decisions" (decisions.c): per test and quantity, its
 * limits, rule, uncertainty and pass/inconclusive/fail counts, from
 * measurements.csv in dir. -1: out of memory. */
int decisions_write(FILE *f, const char *dir);

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
/* The standard's designation a clause string starts with, into out. */
void clause_standard(const char *clause, char *out, size_t len);

#endif
