/* The simulated station: `bench sim up|down|status`. A station file's `sim:`
 * map names the simulators to start (private pcscd + simulated cards,
 * ippeveprinter + print engine, Modbus chamber, ...). Their state (pids,
 * sockets, ports) lives in a state directory: $BENCH_SIM_DIR if set, else one
 * derived from the station file's absolute path, so parallel tests that set
 * their own BENCH_SIM_DIR never share a simulator. Roles reach a simulator
 * through their `sim: NAME` option and sim_get(). */
#ifndef BENCH_SIM_H
#define BENCH_SIM_H

#include <stddef.h>
#include <stdio.h>

#include "err.h"
#include "station.h"

/* Validates the `sim:` map (called by station_load; file:line:col errors). */
int sim_check(const struct station *st, struct err *e);

/* Starts every simulator of the station that is not running yet. */
int sim_up(const struct station *st, double time_scale, struct err *e);
int sim_down(const struct station *st, struct err *e);
/* 1 when every simulator of the station is running. */
int sim_is_up(const struct station *st);
int sim_status(const struct station *st, FILE *out, struct err *e);

/* A value a running simulator published for drivers: e.g. for a pcscd
 * simulator "socket" (the PCSCLITE_CSOCK_NAME path); for a printer "uri". */
int sim_get(const struct station *st, const char *sim, const char *key, char *buf, size_t len,
            struct err *e);

/* `bench sim ...` (argv[0] is "sim"); returns the exit code. */
int sim_main(int argc, char **argv);

#endif
