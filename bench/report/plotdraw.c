/* Draws the plotset: one figure per test and series, decimated to the
 * pixel columns and saying how many points it shows of how many measured;
 * the series too short to plot as one table. Both are capped, so a 24 h
 * soak's million points make a report of a few MB. */
#include "internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "bench/base/base.h"

#define MAX_PLOTS      60  /* series plotted; the rest are in measurements.csv */
#define MAX_TABLE_ROWS 200 /* rows of the too-short-to-plot table */

/* Units and names of quantities that cannot be negative (durations,
 * latencies, counts, rates, magnitudes): their axis starts at 0. */
static int nonneg_kind(const struct series *s)
{
	static const char *units[] = {
	    "s",       "ms",      "us",     "\xc2\xb5s", "ns",    "min", "h",  "%",  "",    "slots",
	    "retries", "readers", "events", "cycles",    "bytes", "B",   "kB", "MB", "dpi", "Hz"};
	static const char *names[] = {"latency", "duration", "time",      "count", "rate",    "gap",
	                              "errors",  "agree",    "magnitude", "abs",   "distance"};
	for (size_t i = 0; i < sizeof units / sizeof *units; i++)
		if (strcmp(s->unit, units[i]) == 0)
			return 1;
	if (strchr(s->unit, '/')) /* cards/h, apdu/s */
		return 1;
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (strstr(s->key, names[i]))
			return 1;
	return 0;
}

/* ... and the data agree: a negative value is shown, whatever the kind. */
static int nonneg(const struct series *s)
{
	if (!nonneg_kind(s) || (s->has_lo && s->lo < 0))
		return 0;
	for (size_t i = 0; i < s->n; i++)
		if (s->y[i] < 0)
			return 0;
	return 1;
}

static void fmt_elapsed(double x, char *buf, size_t len)
{
	if (!isfinite(x))
		snprintf(buf, len, "-");
	else if (x < 120)
		snprintf(buf, len, "%.3f s", x);
	else
		snprintf(buf, len, "%ld:%02ld:%02ld", lround(x) / 3600, lround(x) / 60 % 60,
		         lround(x) % 60);
}

/* x of every point, or the sample number when the series has no usable
 * time (all in one instant, or a row without one). */
static int x_range(const struct series *s, double *x0, double *x1)
{
	*x0 = INFINITY, *x1 = -INFINITY;
	for (size_t i = 0; i < s->n; i++) {
		if (!isfinite(s->x[i]))
			return 0;
		*x0 = fmin(*x0, s->x[i]);
		*x1 = fmax(*x1, s->x[i]);
	}
	return *x1 > *x0;
}

static void xlabel_for(const struct plotset *ps, int timed, double span, char *buf, size_t len)
{
	if (!timed) {
		snprintf(buf, len, "%s", tr(ps->lang, M_PLOT_IN_ORDER));
		return;
	}
	char sim[64] = "";
	if (ps->scale != 1)
		snprintf(sim, sizeof sim, tr(ps->lang, M_PLOT_SIMULATED), ps->scale);
	snprintf(buf, len, tr(ps->lang, M_PLOT_ELAPSED), span >= 120 ? "h:mm:ss" : "s", sim,
	         ps->from_wall ? tr(ps->lang, M_PLOT_STEPS) : "");
}

static void figure_open(FILE *f, const struct series *s, size_t plotted)
{
	fputs("<figure class=\"series\" data-test=\"", f);
	xml_put(f, s->test);
	fputs("\" data-series=\"", f);
	xml_put(f, s->key);
	fputs("\" data-unit=\"", f);
	xml_put(f, s->unit);
	fprintf(f, "\" data-measured=\"%zu\" data-plotted=\"%zu\" data-cols=\"%d\">\n", s->n,
	        plotted, PLOT_COLS);
}

static void caption(FILE *f, const struct plotset *ps, const struct series *s, size_t plotted)
{
	fputs("<figcaption>", f);
	xml_put(f, s->test);
	fputs(" &middot; ", f);
	xml_put(f, s->key);
	if (plotted < s->n)
		fprintf(f, tr(ps->lang, M_PLOT_SOME), plotted, s->n, PLOT_COLS);
	else
		fprintf(f, tr(ps->lang, M_PLOT_ALL), s->n);
	fputs("</figcaption></figure>\n", f);
}

/* kx, ky, keep: room for max(n, 2 * PLOT_COLS) of the biggest series. */
static void draw_series(FILE *f, const struct plotset *ps, const struct series *s, double *kx,
                        double *ky, size_t *keep)
{
	double x0, x1;
	int timed = x_range(s, &x0, &x1);
	size_t m = s->n;
	if (timed && s->n > 2 * PLOT_COLS)
		m = decimate(s->x, s->y, s->n, x0, x1, PLOT_COLS, keep);
	else if (!timed && s->n > 2 * PLOT_COLS)
		m = decimate(NULL, s->y, s->n, 1, (double)s->n, PLOT_COLS, keep);
	else
		for (size_t i = 0; i < m; i++)
			keep[i] = i;
	for (size_t i = 0; i < m; i++) {
		kx[i] = timed ? s->x[keep[i]] : (double)(keep[i] + 1);
		ky[i] = s->y[keep[i]];
	}
	char title[256], yl[128], xl[160];
	snprintf(title, sizeof title, "%s: %s %s%s", s->test, s->key, tr(ps->lang, M_OVER_TIME),
	         s->has_lo || s->has_hi ? tr(ps->lang, M_PLOT_BAND) : "");
	snprintf(yl, sizeof yl, "%s%s%s%s", s->key, *s->unit ? " (" : "", s->unit,
	         *s->unit ? ")" : "");
	xlabel_for(ps, timed, x1 - x0, xl, sizeof xl);
	struct plot p = {.title = title,
	                 .xlabel = xl,
	                 .ylabel = yl,
	                 .lo = s->lo,
	                 .hi = s->hi,
	                 .has_lo = s->has_lo,
	                 .has_hi = s->has_hi,
	                 .time_x = timed && x1 - x0 >= 120,
	                 .y_zero = nonneg(s),
	                 .dots = m == s->n && m <= 2000};
	figure_open(f, s, m);
	svg_line(f, &p, kx, ky, m);
	caption(f, ps, s, m);
}

