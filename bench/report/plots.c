/* Measurement series are grouped by name with any suffix after the leading
 * identifier dropped ("temp@01:00:00" -> temp), so a chamber hold's samples
 * form one curve. Generic on purpose: chamber temperature/RH, print rate,
 * distance sweeps are all "a series with limits". */
#include "internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench/base/base.h"

#define MAX_SERIES 48

struct series {
	char key[64], unit[32];
	double lo, hi;
	int has_lo, has_hi;
	double *x, *y;
	size_t n, cap;
};

struct plotset {
	struct series s[MAX_SERIES];
	int n;
	double *lat; /* APDU latencies, ms */
	size_t nlat, caplat;
};

static int push(double **a, size_t *n, size_t *cap, double v)
{
	if (*n == *cap) {
		size_t nc = *cap ? *cap * 2 : 64;
		double *na = realloc(*a, nc * sizeof *na);
		if (!na)
			return -1;
		*a = na;
		*cap = nc;
	}
	(*a)[(*n)++] = v;
	return 0;
}

static struct series *series_for(struct plotset *ps, const char *name, const char *unit)
{
	char key[64];
	size_t k = 0;
	for (; name[k] && k + 1 < sizeof key; k++) {
		char c = name[k];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
		      (k && c >= '0' && c <= '9')))
			break;
		key[k] = c;
	}
	key[k] = '\0';
	if (!k)
		snprintf(key, sizeof key, "%s", name);
	for (int i = 0; i < ps->n; i++)
		if (strcmp(ps->s[i].key, key) == 0 && strcmp(ps->s[i].unit, unit) == 0)
			return &ps->s[i];
	if (ps->n == MAX_SERIES)
		return NULL;
	struct series *s = &ps->s[ps->n++];
	snprintf(s->key, sizeof s->key, "%s", key);
	snprintf(s->unit, sizeof s->unit, "%s", unit);
	return s;
}

