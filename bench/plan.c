/* bench plan: what a campaign of suites will take on a station, run one
 * after the other and with role-disjoint suites side by side (docs/campaign.md). */
#include <fnmatch.h>
#include <libgen.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "bench/base/base.h"
#include "bench/engine/engine.h"
#include "bench/history/history.h"
#include "bench/lib/crypto/crypto.h"

static const char plan_usage[] =
    "usage: bench plan [--station FILE] [--out DIR] [--filter GLOB] [--time-scale N] SUITE...\n"
    "  Prints each suite's tests, the roles each needs or uses, how long each is\n"
    "  expected to take (its last run on this station at this time scale in\n"
    "  DIR/.runs.sqlite, else its declared `duration`), and the campaign's wall\n"
    "  time run serially and with role-disjoint suites side by side. `bench run`\n"
    "  prints the same table on stderr before its first test.\n";

/* bench run's default station (cli.c), when neither --station nor
 * $BENCH_STATION names one. */
#define DEFAULT_STATION "bench/fixtures/sim.yaml"

struct item {
	const struct suite *s;
	const struct roleset *roles; /* the suite's (engine.h) */
	double dur, start;
	int unknown;
};

static void fmt_dur(double s, char *buf, size_t len)
{
	if (s < 60)
		snprintf(buf, len, "%.1f s", s);
	else
		snprintf(buf, len, "%ld:%02ld:%02ld", (long)(s / 3600), (long)(s / 60) % 60,
		         (long)s % 60);
}

/* A test's expected real seconds and where the figure comes from. */
static const char *estimate(const struct station *st, const struct plan_opts *o,
                            const struct testdecl *d, double *secs)
{
	if (!testdecl_for_class(d, st->dut.class))
		return *secs = 0, "SKIP: class";
	for (size_t k = 0; k < d->nroles; k++)
		if (!station_role(st, d->roles[k]))
			return *secs = 0, "SKIP: no role";
	char abs[PATH_MAX];
	const char *sp = realpath(st->path, abs) ? abs : st->path;
	if (history_duration(o->out, sp, o->time_scale, d->id, secs) == 1)
		return "last run";
	if (d->duration > 0) {
		double wait = 0, w;
		for (size_t k = 0; k < d->nwaits; k++)
			wait += station_wait(st, d->waits[k], &w) ? 0 : w;
		*secs = (d->duration + wait) / o->time_scale;
		return wait > 0 ? "declared+wait" : "declared";
	}
	return *secs = 0, NULL;
}

static void print_roles(FILE *f, char *const *v, size_t n, const char *sep)
{
	for (size_t k = 0; k < n; k++)
		fprintf(f, "%s%s", k ? sep : "", v[k]);
}

static void print_suite(FILE *f, const struct station *st, const struct plan_opts *o,
                        struct item *it)
{
	char buf[32];
	fprintf(f, "%s\n", it->s->path);
	for (size_t i = 0; i < it->s->ntests; i++) {
		const struct testdecl *d = &it->s->tests[i];
		if (o->filter && fnmatch(o->filter, d->id, 0))
			continue;
		double secs;
		const char *from = estimate(st, o, d, &secs);
		it->dur += secs;
		it->unknown += !from;
		fmt_dur(secs, buf, sizeof buf);
		fprintf(f, "  %-34s %10s  %-13s ", d->id, from ? buf : "?",
		        from ? from : "unknown");
		print_roles(f, d->roles, d->nroles, ",");
		if (d->nuses)
			fputs(d->nroles ? " uses " : "uses ", f);
		print_roles(f, d->uses, d->nuses, ",");
		fputc('\n', f);
	}
	fmt_dur(it->dur, buf, sizeof buf);
	fprintf(f, "  = %s, roles: ", buf);
	for (size_t k = 0; k < it->roles->n; k++)
		fprintf(f, "%s%s", k ? " " : "", it->roles->v[k]);
	fprintf(f, "%s%s\n", it->roles->n ? "" : "none",
	        it->roles->exclusive ? " (exclusive: runs alone)" : "");
}

/* Greedy: longest suite first, each at the earliest time at which no
 * suite then running holds one of its roles. Returns the wall time. */
static double schedule(struct item *v, int n)
{
	int *order = malloc((size_t)n * sizeof *order), placed = 0;
	double wall = 0;
	for (int i = 0; order && i < n; i++) {
		int j = i;
		while (j > 0 && v[order[j - 1]].dur < v[i].dur)
			order[j] = order[j - 1], j--;
		order[j] = i;
	}
	for (int i = 0; order && i < n; i++, placed++) {
		struct item *it = &v[order[i]];
		double best = -1;
		for (int c = -1; c < placed; c++) { /* candidates: 0 and every end */
			double t = c < 0 ? 0 : v[order[c]].start + v[order[c]].dur;
			int ok = best < 0 || t < best;
			for (int p = 0; ok && p < placed; p++) {
				const struct item *q = &v[order[p]];
				ok = !(q->start < t + it->dur && t < q->start + q->dur) ||
				     (!it->roles->exclusive && !q->roles->exclusive &&
				      roleset_disjoint(it->roles, q->roles));
			}
			if (ok)
				best = t;
		}
		it->start = best;
		if (best + it->dur > wall)
			wall = best + it->dur;
	}
	free(order);
	return order ? wall : -1;
}

