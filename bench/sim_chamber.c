/* The "chambers" and "ac_sources" simulator kinds: our Modbus TCP climate
 * chamber (bench/fixtures/chamber) and SCPI AC source
 * (bench/fixtures/acsource), each on a free loopback port it picks itself and
 * publishes in the state directory. The chamber runs its dynamics at the
 * run's --time-scale; an `up` at another scale restarts it. Options:
 * docs/station.md "## chamber". */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "schema.h"
#include "sim_kind.h"

enum { READY_TIMEOUT_MS = 5000, MAX_FAULTS = 8 };

static const struct opt_spec chamber_spec[] = {
    {"name", OPT_STRING, 1, "simulator name roles use (`sim: NAME`)"},
    {"seed", OPT_INT, 0, "noise seed (fixed by default: runs repeat)"},
    {"faults", OPT_LIST, 0, "drift=AFTER_S:DELTA_C, noanswer=AT_S, alarm=AT_S, humidity=MAX_RH"},
    {NULL, 0, 0, NULL},
};

static const struct opt_spec source_spec[] = {
    {"name", OPT_STRING, 1, "simulator name roles use (`sim: NAME`)"},
    {NULL, 0, 0, NULL},
};

struct flavour {
	const char *key;    /* the sim: list */
	const char *prefix; /* state file prefix */
	const char *exe;    /* under fixtures/ next to the bench binary */
	const char *env;    /* overrides the program path */
	const struct opt_spec *spec;
};

static const struct flavour chambers = {"chambers", "chamber", "chamber/chamber", "BENCH_CHAMBER",
                                        chamber_spec};
static const struct flavour sources = {"ac_sources", "acsource", "acsource/acsource",
                                       "BENCH_ACSOURCE", source_spec};

static const struct ynode *list(const struct station *st, const struct flavour *f)
{
	return st->sim ? ynode_get(st->sim, f->key) : NULL;
}

static const char *nm(const struct ynode *p)
{
	return ynode_get(p, "name")->str;
}

static int check(const struct station *st, const struct flavour *f, struct err *e)
{
	const struct ynode *l = list(st, f);
	if (!l)
		return 0;
	if (l->kind != YN_SEQ)
		return ynode_err(e, l, "sim.%s must be a list", f->key);
	for (size_t i = 0; i < l->nkids; i++) {
		const struct ynode *p = &l->kids[i];
		if (schema_check(p, f->spec, NULL, e))
			return -1;
		const struct ynode *fl = ynode_get(p, "faults");
		if (fl && fl->nkids > MAX_FAULTS)
			return ynode_err(e, fl, "at most %d faults", MAX_FAULTS);
		for (size_t k = 0; fl && k < fl->nkids; k++)
			if (fl->kids[k].kind != YN_SCALAR)
				return ynode_err(e, &fl->kids[k],
				                 "a fault is a string like drift=3600:4");
	}
	return 0;
}

static void state(const struct sim_ctx *c, const struct flavour *f, const char *name,
                  const char *ext, char *buf, size_t len)
{
	if (snprintf(buf, len, "%s/%s-%s.%s", c->dir, f->prefix, name, ext) >= (int)len)
		buf[0] = '\0';
}

static void exe_path(const struct flavour *f, char *buf, size_t len)
{
	sim_program(f->env, f->exe, buf, len);
}

static int start(const struct sim_ctx *c, const struct flavour *f, const struct ynode *p,
                 struct err *e)
{
	char exe[PATH_MAX], port[4200], log[4200], pid[4200], scale[32], seed[32];
	exe_path(f, exe, sizeof exe);
	state(c, f, nm(p), "port", port, sizeof port);
	state(c, f, nm(p), "log", log, sizeof log);
	state(c, f, nm(p), "pid", pid, sizeof pid);
	unlink(port);
	snprintf(scale, sizeof scale, "%g", c->time_scale > 0 ? c->time_scale : 1);
	const struct ynode *s = ynode_get(p, "seed"), *fl = ynode_get(p, "faults");
	snprintf(seed, sizeof seed, "%s", s ? s->str : "1");
	char *argv[8 + 2 * MAX_FAULTS] = {exe, "--port", "0", "--port-file", port};
	int n = 5;
	if (f == &chambers) {
		argv[n++] = "--time-scale", argv[n++] = scale;
		argv[n++] = "--seed", argv[n++] = seed;
		for (size_t k = 0; fl && k < fl->nkids; k++)
			argv[n++] = "--fault", argv[n++] = fl->kids[k].str;
	}
	argv[n] = NULL;
	if (sim_spawn(argv, log, pid, e))
		return -1;
	for (int ms = 0; access(port, R_OK) != 0; ms += 20) {
		if (ms >= READY_TIMEOUT_MS || !sim_alive(pid))
			return err_set(e, EXIT_BAIL, "%s %s: not listening after %d ms (see %s)",
			               f->prefix, nm(p), ms, log);
		nanosleep(&(struct timespec){.tv_nsec = 20000000}, NULL);
	}
	state(c, f, nm(p), "scale", port, sizeof port);
	return sim_write_file(port, scale, e);
}

