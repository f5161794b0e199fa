/* bench run / list / check: option parsing and the glue between them. */
#include "cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench/engine/engine.h"
#include "bench/history/history.h"
#include "bench/record/record.h"
#include "bench/report/report.h"
#include "bench/base/base.h"

#define DEFAULT_STATION "bench/fixtures/sim.yaml"

struct opts {
	const char *station, *out, *filter, *answers, *lang;
	double time_scale;
	int help, tap_version, lava, allow_overdue, jobs, station_checked;
	const char *operator_name;
};

static const char run_usage[] =
    "usage: bench run [--station FILE] [--out DIR] [--filter GLOB] [--time-scale N]\n"
    "                 [--answers FILE] [--tap-version 13|14] [--lang zh|en] [--operator NAME]\n"
    "                 [--allow-overdue] [--jobs N] [--station-checked] SUITE...\n"
    "  Runs the suites (files, or directories of *.lua) against the station and\n"
    "  writes reports/<run-id>/. TAP 14 on stdout, progress on stderr.\n"
    "  --station FILE   station file (default: $BENCH_STATION or " DEFAULT_STATION ")\n"
    "  --out DIR        where run directories go (default: reports)\n"
    "  --filter GLOB    run only tests whose id matches (fnmatch)\n"
    "  --time-scale N   simulated stations only: N simulated seconds per real second\n"
    "  --answers FILE   operator answers for unattended runs (docs/suite-api.md)\n"
    "  --lava           also print LAVA test signals (default inside a LAVA job)\n"
    "  --lang zh|en     language of report.html (default: the locale's, zh* is zh)\n"
    "  --operator NAME  who runs the tests (default: the station's operator:)\n"
    "  --allow-overdue  run although an instrument's calibration is past due\n"
    "                   (refused otherwise on a real station; every report says so)\n"
    "  --tap-version 13 write 'TAP version 13' for harnesses that refuse 14 (prove\n"
    "                   of Debian 12); the stream is otherwise the same\n"
    "  --jobs N         up to N suites at once where their roles are disjoint\n"
    "                   (default 1); TAP still comes whole suite by suite, in order\n"
    "  --station-checked the station was put back by hand after a run that died\n"
    "                   with it changed (refused otherwise: docs/evidence.md)\n"
    "exit: 0 all passed, 1 a test failed, 2 usage/station/suite error, 3 bail out\n";

static const char list_usage[] =
    "usage: bench list [--station FILE] SUITE...\n"
    "  Prints each test's id, clause, title and the roles it needs; with a station,\n"
    "  marks tests whose roles are missing (they would SKIP).\n";

static const char check_usage[] =
    "usage: bench check [--station FILE] [--answers FILE] [SUITE...]\n"
    "  Checks what `bench run` checks before its first test, without touching\n"
    "  any device: the station (every role option, its key file and lab key,\n"
    "  chamber profiles, no run that died with the station changed: its\n"
    "  markers, docs/evidence.md), the suites (test ids unique across them)\n"
    "  and, with the suites, the answers file. Errors name file:line, exit 2.\n";

/* --jobs N: 1 to JOBS_MAX suites at once. */
#define JOBS_MAX 64
static int jobs_parse(const char *arg, int *jobs)
{
	char *end;
	long n = strtol(arg, &end, 10);
	if (*arg && !*end && n >= 1 && n <= JOBS_MAX) {
		*jobs = (int)n;
		return 0;
	}
	fprintf(stderr, "bench: --jobs is a number from 1 to %d, not '%s'\n", JOBS_MAX, arg);
	return -1;
}

