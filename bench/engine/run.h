/* The run context: everything one `bench run` owns. It is the only mutable
 * state shared across modules, and it is passed, never global. */
#ifndef BENCH_RUN_H
#define BENCH_RUN_H

#include <stdio.h>

#include "bench/base/err.h"
#include "bench/base/station.h"
#include "drivers/driver.h"

struct tap;
struct trace;
struct answers;
struct secrets;
struct journal;
struct replay;

struct counts {
	int pass, fail, skip, todo;
};

struct run {
	const struct station *st;
	char id[64];                   /* sortable by time: 20261123T153012Z-4f2a */
	char dir[4096];                /* reports/<id> */
	double time_scale;             /* 1.0 real time; > 1 only on simulated stations */
	const char *filter;            /* fnmatch glob over test ids, or NULL */
	const struct answers *answers; /* --answers FILE, or NULL */
	int interactive;               /* operator prompts may go to the TTY */
	int tap_version;               /* 14 (default) or 13 */
	const struct secrets *secrets; /* keys/PINs redacted from every output, or NULL */
	struct tap *tap;
	FILE *csv; /* measurements.csv */
	struct trace *trace;
	struct counts counts;
	int bailed;
	char bail_reason[512];
	char current_test[256]; /* id of the test running, for the trace */
	double started;         /* run_mono() at start */
	char start_time[32];    /* ISO 8601 UTC */
	/* Evidence (issue 8): the journal of finished points, the records a
	 * resumed run replays (NULL on a fresh run), LAVA signals on stdout. */
	struct journal *journal;
	struct replay *replay;
	int lava;
	const char *answers_path;
	char **suite_paths; /* recorded in run.json for bench resume */
	int nsuites;
	int resumes; /* how many times this run was resumed */
	struct drv_ctx drv; /* what the drivers see of this run, set when it starts */
};

/* Station-level loss (reader gone, printer offline): the run ends with
 * "Bail out!" and exit 3 after the current test. */
void run_bail(struct run *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Monotonic seconds, and the same scaled by the run's time scale (what a
 * suite sees as elapsed time in a time-scaled simulated run). */
double run_mono(void);

#endif