static void totals(FILE *f, struct item *v, int n)
{
	double serial = 0;
	int unknown = 0;
	for (int i = 0; i < n; i++)
		serial += v[i].dur, unknown += v[i].unknown;
	double wall = schedule(v, n);
	char a[32], b[32];
	fmt_dur(serial, a, sizeof a);
	fmt_dur(wall, b, sizeof b);
	fprintf(f, "campaign: serial %s, side by side %s (%d suites)\n", a, b, n);
	for (int i = 0; i < n; i++) {
		fmt_dur(v[i].start, a, sizeof a);
		fmt_dur(v[i].start + v[i].dur, b, sizeof b);
		fprintf(f, "  side by side: %-40s %10s .. %s\n", v[i].s->path, a, b);
	}
	if (unknown)
		fprintf(f,
		        "  %d tests have no estimate (no `duration`, no earlier run here): "
		        "counted as 0\n",
		        unknown);
}

/* The table into a buffer, then out redacted: a test id or suite path may
 * hold a key literal (the run's other writers redact theirs too). */
static int plan_table(FILE *out, const struct station *st, const struct suite *s, int n,
                      const struct plan_opts *o, const struct secrets *sec)
{
	struct item *v = calloc(n ? (size_t)n : 1, sizeof *v);
	char *text = NULL;
	size_t len = 0;
	FILE *f = v ? open_memstream(&text, &len) : NULL;
	int rc = f ? 0 : -1, i;
	for (i = 0; !rc && i < n; i++) {
		v[i].s = &s[i];
		v[i].roles = &s[i].roles;
	}
	if (!rc) {
		fprintf(f, "plan: %s (%s), time scale %g; per test: expected time, from, roles\n",
		        st->name ? st->name : "station", st->path, o->time_scale);
		for (i = 0; i < n; i++)
			print_suite(f, st, o, &v[i]);
		totals(f, v, n);
	}
	if (f && fclose(f))
		rc = -1;
	char *clean = !rc && sec ? redact_dup(sec, text) : NULL;
	if (!rc)
		fputs(clean ? clean : sec ? "" : text, out);
	free(clean);
	free(text);
	free(v);
	return rc;
}

void plan_announce(const struct run *r, const struct suite *suites, int n)
{
	char out[4096];
	snprintf(out, sizeof out, "%s", r->dir);
	struct plan_opts o = {
	    .out = dirname(out), .filter = r->filter, .time_scale = r->time_scale};
	if (plan_table(stderr, r->st, suites, n, &o, r->secrets))
		fprintf(stderr, "bench: warning: no plan (out of memory)\n");
}

/* The station's key file, to redact the table as a run would. */
static int station_secrets(const struct station *st, struct secrets *sec, struct err *e)
{
	char p[4096];
	return st->keys ? secrets_load(station_path(st, st->keys, p, sizeof p), sec, e) : 0;
}

int plan_print(FILE *f, const struct station *st, char **args, int nargs, const struct plan_opts *o,
               struct err *e)
{
	char **paths;
	int n = suite_paths(args, nargs, &paths, e), rc = 0, loaded = 0;
	if (n < 0)
		return -1;
	struct suite *s = calloc(n ? (size_t)n : 1, sizeof *s);
	struct secrets sec = {0};
	if (!s)
		rc = err_set(e, EXIT_USAGE, "out of memory");
	while (!rc && loaded < n) /* a suite that failed to load is freed already */
		if (suite_load(paths[loaded], NULL, &s[loaded], e))
			rc = -1;
		else
			loaded++;
	if (!rc && !(rc = suites_unique(s, n, e)) && !(rc = station_secrets(st, &sec, e)) &&
	    plan_table(f, st, s, n, o, st->keys ? &sec : NULL))
		rc = err_set(e, EXIT_USAGE, "out of memory");
	for (int i = 0; i < loaded && i < n; i++)
		suite_free(&s[i]);
	secrets_free(&sec);
	free(s);
	suite_paths_free(paths, n);
	return rc;
}

int cmd_plan(int argc, char **argv)
{
	static const struct option longs[] = {
	    {"station", required_argument, NULL, 's'}, {"out", required_argument, NULL, 'o'},
	    {"filter", required_argument, NULL, 'f'},  {"time-scale", required_argument, NULL, 't'},
	    {"help", no_argument, NULL, 'h'},          {NULL, 0, NULL, 0},
	};
	struct plan_opts o = {.out = "reports", .time_scale = 1};
	const char *sp = getenv("BENCH_STATION");
	sp = sp && *sp ? sp : DEFAULT_STATION;
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "s:o:f:t:h", longs, NULL)) != -1) {
		if (c == 's')
			sp = optarg;
		else if (c == 'o')
			o.out = optarg;
		else if (c == 'f')
			o.filter = optarg;
		else if (c == 't' && !num_parse(optarg, &o.time_scale) && o.time_scale >= 1 &&
		         o.time_scale <= TIME_SCALE_MAX)
			continue;
		else if (c == 'h')
			return fputs(plan_usage, stdout), 0;
		else
			return fputs(plan_usage, stderr), EXIT_USAGE;
	}
	if (optind >= argc)
		return fputs(plan_usage, stderr), EXIT_USAGE;
	struct station st;
	struct err e = {0};
	int code = 0;
	if (station_open(sp, &st, &e))
		code = EXIT_USAGE;
	else {
		if (plan_print(stdout, &st, argv + optind, argc - optind, &o, &e))
			code = EXIT_USAGE;
		station_free(&st);
	}
	if (code)
		fprintf(stderr, "bench plan: %s\n", e.msg);
	return code;
}
