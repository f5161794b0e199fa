/* The files of reports/<run-id>/ that every run writes. */
#ifndef BENCH_RUNFILES_H
#define BENCH_RUNFILES_H

#include "bench/base/err.h"

struct run;

/* Picks the run id, creates outdir/<id>/ and opens results.tap (teed to
 * stdout), measurements.csv and trace.log. */
int runfiles_open(struct run *r, const char *outdir, struct err *e);
/* Writes run.json and closes everything; code is the run's exit code. */
int runfiles_close(struct run *r, int code, struct err *e);

/* bench run's entry (run.c). */
int run_main(struct run *r, char **args, int nargs, const char *outdir, struct err *e);

#endif
