/* bench resume DIR: finishes an interrupted run under the same run id. The
 * options and suite files come from run.json; points the journal records are
 * replayed byte for byte, the rest run. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "bench/engine/engine.h"
#include "bench/history/history.h"
#include "bench/record/record.h"
#include "bench/report/report.h"
#include "bench/base/base.h"

static const char resume_usage[] =
    "usage: bench resume [--lava] [--lang zh|en] [--station-checked] DIR\n"
    "  Finishes the run in DIR (reports/<run-id>) after a crash, kill, power\n"
    "  loss or a signal (run.json \"interrupted\"): finished test points are kept,\n"
    "  the rest run, results.tap comes out as an uninterrupted run would write\n"
    "  it. A finished run only gets its reports rebuilt. A suite file (or Lua in\n"
    "  its lib/ folders) that changed since the run started is refused (exit 2):\n"
    "  rerun instead. Exit 2 when another bench holds DIR (it is named).\n"
    "  The tests the run died in with the station changed have their rest run\n"
    "  first; another run's such test makes it refuse (exit 2) unless\n"
    "  --station-checked says the station was put back by hand.\n"
    "  --lang zh|en: report.html in that language (default: the run's).\n";

static int fail(const struct err *e)
{
	fprintf(stderr, "bench resume: %s\n", e->msg);
	return e->code ? e->code : EXIT_USAGE;
}

/* run.json's suite list as argv-style paths (borrowed from the tree). */
static int suite_list(const struct runinfo *ri, char ***out, struct err *e)
{
	const struct ynode *s = ynode_get(ri->root, "suites");
	if (!s || s->kind != YN_SEQ || !s->nkids)
		return err_set(e, EXIT_USAGE, "%s/run.json: no \"suites\" list to resume", ri->dir);
	*out = calloc(s->nkids, sizeof **out);
	if (!*out)
		return err_set(e, EXIT_USAGE, "out of memory");
	for (size_t i = 0; i < s->nkids; i++) {
		if (s->kids[i].kind != YN_SCALAR) {
			free(*out);
			*out = NULL; /* the caller frees what it holds on every path */
			return ynode_err(e, &s->kids[i], "suite path must be a string");
		}
		(*out)[i] = s->kids[i].str;
	}
	return (int)s->nkids;
}

/* The suites must be the ones the run started with: a changed test would
 * put verdicts of two versions of it into one run (run.json records the
 * SHA-256 of every suite file and of the Lua in the lib/ folders beside). */
static int same_suites(const struct runinfo *ri, char **paths, int n, struct err *e)
{
	const struct ynode *rec = ynode_get(ri->root, "suite_sha256");
	if (!rec || rec->kind != YN_MAP)
		return err_set(e, EXIT_USAGE,
		               "%s/run.json: records no suite hashes (a run of an older bench): "
		               "cannot tell whether its suites changed; run it again",
		               ri->dir);
	struct sources now;
	if (sources_hash(paths, n, &now, e))
		return -1;
	int rc = 0;
	for (size_t i = 0; i < now.n && !rc; i++) {
		const struct ynode *was = ynode_get(rec, now.v[i].path);
		if (!was || was->kind != YN_SCALAR || strcmp(was->str, now.v[i].sha) != 0)
			rc =
			    err_set(e, EXIT_USAGE,
			            "%s: %s since the run started (SHA-256 %s, was %s): resuming "
			            "would mix two versions of its tests in one run; restore it or "
			            "run again",
			            now.v[i].path, was ? "changed" : "added", now.v[i].sha,
			            was && was->str ? was->str : "none");
	}
	for (size_t i = 0; i < rec->nkids && !rc; i++) {
		size_t k = 0;
		while (k < now.n && strcmp(now.v[k].path, rec->kids[i].key) != 0)
			k++;
		if (k == now.n)
			rc = err_set(e, EXIT_USAGE,
			             "%s: removed since the run started; restore it or "
			             "run again",
			             rec->kids[i].key);
	}
	sources_free(&now);
	return rc;
}

static void echo_tap(const char *dir)
{
	char p[4200], buf[65536];
	snprintf(p, sizeof p, "%s/results.tap", dir);
	FILE *f = fopen(p, "r");
	size_t n;
	while (f && (n = fread(buf, 1, sizeof buf, f)) > 0)
		fwrite(buf, 1, n, stdout);
	if (f)
		fclose(f);
	fflush(stdout);
}

