#include "internal.h"

#include <math.h>
#include <stdlib.h>
#include <time.h>

#include "bench/base/base.h"

#define W 640
#define H 280
#define L 70 /* left margin: y labels */
#define R 20
#define T 30 /* top: title */
#define B 50 /* bottom: x labels */

struct frame {
	double x0, x1, y0, y1;
};

static double px(const struct frame *fr, double x)
{
	return L + (x - fr->x0) / (fr->x1 - fr->x0) * (W - L - R);
}

static double py(const struct frame *fr, double y)
{
	return H - B - (y - fr->y0) / (fr->y1 - fr->y0) * (H - T - B);
}

static void range(const double *v, size_t n, double *lo, double *hi)
{
	*lo = INFINITY;
	*hi = -INFINITY;
	for (size_t i = 0; i < n; i++)
		if (isfinite(v[i])) {
			*lo = v[i] < *lo ? v[i] : *lo;
			*hi = v[i] > *hi ? v[i] : *hi;
		}
	if (!isfinite(*lo))
		*lo = 0, *hi = 1;
	/* A spread too small for 4-digit tick labels to tell apart (offsets of
	 * 0.1499..0.1501 mm) is widened around its middle to 5 % of its size. */
	double mag = fmax(fabs(*lo), fabs(*hi)), mid = (*lo + *hi) / 2;
	if (*hi - *lo < 0.02 * mag || *hi - *lo < 1e-12) {
		double d = mag > 1e-9 ? mag * 0.025 : 1;
		*lo = mid - d;
		*hi = mid + d;
	}
}

/* Elapsed seconds as h:mm:ss (hours run past 24: a soak's "26:00:00"). */
static void label_x(FILE *f, const struct plot *p, const struct frame *fr, double x, double at,
                    const char *anchor)
{
	fprintf(f, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"%s\">", at, H - B + 16, anchor);
	double span = fr->x1 - fr->x0;
	if (p->time_x) {
		long t = lround(x);
		fprintf(f, "%ld:%02ld:%02ld</text>", t / 3600, t / 60 % 60, t % 60);
	} else { /* fixed decimals enough to tell the ticks apart: 86012.5 not 8.601e+04 */
		fprintf(f, "%.*f</text>", span >= 100 ? 0 : span >= 10 ? 1 : span >= 1 ? 2 : 3, x);
	}
}

static void open_svg(FILE *f, const struct plot *p, const struct frame *fr)
{
	fprintf(f,
	        "<svg class=\"plot\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
	        "height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" "
	        "font-size=\"11\" role=\"img\">\n<title>",
	        W, H, W, H);
	xml_put(f, p->title);
	fprintf(f, "</title><rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>", W, H);
	fprintf(f, "<text x=\"%d\" y=\"18\" font-size=\"13\" font-weight=\"bold\">", L);
	xml_put(f, p->title);
	fputs("</text>\n", f);
	/* the band first, so data draws over it */
	if (p->has_lo || p->has_hi) {
		double lo = p->has_lo ? fmax(p->lo, fr->y0) : fr->y0;
		double hi = p->has_hi ? fmin(p->hi, fr->y1) : fr->y1;
		if (hi > lo)
			fprintf(f,
			        "<rect class=\"band\" x=\"%d\" y=\"%.1f\" width=\"%d\" "
			        "height=\"%.1f\" fill=\"#2a2\" fill-opacity=\"0.12\"/>",
			        L, py(fr, hi), W - L - R, py(fr, lo) - py(fr, hi));
		if (p->has_lo)
			fprintf(f,
			        "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" "
			        "stroke=\"#2a2\" stroke-dasharray=\"4 3\"/>",
			        L, W - R, py(fr, p->lo), py(fr, p->lo));
		if (p->has_hi)
			fprintf(f,
			        "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" "
			        "stroke=\"#2a2\" stroke-dasharray=\"4 3\"/>",
			        L, W - R, py(fr, p->hi), py(fr, p->hi));
	}
	fprintf(f, "<path d=\"M%d %d V%d H%d\" fill=\"none\" stroke=\"#444\"/>\n", L, T, H - B,
	        W - R);
	for (int i = 0; i <= 4; i++) {
		double y = fr->y0 + (fr->y1 - fr->y0) * i / 4;
		fprintf(f, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.4g</text>", L - 4,
		        py(fr, y) + 4, y);
	}
	for (int i = 0; i <= 4; i++)
		label_x(f, p, fr, fr->x0 + (fr->x1 - fr->x0) * i / 4, L + (W - L - R) * i / 4.0,
		        i == 4 ? "end" : "middle"); /* the last within the frame */
	fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">", (L + W - R) / 2, H - 10);
	xml_put(f, p->xlabel);
	fprintf(f,
	        "</text><text x=\"14\" y=\"%d\" transform=\"rotate(-90 14 %d)\" "
	        "text-anchor=\"middle\">",
	        (T + H - B) / 2, (T + H - B) / 2);
	xml_put(f, p->ylabel);
	fputs("</text>\n", f);
}