static int parse(int argc, char **argv, struct opts *o, const char *usage)
{
	static const struct option longs[] = {
	    {"station", required_argument, NULL, 's'},
	    {"out", required_argument, NULL, 'o'},
	    {"filter", required_argument, NULL, 'f'},
	    {"time-scale", required_argument, NULL, 't'},
	    {"answers", required_argument, NULL, 'a'},
	    {"help", no_argument, NULL, 'h'},
	    {"tap-version", required_argument, NULL, 'V'},
	    {"lava", no_argument, NULL, 'L'},
	    {"lang", required_argument, NULL, 'l'},
	    {"operator", required_argument, NULL, 'O'},
	    {"allow-overdue", no_argument, NULL, 'D'},
	    {"jobs", required_argument, NULL, 'j'},
	    {"station-checked", no_argument, NULL, 'C'},
	    {NULL, 0, NULL, 0},
	};
	*o = (struct opts){.out = "reports", .time_scale = 1.0, .tap_version = 14, .jobs = 1};
	optind = 1;
	opterr = 0;
	int c;
	while ((c = getopt_long(argc, argv, "s:o:f:t:a:hV:j:", longs, NULL)) != -1) {
		switch (c) {
		case 's':
			o->station = optarg;
			break;
		case 'o':
			o->out = optarg;
			break;
		case 'f':
			o->filter = optarg;
			break;
		case 'a':
			o->answers = optarg;
			break;
		case 'h':
			o->help = 1;
			break;
		case 'L':
			o->lava = 1;
			break;
		case 'l':
			if (lang_option(optarg, &o->lang))
				return -1;
			break;
		case 'O':
			o->operator_name = optarg;
			break;
		case 'D':
			o->allow_overdue = 1;
			break;
		case 'C':
			o->station_checked = 1;
			break;
		case 'j':
			if (jobs_parse(optarg, &o->jobs))
				return -1;
			break;
		case 'V':
			if (strcmp(optarg, "13") && strcmp(optarg, "14")) {
				fprintf(stderr, "bench: --tap-version is 13 or 14, not '%s'\n",
				        optarg);
				return -1;
			}
			o->tap_version = atoi(optarg);
			break;
		case 't':
			/* inf or 1e309 would reach run.json as `inf` (not JSON) and
			 * make every hold end at once. */
			if (num_parse(optarg, &o->time_scale) || o->time_scale < 1.0 ||
			    o->time_scale > TIME_SCALE_MAX) {
				fprintf(stderr,
				        "bench: --time-scale must be a number from 1 to %.0f, not "
				        "'%s'\n",
				        TIME_SCALE_MAX, optarg);
				return -1;
			}
			break;
		default:
			fprintf(stderr, "bench: unknown or incomplete option '%s'\n%s",
			        argv[optind - 1], usage);
			return -1;
		}
	}
	if (o->help) {
		fputs(usage, stdout);
		return 1;
	}
	return 0;
}

static const char *station_path_or_default(const struct opts *o)
{
	if (o->station)
		return o->station;
	const char *env = getenv("BENCH_STATION");
	return env && *env ? env : DEFAULT_STATION;
}

static int fail(const struct err *e)
{
	fprintf(stderr, "bench: %s\n", e->msg);
	return e->code ? e->code : EXIT_USAGE;
}

int cmd_run(int argc, char **argv)
{
	struct opts o;
	int p = parse(argc, argv, &o, run_usage);
	if (p)
		return p > 0 ? 0 : EXIT_USAGE;
	if (optind >= argc) {
		fprintf(stderr, "bench run: name at least one SUITE\n%s", run_usage);
		return EXIT_USAGE;
	}
	struct err e = {0};
	struct station st;
	struct answers ans = {0};
	if (station_open(station_path_or_default(&o), &st, &e))
		return fail(&e);
	int code = EXIT_USAGE;
	if (station_files(&st, &e)) {
		code = fail(&e);
		goto out;
	}
	if (o.time_scale != 1.0 && !st.simulated) {
		fprintf(stderr,
		        "bench: --time-scale is refused on a real station (%s is not "
		        "`station: simulated: true`): holds and soaks must run in real time\n",
		        st.path);
		goto out;
	}
	if (instruments_gate(&st, o.allow_overdue, &e)) { /* docs/station.md "Instruments" */
		code = fail(&e);
		goto out;
	}
	if (o.answers && answers_load(o.answers, &ans, &e)) {
		code = fail(&e);
		goto out;
	}
	struct run r = {
	    .st = &st,
	    .time_scale = o.time_scale,
	    .filter = o.filter,
	    .answers = o.answers ? &ans : NULL,
	    /* side by side, prompts from two suites would interleave at one TTY */
	    .interactive = o.jobs <= 1 && isatty(STDIN_FILENO) && isatty(STDERR_FILENO),
	    .tap_version = o.tap_version,
	    .lava = o.lava || lava_from_env(),
	    .answers_path = o.answers,
	    .lang = o.lang ? o.lang : lang_name(lang_default()),
	    .announce = plan_announce,
	    .operator_name = o.operator_name ? o.operator_name : st.operator_name,
	    .allow_overdue = o.allow_overdue,
	    .jobs = o.jobs,
	    .station_checked = o.station_checked,
	};
	code = run_main(&r, argv + optind, argc - optind, o.out, &e);
	if (r.dir[0])
		history_add(r.dir);
	if (code < 0)
		code = fail(&e);
out:
	answers_free(&ans);
	station_free(&st);
	return code;
}