/* Registration offsets of one test: left (x) against up (y), one point per
 * card. */
static int registration(FILE *f, const struct plotset *ps, const struct series *x)
{
	if (strcmp(x->key, "registration_left") != 0)
		return 0;
	for (size_t i = 0; i < ps->n; i++) {
		const struct series *y = &ps->s[i];
		if (strcmp(y->key, "registration_up") || strcmp(y->test, x->test) || y->n != x->n ||
		    !x->n)
			continue;
		char title[256];
		snprintf(title, sizeof title, tr(ps->lang, M_PLOT_REG), x->test);
		struct plot p = {.title = title,
		                 .xlabel = tr(ps->lang, M_PLOT_LEFT),
		                 .ylabel = tr(ps->lang, M_PLOT_UP)};
		svg_scatter(f, &p, x->y, y->y, x->n);
		return 1;
	}
	return 0;
}

static void latency(FILE *f, const struct plotset *ps)
{
	char title[128];
	snprintf(title, sizeof title, tr(ps->lang, M_PLOT_LATENCY), ps->nlat);
	struct plot p = {.title = title,
	                 .xlabel = tr(ps->lang, M_PLOT_LAT_X),
	                 .ylabel = tr(ps->lang, M_PLOT_LAT_Y),
	                 .y_zero = 1};
	svg_hist(f, &p, ps->lat, ps->nlat, 30);
}

static void cell(FILE *f, const char *s)
{
	fputs("<td>", f);
	xml_put(f, *s ? s : "-");
	fputs("</td>", f);
}

/* The series with fewer than PLOT_MIN_POINTS points, row by row. */
static void short_table(FILE *f, const struct plotset *ps)
{
	size_t rows = 0, total = 0;
	for (size_t i = 0; i < ps->n; i++) {
		const struct series *s = &ps->s[i];
		for (size_t k = 0; s->n < PLOT_MIN_POINTS && k < s->n; k++, total++) {
			if (rows == MAX_TABLE_ROWS)
				continue;
			if (!rows++)
				fprintf(f, "<h3>%s</h3>\n<table class=\"few\">\n%s\n",
				        tr(ps->lang, M_PLOT_FEW), tr(ps->lang, M_PLOT_FEW_HEAD));
			const struct srow *r = &s->rows[k];
			char at[32];
			fmt_elapsed(r->x, at, sizeof at);
			fputs("<tr>", f);
			cell(f, s->test);
			cell(f, r->name);
			cell(f, r->value);
			cell(f, s->unit);
			cell(f, r->lo);
			cell(f, r->hi);
			fprintf(f, "<td class=\"%s\">",
			        strcmp(r->verdict, "pass") ? "fail" : "pass");
			xml_put(f, r->verdict);
			fputs("</td>", f);
			cell(f, at);
			fputs("</tr>\n", f);
		}
	}
	if (rows)
		fputs("</table>\n", f);
	if (total > rows)
		fprintf(f, "<p class=\"more\">"),
		    fprintf(f, tr(ps->lang, M_PLOT_FEW_MORE), total - rows), fputs("</p>\n", f);
}

void plots_draw(FILE *f, const struct plotset *ps)
{
	fprintf(f, "<h2>%s</h2>\n", tr(ps->lang, M_PLOTS));
	size_t big = 2 * PLOT_COLS, shown = 0, skipped = 0;
	for (size_t i = 0; i < ps->n; i++)
		big = ps->s[i].n > big ? ps->s[i].n : big;
	double *kx = malloc(big * sizeof *kx), *ky = malloc(big * sizeof *ky);
	size_t *keep = malloc(big * sizeof *keep);
	if (!kx || !ky || !keep) {
		fprintf(f, "<p class=\"fail\">%s</p>\n", tr(ps->lang, M_PLOT_NO_MEMORY));
		free(kx);
		free(ky);
		free(keep);
		return;
	}
	if (ps->nlat)
		latency(f, ps), shown++;
	for (size_t i = 0; i < ps->n; i++) {
		const struct series *s = &ps->s[i];
		if (s->n < PLOT_MIN_POINTS)
			continue;
		if (shown >= MAX_PLOTS) {
			skipped++;
			continue;
		}
		draw_series(f, ps, s, kx, ky, keep);
		shown += 1 + registration(f, ps, s);
	}
	if (skipped)
		fprintf(f, "<p class=\"more\">"),
		    fprintf(f, tr(ps->lang, M_PLOT_MORE), skipped, MAX_PLOTS), fputs("</p>\n", f);
	short_table(f, ps);
	if (!ps->n && !ps->nlat)
		fprintf(f, "<p>%s</p>\n", tr(ps->lang, M_NO_PLOTS));
	free(kx);
	free(ky);
	free(keep);
}
