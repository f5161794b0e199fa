/* The run history: reports/.runs.sqlite, an index of every run directory
 * under a reports directory (docs/evidence.md "The run index"). The run
 * directories stay the evidence; the index can always be rebuilt from them,
 * so nothing here may fail a run: a missing or corrupt index is said on
 * stderr and rebuilt. */
#ifndef BENCH_HISTORY_H
#define BENCH_HISTORY_H

#include <stdio.h>

#include "bench/base/base.h"

/* Hidden: the run directories stay the only entries of reports/ that a
 * lab's scripts (a glob over reports/) see. */
#define HISTORY_DB    ".runs.sqlite"
#define HISTORY_INDEX "index.html"

/* Indexes (or re-indexes) the run in rundir into the index of its parent
 * folder; nothing when rundir has no run.json. Never fails: problems go to
 * stderr as warnings. */
void history_add(const char *rundir);

/* Builds the index of outdir afresh from its run directories (under the
 * lock, in one transaction). */
int history_rebuild(const char *outdir, struct err *e);

/* What `bench runs` lists: runs (newest last), optionally only those of DUT
 * serial dut; with test, that test's verdict and measured values per run. */
struct history_query {
	const char *dut;  /* or NULL */
	const char *test; /* or NULL */
};
int history_list(const char *outdir, const struct history_query *q, FILE *out, struct err *e);

/* outdir/index.html: the runs table and, per DUT model, a trend plot per
 * test and measurement across its runs. */
int history_index(const char *outdir, struct err *e);

/* The real seconds test took in the latest run of station (its path as
 * run.json records it) at time_scale that ran it: 1 found, 0 none, -1 no
 * index (nothing said). */
int history_duration(const char *outdir, const char *station, double time_scale, const char *test,
                     double *secs);

/* A clause's verdict from its tests' verdicts ("pass" "fail" "skip" "todo"):
 * "fail" if any failed, else "pass" if any passed, else "not tested". */
const char *history_clause_verdict(int pass, int fail, int skip, int inconclusive);

#endif