static int setup_run(struct run *r, const struct runinfo *ri, const char *dir, const char *lang,
                     struct err *e)
{
	r->lang = lang ? lang : lang_name(ri->lang); /* run.json's, else the locale's */
	snprintf(r->id, sizeof r->id, "%s", runinfo_str(ri, "run_id", ""));
	snprintf(r->dir, sizeof r->dir, "%s", dir);
	snprintf(r->start_time, sizeof r->start_time, "%s", runinfo_str(ri, "started", ""));
	const char *ts = runinfo_str(ri, "time_scale", "1");
	if (num_parse(ts, &r->time_scale) || r->time_scale < 1 || r->time_scale > TIME_SCALE_MAX)
		return err_set(e, EXIT_USAGE, "%s/run.json: time_scale '%s' is not 1..%.0f", dir,
		               ts, TIME_SCALE_MAX);
	r->filter = runinfo_str(ri, "filter", NULL);
	r->answers_path = runinfo_str(ri, "answers", NULL);
	r->operator_name = runinfo_str(ri, "operator", NULL);
	r->allow_overdue = strcmp(runinfo_str(ri, "allow_overdue", "false"), "true") == 0;
	r->tap_version = atoi(runinfo_str(ri, "tap_version", "14"));
	r->resumes = atoi(runinfo_str(ri, "resumes", "0")) + 1;
	r->jobs = atoi(runinfo_str(ri, "jobs", "1")); /* the run's --jobs, as it was */
	if (r->jobs < 1 || r->jobs > 64)
		r->jobs = 1;
	/* As bench run: an operator at the terminal answers what the answers
	 * file does not (a rest asking for the station's card back). */
	r->interactive = r->jobs <= 1 && isatty(STDIN_FILENO) && isatty(STDERR_FILENO);
	return 0;
}

static int resume_dir(const char *dir, int lava, const char *lang, int checked, struct err *e)
{
	struct runinfo ri;
	char rj[4200];
	snprintf(rj, sizeof rj, "%s/run.json", dir);
	if (access(rj, F_OK))
		return err_set(e, EXIT_USAGE,
		               "%s: no run.json: the run was stopped before it started any test; "
		               "nothing to resume, run it again",
		               dir);
	/* Before anything is read: another resume of this run may be appending. */
	struct run r = {0};
	if (run_lock_dir(&r, dir, "bench resume", e))
		return -1;
	if (runinfo_load(dir, &ri, e)) {
		lock_release(&r.dir_lock);
		return -1;
	}
	struct station st;
	struct answers ans = {0};
	char **paths = NULL;
	int code = -1, n;
	/* An interrupted run has an exit code (3) too, and is resumed. */
	if (runinfo_str(&ri, "exit_code", NULL) && !runinfo_str(&ri, "interrupted", NULL)) {
		fprintf(stderr, "bench resume: %s finished; rebuilding its reports\n", dir);
		echo_tap(dir); /* the harness reading stdout still gets the whole stream */
		code = atoi(runinfo_str(&ri, "exit_code", "2"));
		runinfo_free(&ri);
		struct report_opts o = {.lang = lang};
		if (report_rebuild_as(dir, NULL, 0, &o, e))
			code = err_prefix(e, "%s: rebuilding the reports of the finished run", dir);
		lock_release(&r.dir_lock);
		return code;
	}
	const char *cwd = runinfo_str(&ri, "cwd", NULL);
	if (cwd && chdir(cwd)) {
		err_set(e, EXIT_USAGE, "%s: %s (the directory the run started in)", cwd,
		        strerror(errno));
		goto out;
	}
	if ((n = suite_list(&ri, &paths, e)) < 0 || same_suites(&ri, paths, n, e) ||
	    station_open(runinfo_str(&ri, "station", ""), &st, e))
		goto out;
	r.st = &st;
	r.lava = lava;
	r.station_checked = checked;
	/* An instrument may have fallen due since the run started: the override
	 * of `bench run --allow-overdue` (run.json) carries over, nothing else. */
	if (station_files(&st, e) || setup_run(&r, &ri, dir, lang, e) ||
	    instruments_gate(&st, r.allow_overdue, e))
		goto st;
	char who[128];
	snprintf(who, sizeof who, "bench resume %s", r.id);
	lock_note(&r.dir_lock, who);
	if (r.answers_path && answers_load(r.answers_path, &ans, e))
		goto st;
	r.answers = r.answers_path ? &ans : NULL;
	char jp[4200];
	snprintf(jp, sizeof jp, "%s/journal", dir);
	if ((r.replay = replay_open(jp, e))) {
		code = run_main(&r, paths, n, NULL, e);
		replay_close(r.replay);
	}
	answers_free(&ans);
st:
	station_free(&st);
out:
	lock_release(&r.dir_lock); /* run_main released it already when it ran */
	free(paths);
	runinfo_free(&ri);
	return code;
}

int cmd_resume(int argc, char **argv)
{
	const char *dir = NULL, *lang = NULL;
	int lava = lava_from_env(), checked = 0;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--lava") == 0)
			lava = 1;
		else if (strcmp(argv[i], "--station-checked") == 0)
			checked = 1;
		else if (strcmp(argv[i], "--lang") == 0 && i + 1 < argc) {
			if (lang_option(argv[++i], &lang))
				return EXIT_USAGE;
		} else if (strcmp(argv[i], "--help") == 0)
			return fputs(resume_usage, stdout), 0;
		else if (argv[i][0] != '-' && !dir)
			dir = argv[i];
		else
			return fputs(resume_usage, stderr), EXIT_USAGE;
	}
	if (!dir)
		return fputs(resume_usage, stderr), EXIT_USAGE;
	struct err e = {0};
	/* Suite paths in run.json are as the run was given them (they appear in
	 * the TAP): resume works from the run's directory. */
	char abs[PATH_MAX];
	if (!realpath(dir, abs)) {
		fprintf(stderr, "bench resume: %s: %s\n", dir, strerror(errno));
		return EXIT_USAGE;
	}
	int code = resume_dir(abs, lava, lang, checked, &e);
	history_add(abs);
	return code < 0 ? fail(&e) : code;
}
