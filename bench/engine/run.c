/* One run: its directory and files, the suites in order, the verdict. */
#include "engine.h"

#include <errno.h>
#include <fnmatch.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"

#include "bench/base/base.h"
#include "bench/lib/crypto/crypto.h"
#include "bench/record/record.h"

static int selected(const struct run *r, const struct testdecl *d)
{
	return !r->filter || fnmatch(r->filter, d->id, 0) == 0;
}

int run_count_selected(const struct run *r, const struct suite *s)
{
	int n = 0;
	for (size_t i = 0; i < s->ntests; i++)
		n += selected(r, &s->tests[i]);
	return n;
}

/* One suite file = one subtest. Returns 1 when none of its tests failed. */
int run_suite(struct run *r, struct suite *s, int sidx, int num)
{
	int n = run_count_selected(r, s), k = 0, ok = 1;
	struct tap *tap = lane_tap(r, s); /* with --jobs, its lane's until it is whole */
	tap_subtest(tap, s->path);
	tap_plan(tap, 4, n, NULL);
	if (r->lava)
		lava_set_start(lane_stdout(s), s->path, r->secrets);
	for (size_t i = 0; i < s->ntests && !r->bailed; i++)
		if (selected(r, &s->tests[i]))
			ok &= exec_test(r, s, sidx, &s->tests[i], ++k);
	if (r->lava)
		lava_set_stop(lane_stdout(s));
	if (r->bailed)
		return 0;
	tap_point(tap, 0, ok, num, s->path, TAP_NONE, NULL, NULL);
	return ok;
}

/* Loads every suite and checks what the run needs of them before any test
 * runs: unique ids, a --filter that selects something; answers for no test
 * of the run are named on stderr. On error nothing is left loaded. */
static int load_all(struct run *r, char **paths, int n, struct suite *suites, struct err *e)
{
	int i, nsel = 0;
	for (i = 0; i < n; i++) {
		if (suite_load(paths[i], r, &suites[i], e))
			goto fail;
		nsel += run_count_selected(r, &suites[i]);
	}
	if (suites_unique(suites, n, e))
		goto fail;
	answers_unknown(r->answers, suites, n, stderr);
	if (!nsel) {
		err_set(e, EXIT_USAGE, "no test matches --filter '%s'", r->filter ? r->filter : "");
		goto fail;
	}
	return 0;
fail:
	while (i--)
		suite_free(&suites[i]);
	return -1;
}

/* Runs the suites; returns the exit code. */
static int run_loaded(struct run *r, struct suite *suites, int n)
{
	int nsel = 0;
	for (int i = 0; i < n; i++)
		nsel += run_count_selected(r, &suites[i]) > 0;
	tap_version(r->tap);
	if (r->time_scale != 1.0) {
		char c[128];
		snprintf(c, sizeof c, "SIMULATED: time scale %g", r->time_scale);
		tap_comment(r->tap, 0, c);
	}
	calibration_comment(r); /* labjson.c: a run let start with an overdue instrument */
	tap_plan(r->tap, 0, nsel, nsel ? NULL : "no test matches the filter");
	if (r->jobs > 1)
		jobs_run(r, suites, n); /* side by side where the roles allow */
	for (int i = 0, k = 0; r->jobs <= 1 && i < n && !r->bailed; i++)
		if (run_count_selected(r, &suites[i]) > 0) {
			run_suite(r, &suites[i], i, ++k);
			suite_close(&suites[i]); /* frees its devices for the next suite */
		}
	runfiles_check(r);
	if (!r->bailed && replay_bail(r->replay)) /* the resumed run lost evidence at its end */
		run_bail(r, "%s", replay_bail(r->replay));
	if (r->bailed) {
		tap_bail(r->tap, r->bail_reason);
		return r->usage_error[0] ? EXIT_USAGE : EXIT_BAIL; /* a suite error, said in it */
	}
	return r->counts.fail ? EXIT_FAILED : EXIT_PASS;
}

/* The station's key file: a bad or readable-by-others file ends the run
 * before it starts (exit 2), not at the first test that needs a key. */
