/* The station file: which device plays which role, and who the DUT is. */
#ifndef BENCH_STATION_H
#define BENCH_STATION_H

#include <stddef.h>

#include "bench/base/err.h"
#include "bench/base/ynode.h"

struct driver;

struct role {
	const char *name;            /* "card", "printer", ... */
	const char *driver_name;     /* the `driver:` value */
	const struct driver *driver; /* set by station_check (bench/), never NULL after it */
	const struct ynode *node;    /* the role's map: driver options live here */
	const char *sim;             /* simulator this role talks to, or NULL */
};

struct dut {
	const char *maker, *model, *serial, *firmware;
	const char *class; /* "desktop", "portable", "self-service", ... or NULL */
};

struct station {
	char *path;         /* as given */
	struct ynode *root; /* owns every string below */
	const char *name;
	int simulated;       /* station.simulated: true */
	const char *keys;    /* key file as written; station_path() resolves it */
	const char *lab_key; /* signing key as written; station_path() resolves it */
	struct dut dut;
	struct role *roles;
	size_t nroles;
	const struct ynode *sim; /* the `sim:` map, or NULL */
	char dir[4096];          /* directory of the station file: relative paths resolve here */
	/* The simulators of the `sim:` map (bench/fixtures), set by station_check
	 * in bench/: the engine and the drivers reach them only through this, so
	 * neither links a simulator. NULL: none can be reached. */
	const struct sim_ops *sims;
};

/* The simulated station as the engine (start, stop) and the drivers (where
 * is my simulator?) see it; bench/fixtures/supervisor implements it. */
struct sim_ops {
	int (*is_up)(const struct station *st);
	int (*up)(const struct station *st, double time_scale, struct err *e);
	int (*down)(const struct station *st, struct err *e);
	/* A value a running simulator published: e.g. for a pcscd simulator
	 * "socket", for a printer "uri". */
	int (*get)(const struct station *st, const char *sim, const char *key, char *buf,
	           size_t len, struct err *e);
};

/* Reads and checks the file's own structure (settings, DUT, roles with a
 * driver name). What depends on the drivers and simulators (options of each
 * role, the sim: map) is station_check's, in bench/. */
int station_load(const char *path, struct station *st, struct err *e);
void station_free(struct station *st);
const struct role *station_role(const struct station *st, const char *name);

/* st->sims->get, or an error when the station has no simulators to ask. */
int station_sim_get(const struct station *st, const char *sim, const char *key, char *buf,
                    size_t len, struct err *e);

/* Resolves a path option relative to the station file's directory into buf. */
const char *station_path(const struct station *st, const char *p, char *buf, size_t len);

/* Driver options of a role. Each returns def when the key is absent. */
const char *role_str(const struct role *r, const char *key, const char *def);
long role_int(const struct role *r, const char *key, long def);
double role_num(const struct role *r, const char *key, double def);

#endif
