/* The station file: which device plays which role, and who the DUT is. */
#ifndef BENCH_STATION_H
#define BENCH_STATION_H

#include <stddef.h>

#include "bench/base/err.h"
#include "bench/base/ynode.h"

struct driver;

struct role {
	const char *name;            /* "card", "printer", ... */
	const struct driver *driver; /* never NULL after a successful load */
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
};

int station_load(const char *path, struct station *st, struct err *e);
void station_free(struct station *st);
const struct role *station_role(const struct station *st, const char *name);

/* Resolves a path option relative to the station file's directory into buf. */
const char *station_path(const struct station *st, const char *p, char *buf, size_t len);

/* Driver options of a role. Each returns def when the key is absent. */
const char *role_str(const struct role *r, const char *key, const char *def);
long role_int(const struct role *r, const char *key, long def);
double role_num(const struct role *r, const char *key, double def);

#endif
