/* The commands of bench: each takes argv with argv[0] the command name and
 * returns the exit code (main.c lists them). */
#ifndef BENCH_CLI_H
#define BENCH_CLI_H

#include "bench/base/base.h"

struct station;

int cmd_run(int argc, char **argv);    /* cli.c */
int cmd_list(int argc, char **argv);   /* cli.c */
int cmd_check(int argc, char **argv);  /* cli.c */
int cmd_resume(int argc, char **argv); /* resume.c */
int cmd_report(int argc, char **argv); /* report.c */
int cmd_verify(int argc, char **argv); /* verify.c */
int cmd_sim(int argc, char **argv);    /* sim.c */

/* Checks what station_load leaves to the drivers and the simulators: each
 * role's driver and options, the sim: map; then gives st its simulators. */
int station_check(struct station *st, struct err *e);
/* station_load + station_check: every command loads its station this way. */
int station_open(const char *path, struct station *st, struct err *e);

#endif
