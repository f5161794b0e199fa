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

/* An inline SVG line plot of y over x with its limits shaded (trend.c),
 * for pages other than report.html (the run history's index.html). */
struct trend {
	const char *title, *xlabel, *ylabel;
	double lo, hi;
	int has_lo, has_hi;
};
void report_trend(FILE *f, const struct trend *t, const double *x, const double *y, size_t n);

#endif
