/* The driver contract: a driver binds a station role to a real protocol and
 * gives suites a Lua object for it. One driver per drivers/<proto>.c, listed
 * in drivers/registry.c. A driver includes this header and its own
 * <proto>_io.h and nothing of the engine: what it may know of the run is
 * struct drv_ctx, what it may call of bench is declared here. */
#ifndef DRIVERS_DRIVER_H
#define DRIVERS_DRIVER_H

#include <stddef.h>

#include <lua.h>

#include "bench/base/base.h"
#include "bench/lua/lualib.h"
#include "bench/record/record.h"

/* A blocking device call made off the Lua thread by ctx->call. It must be
 * bounded (every device call has a timeout) and touch no lua_State. */
typedef void (*drv_blocking_fn)(void *arg);

/* How a device call ended, for drv_ctx.health. */
enum drv_health {
	DRV_ANSWERED,  /* the device answered (whatever it said) */
	DRV_NO_ANSWER, /* no answer within the role's timeout */
	DRV_LOST,      /* the device is gone for good (its service or link died) */
};

/* What a driver sees of the run. It stays valid until the run ends. */
struct drv_ctx {
	const struct station *st; /* role options, station_path(), station_sim_get() */
	struct trace *trace;      /* every exchange goes here; NULL: not traced */
	const char *run_id;       /* unique per run: names printer jobs */
	const char *run_dir;      /* the run directory: evidence files (scans/) go here */
	double time_scale;        /* 1.0 real time; > 1 on a time-scaled simulated station */
	/* Runs fn(arg), then returns k(L, LUA_OK, kctx). In a branch of
	 * t:parallel, fn runs on the branch's helper thread while the other
	 * branches go on; anywhere else it runs right here. arg must stay valid
	 * until k runs: keep it in a userdata on L's stack. */
	int (*call)(lua_State *L, drv_blocking_fn fn, void *arg, lua_KFunction k,
	            lua_KContext kctx);
	/* The t:parallel branch L runs, or NULL: then call() runs fn at once and
	 * arg may live on the C stack. */
	const char *(*branch)(lua_State *L);
	/* Tells the engine how a call on role ended (on the Lua thread, before
	 * the driver raises its error); ctx is this one. DRV_LOST ends the run
	 * after the current test (exit 3, "Bail out!" with msg); DRV_NO_ANSWER
	 * fails only the test, unless the role never answered in
	 * DRV_MAX_MISSES tests in a row (a frozen or vanished device: the run
	 * bails out too); a test with one DRV_ANSWERED resets that count.
	 * docs/drivers.md "Lost devices". */
	void (*health)(const struct drv_ctx *ctx, const char *role, enum drv_health h,
	               const char *msg);
};

#define DRV_MAX_MISSES 3

struct driver {
	const char *name; /* the `driver:` value in a station file */
	const char *doc;  /* one line for `bench list` / docs */
	/* Options a role of this driver accepts, besides `driver` and `sim`;
	 * ended by {NULL}. Checked by station_check, with file:line:col. */
	const struct opt_spec *opts;
	/* Opens the device and pushes one Lua value (its object) on L. Called
	 * the first time a test that needs the role runs; the object lives until
	 * the end of the suite file. Must not block longer than the role's
	 * timeout. Returns 0, or -1 with e set (e->code EXIT_BAIL: the device is
	 * gone and the run bails out). */
	int (*open)(lua_State *L, const struct drv_ctx *ctx, const struct role *role,
	            struct err *e);
	/* Optional: checks option values (not just types) at station load, so
	 * `bench check --station` catches `protocol: T=2`, `port: -5` or a
	 * chamber profile that does not load; file:line:col errors. Every value
	 * open() will use must be checked here: a run refuses a bad station
	 * before its first test, not when a test opens the role. st: for
	 * station_path() and whether it is simulated; no device is touched. */
	int (*check)(const struct station *st, const struct role *role, struct err *e);
	/* Optional: opens a module suites reach as bench.<name> (e.g.
	 * bench.pcsc.readers()); pushes its table. */
	int (*luaopen)(lua_State *L);
};

const struct driver *driver_find(const char *name);
/* Names of all drivers, comma-separated, into buf (for error messages). */
void driver_names(char *buf, size_t len);
/* Sets bench.<name> for every driver that has a luaopen, in the table at
 * the top of L's stack. */
void driver_open_modules(lua_State *L);

/* Raises a Lua error for a device failure (timeout, card removed, no
 * answer), traced as an error line of role: the running test fails with
 * this message. Does not return. */
int drv_error(lua_State *L, const struct drv_ctx *ctx, const char *role, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#endif