static int is_up(const struct sim_ctx *c, const struct flavour *f)
{
	const struct ynode *l = list(c->st, f);
	char path[4200];
	for (size_t i = 0; l && i < l->nkids; i++) {
		state(c, f, nm(&l->kids[i]), "pid", path, sizeof path);
		if (!sim_alive(path))
			return 0;
		state(c, f, nm(&l->kids[i]), "port", path, sizeof path);
		if (access(path, R_OK) != 0)
			return 0;
	}
	return 1;
}

static void down(const struct sim_ctx *c, const struct flavour *f)
{
	const struct ynode *l = list(c->st, f);
	char path[4200];
	for (size_t i = 0; l && i < l->nkids; i++) {
		state(c, f, nm(&l->kids[i]), "pid", path, sizeof path);
		sim_stop(path);
		state(c, f, nm(&l->kids[i]), "port", path, sizeof path);
		unlink(path);
	}
}

/* Running at another time scale counts as not running: the dynamics would lie. */
static int same_scale(const struct sim_ctx *c, const struct flavour *f)
{
	const struct ynode *l = list(c->st, f);
	char path[4200], buf[32], want[32];
	snprintf(want, sizeof want, "%g", c->time_scale > 0 ? c->time_scale : 1);
	for (size_t i = 0; f == &chambers && l && i < l->nkids; i++) {
		state(c, f, nm(&l->kids[i]), "scale", path, sizeof path);
		if (sim_read_file(path, buf, sizeof buf) || strcmp(buf, want))
			return 0;
	}
	return 1;
}

static int up(const struct sim_ctx *c, const struct flavour *f, struct err *e)
{
	const struct ynode *l = list(c->st, f);
	if (is_up(c, f) && same_scale(c, f))
		return 0;
	down(c, f);
	for (size_t i = 0; l && i < l->nkids; i++)
		if (start(c, f, &l->kids[i], e)) {
			down(c, f);
			return -1;
		}
	return 0;
}

static void status(const struct sim_ctx *c, const struct flavour *f, FILE *out)
{
	const struct ynode *l = list(c->st, f);
	char path[4200], port[32], scale[32] = "1";
	for (size_t i = 0; l && i < l->nkids; i++) {
		const char *name = nm(&l->kids[i]);
		state(c, f, name, "pid", path, sizeof path);
		pid_t pid = sim_alive(path);
		state(c, f, name, "port", path, sizeof path);
		int has = sim_read_file(path, port, sizeof port) == 0;
		state(c, f, name, "scale", path, sizeof path);
		sim_read_file(path, scale, sizeof scale);
		if (pid && has)
			fprintf(out, "%s %s\trunning\tpid %d\t127.0.0.1:%s\ttime scale %s\n",
			        f->prefix, name, (int)pid, port, scale);
		else
			fprintf(out, "%s %s\tstopped\n", f->prefix, name);
	}
}

static int get(const struct sim_ctx *c, const struct flavour *f, const char *sim, const char *key,
               char *buf, size_t len, struct err *e)
{
	const struct ynode *l = list(c->st, f);
	size_t i = 0;
	char path[4200];
	while (l && i < l->nkids && strcmp(nm(&l->kids[i]), sim))
		i++;
	if (!l || i == l->nkids)
		return 1;
	if (strcmp(key, "port") && strcmp(key, "scale"))
		return err_set(e, EXIT_USAGE, "simulator %s has no value '%s' (port, scale)", sim,
		               key);
	state(c, f, sim, key, path, sizeof path);
	if (sim_read_file(path, buf, len) == 0)
		return 0;
	return err_set(e, EXIT_BAIL, "simulator %s: not running (no %s); `bench sim up`", sim,
	               path);
}

#define KIND(var, fl, label)                                                                       \
	static int var##_check(const struct station *st, struct err *e)                            \
	{                                                                                          \
		return check(st, &fl, e);                                                          \
	}                                                                                          \
	static int var##_up(const struct sim_ctx *c, struct err *e)                                \
	{                                                                                          \
		return up(c, &fl, e);                                                              \
	}                                                                                          \
	static void var##_down(const struct sim_ctx *c)                                            \
	{                                                                                          \
		down(c, &fl);                                                                      \
	}                                                                                          \
	static int var##_is_up(const struct sim_ctx *c)                                            \
	{                                                                                          \
		return is_up(c, &fl);                                                              \
	}                                                                                          \
	static void var##_status(const struct sim_ctx *c, FILE *out)                               \
	{                                                                                          \
		status(c, &fl, out);                                                               \
	}                                                                                          \
	static int var##_get(const struct sim_ctx *c, const char *sim, const char *key, char *buf, \
	                     size_t len, struct err *e)                                            \
	{                                                                                          \
		return get(c, &fl, sim, key, buf, len, e);                                         \
	}                                                                                          \
	const struct sim_kind var = {label,        (const char *const[]){label, NULL},             \
	                             var##_check,  var##_up,                                       \
	                             var##_down,   var##_is_up,                                    \
	                             var##_status, var##_get};

KIND(sim_chamber, chambers, "chambers")
KIND(sim_acsource, sources, "ac_sources")
