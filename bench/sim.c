/* The simulated station: `bench sim up|down|status`.
 *
 * Each kind of simulator is a `struct sim_kind` (sim_kind.h) in its own
 * file, owning some keys of the station's `sim:` map; adding one is one line
 * in `kinds` below, e.g. for the printer
 *     extern const struct sim_kind sim_ipp;      (in sim_kind.h)
 *     &sim_ipp,                                  (here; code in sim_ipp.c)
 * plus its object in bench/bench.ninja. A kind runs when the station's
 * `sim:` map has one of its keys. Its processes run in their own sessions
 * with pid files in the state directory, so `down` (or the next `up` after a
 * crash) finds and kills whole process groups. */
#include "sim.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sim_kind.h"

static const struct sim_kind *const kinds[] = {
    /* Chambers first: simulated cards read their relay/actuator. */
    &sim_chamber,
    &sim_acsource,
    &sim_pcsc,
    &sim_ipp,
};

#define NKINDS (sizeof kinds / sizeof kinds[0])

static int owns(const struct sim_kind *k, const char *key)
{
	for (const char *const *p = k->keys; *p; p++)
		if (strcmp(*p, key) == 0)
			return 1;
	return 0;
}

static int used(const struct station *st, const struct sim_kind *k)
{
	for (size_t i = 0; st->sim && i < st->sim->nkids; i++)
		if (owns(k, st->sim->kids[i].key))
			return 1;
	return 0;
}

int sim_check(const struct station *st, struct err *e)
{
	if (!st->sim)
		return 0;
	if (st->sim->kind != YN_MAP)
		return ynode_err(e, st->sim, "sim must be a map of simulators");
	for (size_t i = 0; i < st->sim->nkids; i++) {
		size_t k = 0;
		while (k < NKINDS && !owns(kinds[k], st->sim->kids[i].key))
			k++;
		if (k == NKINDS)
			return ynode_err(e, &st->sim->kids[i], "unknown simulator '%s'",
			                 st->sim->kids[i].key);
	}
	for (size_t k = 0; k < NKINDS; k++)
		if (used(st, kinds[k]) && kinds[k]->check(st, e) < 0)
			return -1;
	return 0;
}

/* $BENCH_SIM_DIR, else /tmp/bench-sim-<uid>-<hash of the station's path>. */
static int ctx_init(const struct station *st, struct sim_ctx *c, double scale, int create,
                    struct err *e)
{
	c->st = st;
	c->time_scale = scale;
	const char *env = getenv("BENCH_SIM_DIR");
	if (env && *env) {
		snprintf(c->dir, sizeof c->dir, "%s", env);
	} else {
		char abs[PATH_MAX];
		const char *p = realpath(st->path, abs) ? abs : st->path;
		unsigned long h = 5381;
		for (; *p; p++)
			h = h * 33 ^ (unsigned char)*p;
		snprintf(c->dir, sizeof c->dir, "/tmp/bench-sim-%u-%08lx", (unsigned)getuid(),
		         h & 0xFFFFFFFFul);
	}
	if (create && mkdir(c->dir, 0700) < 0 && errno != EEXIST)
		return err_set(e, EXIT_BAIL, "sim: cannot create state dir %s: %s", c->dir,
		               strerror(errno));
	return 0;
}

int sim_up(const struct station *st, double time_scale, struct err *e)
{
	struct sim_ctx c;
	if (ctx_init(st, &c, time_scale, 1, e) < 0)
		return -1;
	for (size_t k = 0; k < NKINDS; k++) {
		if (used(st, kinds[k]) && kinds[k]->up(&c, e) < 0) {
			/* A half-started station is useless: leave nothing running. */
			for (size_t j = k + 1; j-- > 0;)
				if (used(st, kinds[j]))
					kinds[j]->down(&c);
			return -1;
		}
	}
	return 0;
}

int sim_down(const struct station *st, struct err *e)
{
	struct sim_ctx c;
	if (ctx_init(st, &c, 1.0, 0, e) < 0)
		return -1;
	for (size_t k = NKINDS; k-- > 0;)
		if (used(st, kinds[k]))
			kinds[k]->down(&c);
	return 0;
}

int sim_is_up(const struct station *st)
{
	struct sim_ctx c;
	if (ctx_init(st, &c, 1.0, 0, NULL) < 0)
		return 0;
	for (size_t k = 0; k < NKINDS; k++)
		if (used(st, kinds[k]) && !kinds[k]->is_up(&c))
			return 0;
	return 1;
}

int sim_status(const struct station *st, FILE *out, struct err *e)
{
	struct sim_ctx c;
	if (ctx_init(st, &c, 1.0, 0, e) < 0)
		return -1;
	fprintf(out, "state\t%s\n", c.dir);
	for (size_t k = 0; k < NKINDS; k++)
		if (used(st, kinds[k]))
			kinds[k]->status(&c, out);
	return 0;
}

int sim_get(const struct station *st, const char *sim, const char *key, char *buf, size_t len,
            struct err *e)
{
	struct sim_ctx c;
	if (ctx_init(st, &c, 1.0, 0, e) < 0)
		return -1;
	for (size_t k = 0; k < NKINDS; k++) {
		if (!used(st, kinds[k]))
			continue;
		int r = kinds[k]->get(&c, sim, key, buf, len, e);
		if (r <= 0)
			return r;
	}
	return err_set(e, EXIT_USAGE, "%s: no simulator named '%s' in its sim: section", st->path,
	               sim);
}

static int sim_usage(void)
{
	fprintf(stderr, "usage: bench sim up|down|status [--station FILE]\n");
	return EXIT_USAGE;
}

int sim_main(int argc, char **argv)
{
	const char *station = "bench/fixtures/sim.yaml", *cmd = NULL;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--station") == 0 && i + 1 < argc)
			station = argv[++i];
		else if (!cmd && argv[i][0] != '-')
			cmd = argv[i];
		else
			return sim_usage();
	}
	if (!cmd || (strcmp(cmd, "up") && strcmp(cmd, "down") && strcmp(cmd, "status")))
		return sim_usage();
	struct station st;
	struct err e = {0};
	if (station_load(station, &st, &e) < 0) {
		fprintf(stderr, "bench sim: %s\n", e.msg);
		return e.code ? e.code : EXIT_USAGE;
	}
	int rc = 0;
	if (!st.sim)
		rc = err_set(&e, EXIT_USAGE, "%s: no sim: section", station);
	else if (strcmp(cmd, "up") == 0)
		rc = sim_up(&st, 1.0, &e);
	else if (strcmp(cmd, "down") == 0)
		rc = sim_down(&st, &e);
	else
		rc = sim_status(&st, stdout, &e);
	station_free(&st);
	if (rc < 0) {
		fprintf(stderr, "bench sim %s: %s\n", cmd, e.msg);
		return e.code ? e.code : EXIT_BAIL;
	}
	return 0;
}
