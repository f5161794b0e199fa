/* The commands of bench: each takes argv with argv[0] the command name and
 * returns the exit code (main.c lists them). */
#ifndef BENCH_CLI_H
#define BENCH_CLI_H

#include <stdio.h>

#include "bench/base/base.h"

struct station;

/* --time-scale is 1 (real time) to this: 11.6 simulated days a second. */
#define TIME_SCALE_MAX 1e6

int cmd_run(int argc, char **argv);    /* cli.c */
int cmd_list(int argc, char **argv);   /* cli.c */
int cmd_check(int argc, char **argv);  /* cli.c */
int cmd_resume(int argc, char **argv); /* resume.c */
int cmd_report(int argc, char **argv); /* report.c */
int cmd_verify(int argc, char **argv); /* verify.c */
int cmd_sim(int argc, char **argv);    /* sim.c */
int cmd_runs(int argc, char **argv);   /* runs.c */
int cmd_plan(int argc, char **argv);   /* plan.c */
int cmd_tail(int argc, char **argv);   /* tail.c */

/* bench verify's check of scans/ against the trace lines that record
 * each image's SHA-256 (verify_scans.c); 0, or -1 with e (exit 1). */
int verify_scans(const char *dir, struct err *e);

/* bench report's work (report.c): junit.xml, report.html and the manifest
 * of dir, signed with key, else with its station's lab key, or unsigned. */
int report_rebuild(const char *dir, const char *key, int unsigned_, struct err *e);
/* The same with --lang / --pdf (report.h struct report_opts; NULL: none). */
struct report_opts;
int report_rebuild_as(const char *dir, const char *key, int unsigned_, const struct report_opts *o,
                      struct err *e);
/* --lang's value for run, resume and report: "zh" or "en", else a message
 * on stderr and -1. */
int lang_option(const char *arg, const char **out);

/* bench plan's table (plan.c), which bench run prints on stderr first:
 * the suites' tests, roles and expected times, the campaign's serial and
 * side-by-side wall time. out: the reports directory whose index gives the
 * durations of earlier runs. */
struct plan_opts {
	const char *out, *filter;
	double time_scale;
};
int plan_print(FILE *f, const struct station *st, char **args, int nargs, const struct plan_opts *o,
               struct err *e);
/* The same table on stderr for a run that has started (struct run's
 * announce). */
struct run;
struct suite;
void plan_announce(const struct run *r, const struct suite *suites, int n);

/* Checks what station_load leaves to the drivers and the simulators: each
 * role's driver and options, the sim: map; then gives st its simulators. */
int station_check(struct station *st, struct err *e);
/* station_load + station_check: every command loads its station this way. */
int station_open(const char *path, struct station *st, struct err *e);
/* The files a run reads besides the station file: the key file (private,
 * valid) and the lab key (private, a key that loads). run, resume and check
 * call it before anything runs; report does not, so a lab key gone missing
 * still makes it refuse to write an unsigned manifest. Errors name the
 * station file's line. */
int station_files(const struct station *st, struct err *e);

#endif