static double csv_time(const char *s)
{
	struct tm tm = {0};
	const char *end = strptime(s, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return end ? (double)timegm(&tm) : NAN;
}

static int add_row(struct plotset *ps, const char *f[CSV_N])
{
	char *end;
	double v = strtod(f[CSV_VALUE], &end);
	if (end == f[CSV_VALUE] || !isfinite(v))
		return 0; /* not a number: nothing to plot */
	struct series *s = series_for(ps, f[CSV_NAME], f[CSV_UNIT]);
	if (!s)
		return 0;
	if (*f[CSV_MIN] && !s->has_lo)
		s->lo = strtod(f[CSV_MIN], NULL), s->has_lo = 1;
	if (*f[CSV_MAX] && !s->has_hi)
		s->hi = strtod(f[CSV_MAX], NULL), s->has_hi = 1;
	size_t n = s->n, cap = s->cap;
	if (push(&s->x, &n, &cap, csv_time(f[CSV_TIME])))
		return -1;
	n = s->n;
	if (push(&s->y, &n, &s->cap, v))
		return -1;
	s->n = n;
	return 0;
}

static int read_csv(struct plotset *ps, const char *dir, struct err *e)
{
	char p[4200];
	snprintf(p, sizeof p, "%s/measurements.csv", dir);
	FILE *f = fopen(p, "r");
	if (!f)
		return 0;
	char *line = NULL, buf[4096];
	size_t cap = 0;
	int rc = 0, first = 1;
	while (!rc && getline(&line, &cap, f) > 0) {
		const char *q = line, *fld[CSV_N];
		if (first) { /* the header */
			first = 0;
			continue;
		}
		if (csv_row(&q, buf, sizeof buf, fld) >= CSV_N)
			rc = add_row(ps, fld);
	}
	free(line);
	fclose(f);
	return rc ? err_set(e, EXIT_USAGE, "out of memory plotting %s", p) : 0;
}

/* "... apdu > 00A4... < 9000 (1234 us)\t<hash>": the duration of each APDU. */
static int read_trace(struct plotset *ps, const char *dir, struct err *e)
{
	char p[4200];
	snprintf(p, sizeof p, "%s/trace.log", dir);
	FILE *f = fopen(p, "r");
	if (!f)
		return 0;
	char *line = NULL;
	size_t cap = 0;
	int rc = 0;
	while (!rc && getline(&line, &cap, f) > 0) {
		if (!strstr(line, " apdu > "))
			continue;
		char *tab = strrchr(line, '\t');
		if (tab)
			*tab = '\0';
		char *o = strrchr(line, '(');
		long us;
		if (o && sscanf(o, "(%ld us)", &us) == 1)
			rc = push(&ps->lat, &ps->nlat, &ps->caplat, (double)us / 1000.0);
	}
	free(line);
	fclose(f);
	return rc ? err_set(e, EXIT_USAGE, "out of memory plotting %s", p) : 0;
}

static void plot_series(FILE *f, const struct series *s)
{
	int have_time =
	    s->n > 1 && isfinite(s->x[0]) && isfinite(s->x[s->n - 1]) && s->x[s->n - 1] > s->x[0];
	if (!have_time)
		for (size_t i = 0; i < s->n; i++)
			s->x[i] = (double)(i + 1);
	char title[160], yl[96];
	snprintf(title, sizeof title, "%s over time%s", s->key,
	         s->has_lo || s->has_hi ? " (green: tolerance band)" : "");
	snprintf(yl, sizeof yl, "%s%s%s%s", s->key, *s->unit ? " (" : "", s->unit,
	         *s->unit ? ")" : "");
	struct plot p = {.title = title,
	                 .xlabel = have_time ? "time (UTC)" : "sample, in run order",
	                 .ylabel = yl,
	                 .lo = s->lo,
	                 .hi = s->hi,
	                 .has_lo = s->has_lo,
	                 .has_hi = s->has_hi,
	                 .time_x = have_time};
	svg_line(f, &p, s->x, s->y, s->n);
}

static const struct series *find(const struct plotset *ps, const char *key)
{
	for (int i = 0; i < ps->n; i++)
		if (strcmp(ps->s[i].key, key) == 0)
			return &ps->s[i];
	return NULL;
}

/* Registration offsets: left (x) against up (y), one point per card. */
static void registration(FILE *f, const struct plotset *ps)
{
	const struct series *x = find(ps, "registration_left"), *y = find(ps, "registration_up");
	if (!x || !y || x->n != y->n || !x->n)
		return;
	struct plot p = {.title = "Registration offsets per card (left vs up)",
	                 .xlabel = "left offset (mm)",
	                 .ylabel = "up offset (mm)"};
	svg_scatter(f, &p, x->y, y->y, x->n);
}

int plots_write(FILE *f, const char *dir, struct err *e)
{
	struct plotset *ps = calloc(1, sizeof *ps);
	if (!ps)
		return err_set(e, EXIT_USAGE, "out of memory");
	int rc = read_csv(ps, dir, e);
	if (!rc)
		rc = read_trace(ps, dir, e);
	fputs("<h2>Plots</h2>\n", f);
	int shown = 0;
	if (!rc && ps->nlat) {
		struct plot p = {
		    .title = "APDU latency", .xlabel = "latency (ms)", .ylabel = "APDUs"};
		svg_hist(f, &p, ps->lat, ps->nlat, 30);
		shown++;
	}
	if (!rc)
		registration(f, ps);
	for (int i = 0; !rc && i < ps->n; i++)
		if (ps->s[i].n >= 2) {
			plot_series(f, &ps->s[i]);
			shown++;
		}
	if (!rc && !shown)
		fputs("<p>No measurement series or APDU exchanges to plot.</p>\n", f);
	for (int i = 0; i < ps->n; i++) {
		free(ps->s[i].x);
		free(ps->s[i].y);
	}
	free(ps->lat);
	free(ps);
	return rc;
}