static struct frame frame_for(const struct plot *p, const double *x, const double *y, size_t n)
{
	struct frame fr;
	range(x, n, &fr.x0, &fr.x1);
	range(y, n, &fr.y0, &fr.y1);
	if (p->has_lo)
		fr.y0 = fmin(fr.y0, p->lo);
	if (p->has_hi)
		fr.y1 = fmax(fr.y1, p->hi);
	if (p->y_zero && fr.y0 >= 0)
		fr.y0 = 0; /* a latency axis never goes to -79 ms */
	double pad = (fr.y1 - fr.y0) * 0.08;
	fr.y0 -= p->y_zero && fr.y0 >= 0 ? 0 : pad;
	fr.y1 += pad;
	return fr;
}

/* Markers as one path of round dots ("M x y h0"): a few bytes a point. Out
 * of the band always (what a reviewer looks for), the others when asked. */
static void points(FILE *f, const struct frame *fr, const double *x, const double *y, size_t n,
                   const struct plot *p)
{
	for (int out = 0; out <= 1; out++) {
		int any = 0;
		for (size_t i = 0; i < n; i++) {
			int o = (p->has_lo && y[i] < p->lo) || (p->has_hi && y[i] > p->hi);
			if (o != out || (!o && !p->dots))
				continue;
			if (!any++)
				fprintf(f,
				        "<path class=\"%s\" fill=\"none\" stroke=\"%s\" "
				        "stroke-width=\"%s\" stroke-linecap=\"round\" d=\"",
				        out ? "out" : "in", out ? "#d22" : "#36c", out ? "6" : "4");
			fprintf(f, "M%.1f %.1fh0%s", px(fr, x[i]), py(fr, y[i]),
			        any % 16 ? "" : "\n");
		}
		if (any)
			fputs("\"/>\n", f);
	}
}

/* The polyline is in data units under the frame's transform: the values a
 * reader (or a test) takes from it are the measured ones. */
void svg_line(FILE *f, const struct plot *p, const double *x, const double *y, size_t n)
{
	struct frame fr = frame_for(p, x, y, n);
	/* time is not widened like a value: a short test late in a long run
	 * spans the whole width */
	double x0 = INFINITY, x1 = -INFINITY;
	for (size_t i = 0; i < n; i++)
		x0 = fmin(x0, x[i]), x1 = fmax(x1, x[i]);
	if (x1 > x0)
		fr.x0 = x0, fr.x1 = x1;
	open_svg(f, p, &fr);
	double sx = (W - L - R) / (fr.x1 - fr.x0), sy = -(H - T - B) / (fr.y1 - fr.y0);
	fprintf(f,
	        "<polyline class=\"data\" transform=\"matrix(%.10g 0 0 %.10g %.10g %.10g)\" "
	        "vector-effect=\"non-scaling-stroke\" fill=\"none\" stroke=\"#36c\" "
	        "stroke-width=\"1.2\" points=\"",
	        sx, sy, L - fr.x0 * sx, H - B - fr.y0 * sy);
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%.10g,%.10g%s", x[i], y[i], i % 8 == 7 ? "\n" : " ");
	fputs("\"/>\n", f);
	points(f, &fr, x, y, n, p);
	fputs("</svg>\n", f);
}

void svg_scatter(FILE *f, const struct plot *p, const double *x, const double *y, size_t n)
{
	struct frame fr = frame_for(p, x, y, n);
	struct plot q = *p;
	q.dots = 1;
	open_svg(f, &q, &fr);
	points(f, &fr, x, y, n, &q);
	fputs("</svg>\n", f);
}

void svg_hist(FILE *f, const struct plot *p, const double *v, size_t n, int bins)
{
	size_t *c = calloc((size_t)bins, sizeof *c);
	if (!c)
		return;
	double lo, hi;
	range(v, n, &lo, &hi);
	if (p->y_zero && lo >= 0)
		lo = 0; /* here the x axis: latencies from 0 ms */
	size_t top = 1;
	for (size_t i = 0; i < n; i++) {
		int b = (int)((v[i] - lo) / (hi - lo) * bins);
		b = b < 0 ? 0 : b >= bins ? bins - 1 : b;
		if (++c[b] > top)
			top = c[b];
	}
	struct frame fr = {lo, hi, 0, (double)top * 1.1};
	struct plot q = *p;
	q.has_lo = q.has_hi = 0;
	open_svg(f, &q, &fr);
	double bw = (W - L - R) / (double)bins;
	for (int b = 0; b < bins; b++)
		fprintf(f,
		        "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
		        "fill=\"#36c\"><title>%zu</title></rect>\n",
		        L + b * bw, py(&fr, (double)c[b]), bw - 1, H - B - py(&fr, (double)c[b]),
		        c[b]);
	fputs("</svg>\n", f);
	free(c);
}
