/* Internal to the simulated station: one `struct sim_kind` per kind of
 * simulator (sim.c lists them), and the process/file helpers they share
 * (sim_proc.c). */
#ifndef BENCH_SIM_KIND_H
#define BENCH_SIM_KIND_H

#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

#include "err.h"
#include "station.h"

struct sim_ctx {
	const struct station *st;
	char dir[4096]; /* state directory, created by sim_up */
	double time_scale;
};

struct sim_kind {
	const char *name;
	const char *const *keys; /* the keys of `sim:` this kind owns (NULL-ended) */
	int (*check)(const struct station *st, struct err *e);
	int (*up)(const struct sim_ctx *c, struct err *e);
	void (*down)(const struct sim_ctx *c);
	int (*is_up)(const struct sim_ctx *c);
	void (*status)(const struct sim_ctx *c, FILE *out);
	/* 1: `sim` is not one of this kind's simulators; 0 found; -1 error. */
	int (*get)(const struct sim_ctx *c, const char *sim, const char *key, char *buf, size_t len,
	           struct err *e);
};

extern const struct sim_kind sim_pcsc;
extern const struct sim_kind sim_ipp;
extern const struct sim_kind sim_chamber, sim_acsource;

/* Starts argv in its own session (so `down` can kill the whole process
 * group) with stdout/stderr appended to log; writes the pid to pidfile. */
int sim_spawn(char *const argv[], const char *log, const char *pidfile, struct err *e);
/* The pid recorded in pidfile if that process still runs, else 0. */
pid_t sim_alive(const char *pidfile);
/* SIGTERM to the process group, SIGKILL after 3 s; removes pidfile. */
void sim_stop(const char *pidfile);
/* A TCP port p on 127.0.0.1 with p..p+n-1 all free right now, below the
 * kernel's ephemeral range. */
int sim_free_ports(int n, struct err *e);
/* Who listens on TCP port: 1 process pid, 0 nobody yet, -1 someone else (a
 * parallel station that picked the same port first). */
int sim_port_owner(int port, pid_t pid);
/* Size of a file (0 if absent), and whether a line after offset from
 * contains needle: what a simulator logged since it was started. */
long sim_file_size(const char *path);
int sim_log_says(const char *path, long from, const char *needle);
int sim_write_file(const char *path, const char *text, struct err *e);
int sim_read_file(const char *path, char *buf, size_t len);
/* path = dir/name, or an error when it does not fit. */
int sim_path(char *buf, size_t len, const char *dir, const char *name, struct err *e);
/* Path of a simulator program of ours: $env if set, else <bench's folder>/
 * fixtures/<rel> (simulators are built next to bench, in either variant).
 * buf is "" when it does not fit. */
void sim_program(const char *env, const char *rel, char *buf, size_t len);

#endif
