/* run.json read back (bench resume / report / verify). JSON is YAML, so the
 * station file's loader reads it and errors name run.json:line:col. */
#ifndef BENCH_RUNINFO_H
#define BENCH_RUNINFO_H

#include "bench/base/err.h"

struct ynode;

struct runinfo {
	struct ynode *root;
	char dir[4096];
};

int runinfo_load(const char *dir, struct runinfo *ri, struct err *e);
void runinfo_free(struct runinfo *ri);
/* The string value of a top-level key, or def when absent or null. */
const char *runinfo_str(const struct runinfo *ri, const char *key, const char *def);
/* The run's time scale (1 when real time). A scaled run is a simulation:
 * every report of it must say SIMULATED. */
double runinfo_time_scale(const struct runinfo *ri);

#endif
