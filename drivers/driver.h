/* A driver binds a station role to a real protocol and gives suites a Lua
 * object for it. One driver per file under drivers/, listed in
 * drivers/registry.c. */
#ifndef BENCH_DRIVER_H
#define BENCH_DRIVER_H

#include <stddef.h>

#include <lua.h>

#include "bench/base/err.h"
#include "bench/base/schema.h"
#include "bench/engine/station.h"

struct run;

struct driver {
	const char *name; /* the `driver:` value in a station file */
	const char *doc;  /* one line for `bench list` / docs */
	/* Options a role of this driver accepts, besides `driver` and `sim`;
	 * ended by {NULL}. Checked at station load, with file:line:col. */
	const struct opt_spec *opts;
	/* Opens the device and pushes one Lua value (its object) on L. Called the
	 * first time a test that needs the role runs; the object lives until the
	 * end of the suite file. Must not block longer than the role's timeout. */
	int (*open)(lua_State *L, struct run *run, const struct role *role, struct err *e);
	/* Optional: checks option values (not just types) at station load, so
	 * `bench check --station` catches `protocol: T=2`; file:line:col errors. */
	int (*check)(const struct role *role, struct err *e);
};

const struct driver *driver_find(const char *name);
/* Names of all drivers, comma-separated, into buf (for error messages). */
void driver_names(char *buf, size_t len);

#endif