static int load_secrets(struct run *r, struct secrets *sec, struct err *e)
{
	if (!r->st->keys || r->secrets)
		return 0;
	char p[4096];
	if (secrets_load(station_path(r->st, r->st->keys, p, sizeof p), sec, e))
		return -1;
	r->secrets = sec;
	const struct secret *x;
	for (size_t at = 0; (x = secrets_short_pin(sec, 6, &at));)
		fprintf(stderr,
		        "bench: warning: %s:%d: PIN %s/%s has %zu digits: every run of those "
		        "digits in the evidence is replaced by its label, numbers that only look "
		        "like it too (docs/keys.md \"Redaction\"; 6 or more digits avoid that)\n",
		        p, x->line, x->role, x->id, strlen(x->pin));
	return 0;
}

/* Starts the station's simulators unless they run; 1 when this run started
 * them (and so stops them), 0 when not, -1 on error. */
static int sims_up(struct run *r, struct err *e)
{
	const struct sim_ops *sims = r->st->sim ? r->st->sims : NULL;
	if (sims && !sims->is_up(r->st))
		return sims->up(r->st, r->time_scale, e) ? -1 : 1;
	/* Running simulators must follow this run's time scale. */
	if (sims && r->time_scale != 1.0 && sims->up(r->st, r->time_scale, e))
		return -1;
	return 0;
}

/* A time-scaled simulated station: the run keeps the simulated clock its
 * simulators read (bench/base/simclock.c). */
static int clock_open(struct run *r, struct err *e)
{
	const struct sim_ops *sims = r->st->sim ? r->st->sims : NULL;
	char path[4200];
	if (!sims || !sims->clock || r->time_scale == 1.0)
		return 0;
	sims->clock(r->st, path, sizeof path);
	if (!path[0])
		return err_set(e, EXIT_BAIL, "the simulators' state directory path is too long");
	r->clock = simclock_open(path, r->time_scale, 1, e);
	return r->clock ? 0 : -1;
}

/* A signal before the first test: nothing was written that could be resumed. */
static int stopped_early(struct err *e)
{
	return err_set(e, EXIT_BAIL, "interrupted by %s before the first test: nothing to resume",
	               run_signal_name(run_signal()));
}

/* Whether the test of that id declares a rest (test{rest = fn}). */
static int has_rest(const struct suite *suites, int n, const char *id)
{
	for (int i = 0; i < n; i++)
		for (size_t k = 0; k < suites[i].ntests; k++)
			if (strcmp(suites[i].tests[k].id, id) == 0)
				return suites[i].tests[k].rest_ref != LUA_NOREF;
	return 0;
}

/* One test the killed run left with the station changed, said on stderr
 * and in trace.log: a note where its rest puts it back, else a warning. */
static void left_one(struct run *r, const char *id, int rest)
{
	if (rest) {
		fprintf(stderr,
		        "bench: note: the run died in %s after it changed the station; its rest "
		        "puts the station back before it runs again\n",
		        id);
		trace_note(
		    r->trace, "bench",
		    "resumed: the run died in %s with the station changed (its t:finally not "
		    "run); its rest runs first",
		    id);
		return;
	}
	fprintf(stderr,
	        "bench: warning: the run died in %s after it changed the station and before its "
	        "t:finally put it back: check the station (the DUT's power, the AC source, the "
	        "fixtures) before trusting what runs now\n",
	        id);
	trace_note(r->trace, "bench",
	           "resumed: the run died in %s with the station changed (its t:finally not run)",
	           id);
}

/* bench resume of a run that died with the station changed (a test's
 * t:finally registered, never run: SIGKILL, a crash, a power cut): each
 * such test (several, side by side under --jobs; r->finally_left, read
 * from trace.log before the run's files opened) is said on stderr and in
 * trace.log, and noted on its point when it runs again, as the station
 * may not be as the tests after it need it. A test that declares its rest
 * has it run first (lfinally_rest). */
static void station_left(struct run *r, const struct suite *suites, int n)
{
	for (const char *p = r->finally_left; *p; p = strchr(p, '\n') + 1) {
		char id[256];
		snprintf(id, sizeof id, "%.*s", (int)strcspn(p, "\n"), p);
		left_one(r, id, has_rest(suites, n, id));
	}
}

