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
#include "bench/record/record.h"
#include "bench/report/report.h"
#include "bench/base/base.h"

static const char resume_usage[] =
    "usage: bench resume [--lava] DIR\n"
    "  Finishes the run in DIR (reports/<run-id>) after a crash, kill, power\n"
    "  loss or a signal (run.json \"interrupted\"): finished test points are kept,\n"
    "  the rest run, results.tap comes out as an uninterrupted run would write\n"
    "  it. A finished run only gets its reports rebuilt. Exit 2 when another\n"
    "  bench holds DIR (it is named).\n";

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
			return ynode_err(e, &s->kids[i], "suite path must be a string");
		}
		(*out)[i] = s->kids[i].str;
	}
	return (int)s->nkids;
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

static void setup_run(struct run *r, const struct runinfo *ri, const char *dir)
{
	snprintf(r->id, sizeof r->id, "%s", runinfo_str(ri, "run_id", ""));
	snprintf(r->dir, sizeof r->dir, "%s", dir);
	snprintf(r->start_time, sizeof r->start_time, "%s", runinfo_str(ri, "started", ""));
	r->time_scale = strtod(runinfo_str(ri, "time_scale", "1"), NULL);
	r->filter = runinfo_str(ri, "filter", NULL);
	r->answers_path = runinfo_str(ri, "answers", NULL);
	r->tap_version = atoi(runinfo_str(ri, "tap_version", "14"));
	r->resumes = atoi(runinfo_str(ri, "resumes", "0")) + 1;
}

static int resume_dir(const char *dir, int lava, struct err *e)
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
		char *argv[] = {"report", (char *)dir, NULL};
		code = cmd_report(2, argv) ? -1 : code;
		lock_release(&r.dir_lock);
		return code;
	}
	const char *cwd = runinfo_str(&ri, "cwd", NULL);
	if (cwd && chdir(cwd)) {
		err_set(e, EXIT_USAGE, "%s: %s (the directory the run started in)", cwd,
		        strerror(errno));
		goto out;
	}
	if ((n = suite_list(&ri, &paths, e)) < 0 ||
	    station_open(runinfo_str(&ri, "station", ""), &st, e))
		goto out;
	r.st = &st;
	r.lava = lava;
	setup_run(&r, &ri, dir);
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
	const char *dir = NULL;
	int lava = lava_from_env();
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--lava") == 0)
			lava = 1;
		else if (strcmp(argv[i], "--help") == 0)
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
	int code = resume_dir(abs, lava, &e);
	return code < 0 ? fail(&e) : code;
}
