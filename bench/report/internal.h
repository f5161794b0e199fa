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

/* report.html's "Side by side" section (sidebyside.c), from run.json's
 * side_by_side of a --jobs run; nothing for a serial run. */
struct runinfo;
void html_side_by_side(FILE *f, const struct runinfo *ri);

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