/* Opens the run files and runs the loaded suites; the exit code, or -1. */
static int run_files(struct run *r, char **paths, int n, struct suite *suites, const char *outdir,
                     struct err *e)
{
	r->suite_paths = paths;
	r->nsuites = n;
	if (runfiles_open(r, outdir, e))
		return -1;
	if (r->replay)
		station_left(r, suites, n);
	if (r->left_cleared.len) {
		fprintf(stderr, "bench: --station-checked: the station was left changed by %s\n",
		        sb_str(&r->left_cleared));
		trace_note(r->trace, "bench",
		           "station checked by hand (--station-checked): it was left changed by %s",
		           sb_str(&r->left_cleared));
	}
	char who[128];
	snprintf(who, sizeof who, "bench %s %s", r->replay ? "resume" : "run", r->id);
	lock_note(&r->station_lock, who);
	r->started = run_mono();
	if (r->clock)
		r->clock_zero = simclock_now(r->clock);
	r->drv = (struct drv_ctx){.st = r->st,
	                          .trace = r->trace,
	                          .run_id = r->id,
	                          .run_dir = r->dir,
	                          .time_scale = r->time_scale,
	                          .call = par_call,
	                          .branch = par_branch,
	                          .health = lbench_health};
	fprintf(stderr, "bench: run %s -> %s\n", r->id, r->dir);
	if (r->announce)
		r->announce(r, suites, n);
	int code = run_loaded(r, suites, n);
	if (runfiles_close(r, code, e))
		return -1;
	if (r->interrupted)
		fprintf(stderr, "bench: %s; bench resume %s runs the rest\n", r->bail_reason,
		        r->dir);
	fprintf(stderr, "bench: report: %s\n", r->dir);
	return code;
}

int run_main(struct run *r, char **args, int nargs, const char *outdir, struct err *e)
{
	char **paths;
	int n = suite_paths(args, nargs, &paths, e);
	if (n < 0)
		return -1;
	struct suite *suites = calloc((size_t)n, sizeof *suites);
	int started_sim = 0, code = -1;
	struct secrets sec = {0};
	pthread_mutex_init(&r->mu, NULL);
	r->health = calloc(r->st->nroles + 1, sizeof *r->health);
	/* From here a signal ends the run through its reports, and stops what
	 * it started. */
	run_signals_catch();
	if (!suites || !r->health) {
		err_set(e, EXIT_USAGE, "out of memory");
		goto out;
	}
	if (load_secrets(r, &sec, e)) /* before any suite or file sees a key */
		goto out;
	/* Before the suites load: what runs is what was hashed. */
	if (lab_identity(r->st, r->lab_fpr, e) || sources_hash(paths, n, &r->sources, e))
		goto out;
	if (load_all(r, paths, n, suites, e)) { /* every input checked before a device moves */
		if (run_signal())
			stopped_early(e);
		goto out;
	}
	if (r->replay) { /* the tests the run died in with the station changed */
		char trace[4200];
		snprintf(trace, sizeof trace, "%s/trace.log", r->dir);
		lfinally_left(trace, r->finally_left, sizeof r->finally_left);
	}
	if (run_lock_station(r, r->replay ? "bench resume" : "bench run", e) ||
	    leftmark_check(r, e))
		goto unload;
	if ((started_sim = sims_up(r, e)) < 0 || clock_open(r, e))
		goto unload;
	code = run_signal() ? stopped_early(e) : run_files(r, paths, n, suites, outdir, e);
unload:
	for (int i = 0; i < n; i++)
		suite_free(&suites[i]);
	simclock_close(r->clock);
	r->clock = NULL;
	if (started_sim) {
		struct err e2 = {0};
		if (r->st->sims->down(r->st, &e2))
			fprintf(stderr, "bench: warning: %s\n", e2.msg);
	}
out:
	sources_free(&r->sources);
	sb_free(&r->left_cleared);
	if (code < 0 && r->secrets) { /* a suite's error may quote a key literal */
		char msg[sizeof e->msg];
		redact(r->secrets, e->msg, msg, sizeof msg);
		memcpy(e->msg, msg, sizeof msg);
	}
	lock_release(&r->dir_lock);
	lock_release(&r->station_lock);
	run_signals_default();
	if (r->secrets == &sec) {
		secrets_free(&sec);
		r->secrets = NULL;
	}
	free(r->health);
	r->health = NULL;
	free(r->overlap);
	r->overlap = NULL;
	r->noverlap = 0;
	pthread_mutex_destroy(&r->mu);
	free(suites);
	suite_paths_free(paths, n);
	return code;
}
