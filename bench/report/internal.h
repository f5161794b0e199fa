/* Internal to bench/report: the plots of report.html and the SVG they
 * are drawn with. */
#ifndef BENCH_REPORT_INTERNAL_H
#define BENCH_REPORT_INTERNAL_H

#include <stddef.h>
#include <stdio.h>

#include "bench/base/base.h"
#include "report.h"

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

/* The cover page (cover.c), first in report.html and on paper: begin
 * writes its heading and the SIMULATED banner, end the lab, DUT, run and
 * the overall verdict per standard from the journal (rewound after), and
 * closes it. Between them html.c puts the INTERRUPTED / BAIL OUT banner. */
void cover_begin(FILE *f, const struct runinfo *ri);
int cover_end(FILE *f, const struct runinfo *ri, FILE *j, const char *jpath, struct err *e);

/* The "Plots" section of report.html, from measurements.csv and trace.log:
 * one plot per test and measurement series over the run's elapsed time
 * (scale: run.json's time_scale, for runs recorded without the elapsed
 * column), decimated to the pixel columns; series of fewer than
 * PLOT_MIN_POINTS as a table; registration offsets as a scatter; the APDU
 * latency histogram. */
int plots_write(FILE *f, const char *dir, double scale, enum lang l, struct err *e);

#define PLOT_MIN_POINTS 3 /* fewer is a table: two points make no curve */
#define SERIES_ROWS     PLOT_MIN_POINTS

/* A row of a series, kept in full while the series may be too short to plot. */
struct srow {
	char *name;
	char value[32], lo[32], hi[32], verdict[8];
	double x;
};

struct series {
	char *test, key[64], unit[32];
	double lo, hi; /* the first row's limits */
	int has_lo, has_hi;
	double *x, *y; /* elapsed seconds, value */
	size_t n, cap;
	struct srow rows[SERIES_ROWS];
};

struct plotset {
	struct series *s, *last;
	size_t n, cap;
	size_t *slots, nslots; /* hash index of s by test, key and unit */
	double scale, wall0;
	enum lang lang; /* of the words around the plots */
	int from_wall; /* some x came from the 1 s wall-clock column */
	double *lat;   /* APDU latencies, ms */
	size_t nlat, caplat;
};

/* Draws ps (plotdraw.c). */
void plots_draw(FILE *f, const struct plotset *ps);

/* Of each of cols equal x-columns over [x0, x1], the indices of the points
 * with the lowest and the highest y, in column then run order, into keep
 * (room for 2 * cols): every column's extremes survive, a spike or an
 * out-of-band excursion included. Returns how many. */
size_t decimate(const double *x, const double *y, size_t n, double x0, double x1, int cols,
                size_t *keep);

/* A failure's TAP in report.html: whole up to TAP_EXCERPT bytes (cut at a
 * line end) and while *budget, the bytes all failures may still show,
 * lasts; what is cut is counted and pointed to in results.tap. A soak
 * point's diagnostic of a million measurements stays out of the report. */
#define TAP_EXCERPT (16 * 1024)
#define TAP_BUDGET  (1536 * 1024)
void tap_excerpt(FILE *f, const char *tap, size_t len, size_t *budget);

/* Inline SVG plots for report.html: no scripts, no fonts to fetch, so the
 * report renders offline and prints as it shows. */
struct plot {
	const char *title, *xlabel, *ylabel;
	double lo, hi; /* tolerance band, when has_lo / has_hi */
	int has_lo, has_hi;
	int time_x; /* x values are elapsed seconds: label them h:mm:ss */
	int y_zero; /* a non-negative quantity: the y axis starts at 0 */
	int dots;   /* mark every point (not only those out of the band) */
};

#define PLOT_COLS 550 /* pixel columns of a plot's data area */

/* y over x as a polyline (in data units, so a reader can check the values),
 * the band shaded behind it, points out of the band marked red. */
void svg_line(FILE *f, const struct plot *p, const double *x, const double *y, size_t n);
/* Points only. */
void svg_scatter(FILE *f, const struct plot *p, const double *x, const double *y, size_t n);
/* Histogram of v in `bins` equal bins from its min to its max. */
void svg_hist(FILE *f, const struct plot *p, const double *v, size_t n, int bins);

#endif