static void list_suite(const struct suite *s, const struct station *st)
{
	printf("%s%s%s\n", s->path, s->title ? "  " : "", s->title ? s->title : "");
	for (size_t i = 0; i < s->ntests; i++) {
		const struct testdecl *d = &s->tests[i];
		printf("  %-32s %s\n      %s\n", d->id, d->clause, d->title);
		if (!d->nroles)
			continue;
		printf("      roles:");
		for (size_t k = 0; k < d->nroles; k++) {
			int missing = st && !station_role(st, d->roles[k]);
			printf(" %s%s", d->roles[k], missing ? " (missing: SKIP)" : "");
		}
		printf("\n");
	}
}

/* Loads every suite as a run would (each error reported, then ids unique
 * across them; answers for no test of them named on stderr); with `print`,
 * lists them. Returns the exit code. */
static int each_suite(char **args, int n, const struct station *st, const struct answers *ans,
                      int print)
{
	struct err e = {0};
	char **paths;
	int np = suite_paths(args, n, &paths, &e);
	if (np < 0)
		return fail(&e);
	struct suite *s = calloc(np ? (size_t)np : 1, sizeof *s);
	if (!s) {
		suite_paths_free(paths, np);
		err_set(&e, EXIT_USAGE, "out of memory");
		return fail(&e);
	}
	int code = 0;
	for (int i = 0; i < np; i++)
		if (suite_load(paths[i], NULL, &s[i], &e))
			code = fail(&e);
	if (!code && suites_unique(s, np, &e))
		code = fail(&e);
	if (!code)
		answers_unknown(ans, s, np, stderr);
	for (int i = 0; i < np; i++) {
		if (print && !code)
			list_suite(&s[i], st);
		suite_free(&s[i]);
	}
	free(s);
	suite_paths_free(paths, np);
	return code;
}

int cmd_list(int argc, char **argv)
{
	struct opts o;
	int p = parse(argc, argv, &o, list_usage);
	if (p)
		return p > 0 ? 0 : EXIT_USAGE;
	if (optind >= argc) {
		fprintf(stderr, "%s", list_usage);
		return EXIT_USAGE;
	}
	struct station st;
	struct err e = {0};
	if (o.station && station_open(o.station, &st, &e))
		return fail(&e);
	int code = each_suite(argv + optind, argc - optind, o.station ? &st : NULL, NULL, 1);
	if (o.station)
		station_free(&st);
	return code;
}

int cmd_check(int argc, char **argv)
{
	struct opts o;
	int p = parse(argc, argv, &o, check_usage);
	if (p)
		return p > 0 ? 0 : EXIT_USAGE;
	if (optind >= argc && !o.station) {
		fprintf(stderr, "%s", check_usage);
		return EXIT_USAGE;
	}
	int code = 0;
	struct err e = {0};
	if (o.station) { /* what run checks before its first test */
		struct station st;
		if (station_open(o.station, &st, &e))
			code = fail(&e);
		else {
			if (station_files(&st, &e) || leftmark_station(&st, &e))
				code = fail(&e);
			station_free(&st);
		}
	}
	struct answers ans = {0};
	if (o.answers && answers_load(o.answers, &ans, &e))
		code = fail(&e);
	if (optind < argc) {
		int c2 = each_suite(argv + optind, argc - optind, NULL, o.answers ? &ans : NULL, 0);
		code = code ? code : c2;
	}
	answers_free(&ans);
	if (!code)
		fprintf(stderr, "bench check: ok\n");
	return code;
}
