/* Internal to bench/report: the plots of report.html and the SVG they
 * are drawn with. */
#ifndef BENCH_REPORT_INTERNAL_H
#define BENCH_REPORT_INTERNAL_H

#include <stddef.h>
#include <stdio.h>

#include "bench/base/base.h"

/* journal_read, then every text field redacted with s (may be NULL): the
 * reports show no key or PIN even from a journal written without
 * redaction. Same returns as journal_read. */
struct jrec;
struct secrets;
int report_read(FILE *j, const char *jpath, struct jrec *r, const struct secrets *s, struct err *e);

/* The standard a clause names: what precedes " §" ("DB43/T 3.3 §6.5.3"). */
void report_standard(const char *clause, char *out, size_t len);
/* The cover page (cover.c), first in report.html and on paper: begin
 * writes its heading and the SIMULATED banner, end the lab, DUT, run and
 * the overall verdict per standard from the journal (rewound after), and
 * closes it. Between them html.c puts the INTERRUPTED / BAIL OUT banner. */
struct runinfo;
void cover_begin(FILE *f, const struct runinfo *ri);
int cover_end(FILE *f, const struct runinfo *ri, FILE *j, const char *jpath, struct err *e);

/* The plots of report.html, from measurements.csv and trace.log. */
/* Writes the "Plots" section: every measurement series (value over time with
 * its tolerance band), registration offsets as a scatter, and the APDU
 * latency histogram. */
int plots_write(FILE *f, const char *dir, struct err *e);

/* Inline SVG plots for report.html: no scripts, no fonts to fetch, so the
 * report renders offline and prints as it shows. */
struct plot {
	const char *title, *xlabel, *ylabel;
	double lo, hi; /* tolerance band, when has_lo / has_hi */
	int has_lo, has_hi;
	int time_x; /* x values are Unix seconds: label them as UTC times */
};

/* y over x as a polyline with points, the band shaded behind it. */
void svg_line(FILE *f, const struct plot *p, const double *x, const double *y, size_t n);
/* Points only. */
void svg_scatter(FILE *f, const struct plot *p, const double *x, const double *y, size_t n);
/* Histogram of v in `bins` equal bins from its min to its max. */
void svg_hist(FILE *f, const struct plot *p, const double *v, size_t n, int bins);

#endif
