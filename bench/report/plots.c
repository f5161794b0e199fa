/* Reads measurements.csv (and the APDU latencies of trace.log) into one
 * series per test and measurement: a test's rows whose names share a
 * leading identifier and unit ("temp@01:00:00" -> temp) form one curve,
 * and never mix with another test's. x is the run's own elapsed time (the
 * csv's elapsed column: simulated seconds on a time-scaled run). */
#include "internal.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench/base/base.h"
#include "bench/record/record.h"

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

/* The leading identifier of a measurement name: what its series is called. */
static void key_of(const char *name, char *key, size_t len)
{
	size_t k = 0;
	for (; name[k] && k + 1 < len; k++) {
		char c = name[k];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
		      (k && c >= '0' && c <= '9')))
			break;
		key[k] = c;
	}
	key[k] = '\0';
	if (!k)
		snprintf(key, len, "%s", name);
}

static uint64_t hash3(const char *a, const char *b, const char *c)
{
	uint64_t h = 1469598103934665603u;
	for (const char *s[] = {a, b, c}, **p = s; p < s + 3; p++) {
		for (const unsigned char *q = (const unsigned char *)*p; *q; q++)
			h = (h ^ *q) * 1099511628211u;
		h = (h ^ 0xff) * 1099511628211u; /* "ab"+"c" is not "a"+"bc" */
	}
	return h;
}

/* Open addressing over ps->s, doubled at half full: a soak's million rows
 * look their series up in constant time. slot holds index + 1, 0 empty. */
static int rehash(struct plotset *ps)
{
	size_t n = ps->nslots ? ps->nslots * 2 : 256;
	size_t *sl = calloc(n, sizeof *sl);
	if (!sl)
		return -1;
	for (size_t i = 0; i < ps->n; i++) {
		const struct series *s = &ps->s[i];
		size_t h = (size_t)(hash3(s->test, s->key, s->unit) & (n - 1));
		while (sl[h])
			h = (h + 1) & (n - 1);
		sl[h] = i + 1;
	}
	free(ps->slots);
	ps->slots = sl;
	ps->nslots = n;
	return 0;
}

/* A new series at the free slot h the lookup ended on. */
static struct series *add_series(struct plotset *ps, size_t h, const char *test, const char *key,
                                 const char *unit)
{
	if (ps->n == ps->cap) {
		size_t nc = ps->cap ? ps->cap * 2 : 64;
		struct series *ns = realloc(ps->s, nc * sizeof *ns);
		if (!ns)
			return NULL;
		ps->s = ns;
		ps->cap = nc;
	}
	struct series *s = &ps->s[ps->n];
	memset(s, 0, sizeof *s);
	if (!(s->test = strdup(test)))
		return NULL;
	snprintf(s->key, sizeof s->key, "%s", key);
	snprintf(s->unit, sizeof s->unit, "%s", unit);
	ps->slots[h] = ++ps->n;
	if (2 * ps->n > ps->nslots && rehash(ps))
		return NULL;
	return s;
}

static struct series *series_for(struct plotset *ps, const char *test, const char *name,
                                 const char *unit)
{
	char key[64];
	key_of(name, key, sizeof key);
	if (ps->last && strcmp(ps->last->key, key) == 0 && strcmp(ps->last->test, test) == 0 &&
	    strcmp(ps->last->unit, unit) == 0)
		return ps->last; /* a test's rows come together */
	if (!ps->nslots && rehash(ps))
		return NULL;
	size_t m = ps->nslots - 1, h = (size_t)(hash3(test, key, unit) & m);
	for (; ps->slots[h]; h = (h + 1) & m) {
		struct series *s = &ps->s[ps->slots[h] - 1];
		if (!strcmp(s->key, key) && !strcmp(s->test, test) && !strcmp(s->unit, unit))
			return ps->last = s;
	}
	return ps->last = add_series(ps, h, test, key, unit);
}

/* A series too short to plot is shown as the rows it is made of. */
static int keep_row(struct series *s, const char *f[CSV_N], double x)
{
	if (s->n >= SERIES_ROWS)
		return 0;
	struct srow *r = &s->rows[s->n];
	if (!(r->name = strdup(f[CSV_NAME])))
		return -1;
	snprintf(r->value, sizeof r->value, "%s", f[CSV_VALUE]);
	snprintf(r->lo, sizeof r->lo, "%s", f[CSV_MIN]);
	snprintf(r->hi, sizeof r->hi, "%s", f[CSV_MAX]);
	snprintf(r->verdict, sizeof r->verdict, "%s", f[CSV_VERDICT]);
	r->x = x;
	return 0;
}

/* Seconds into the run: the elapsed column, or for a run recorded before
 * it existed the wall-clock time (1 s steps) since the first row, scaled. */
static double row_x(struct plotset *ps, const char *f[CSV_N])
{
	char *end;
	double x = strtod(f[CSV_ELAPSED], &end);
	if (end != f[CSV_ELAPSED] && isfinite(x))
		return x;
	struct tm tm = {0};
	if (!strptime(f[CSV_TIME], "%Y-%m-%dT%H:%M:%SZ", &tm))
		return NAN;
	double t = (double)timegm(&tm);
	if (!ps->wall0)
		ps->wall0 = t;
	ps->from_wall = 1;
	return (t - ps->wall0) * ps->scale;
}

static int add_row(struct plotset *ps, const char *f[CSV_N])
{
	char *end;
	double v = strtod(f[CSV_VALUE], &end);
	if (end == f[CSV_VALUE] || !isfinite(v))
		return 0; /* not a number: nothing to plot */
	struct series *s = series_for(ps, f[CSV_TEST], f[CSV_NAME], f[CSV_UNIT]);
	if (!s)
		return -1;
	if (*f[CSV_MIN] && !s->has_lo)
		s->lo = strtod(f[CSV_MIN], NULL), s->has_lo = 1;
	if (*f[CSV_MAX] && !s->has_hi)
		s->hi = strtod(f[CSV_MAX], NULL), s->has_hi = 1;
	double x = row_x(ps, f);
	if (keep_row(s, f, x))
		return -1;
	size_t n = s->n, cap = s->cap;
	if (push(&s->x, &n, &cap, x))
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
		if (csv_row(&q, buf, sizeof buf, fld) > CSV_TIME)
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
	while (!rc && trace_getline(&line, &cap, f) > 0) {
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

static void plotset_free(struct plotset *ps)
{
	for (size_t i = 0; i < ps->n; i++) {
		struct series *s = &ps->s[i];
		for (size_t k = 0; k < s->n && k < SERIES_ROWS; k++)
			free(s->rows[k].name);
		free(s->test);
		free(s->x);
		free(s->y);
	}
	free(ps->s);
	free(ps->slots);
	free(ps->lat);
}

int plots_write(FILE *f, const char *dir, double scale, enum lang l, struct err *e)
{
	struct plotset ps = {.scale = scale, .lang = l};
	int rc = read_csv(&ps, dir, e);
	if (!rc)
		rc = read_trace(&ps, dir, e);
	if (!rc)
		plots_draw(f, &ps);
	plotset_free(&ps);
	return rc;
}
