/* netpower: one port of a network power switch, as labgrid's
 * NetworkPowerPort resource describes it (model rest or simplerest, its
 * `host` URL template, index). The Lua object has the relay face of
 * modbus-relay, so `dut_power` can be either: power:set(1, on),
 * power:get(1), power:pulse(1, seconds), power:sensed(1) (nil: no sense
 * input); port 1 is the switch's port. */
#include <string.h>
#include <time.h>

#include <lauxlib.h>

#include "driver.h"
#include "netpower_io.h"

#define MT "bench.netpower"

struct pwdev {
	struct netpower p;
	char role[64];
	const struct drv_ctx *ctx;
};

static struct pwdev *check(lua_State *L)
{
	struct pwdev *d = luaL_checkudata(L, 1, MT);
	lua_Integer n = luaL_checkinteger(L, 2);
	if (n != 1)
		luaL_error(L, "%s: a power port has one output, 1 (got %d)", d->role, (int)n);
	return d;
}

static void set(lua_State *L, struct pwdev *d, int on)
{
	struct err e = {0};
	int rc = netpower_set(&d->p, on, &e);
	trace_exchange(d->ctx->trace, d->role, "power", on ? "on" : "off", rc ? e.msg : "ok", -1);
	if (rc)
		drv_error(L, d->ctx, d->role, "%s", e.msg);
}

static int pw_set(lua_State *L)
{
	struct pwdev *d = check(L);
	luaL_checktype(L, 3, LUA_TBOOLEAN);
	set(L, d, lua_toboolean(L, 3));
	return 0;
}

static int pw_get(lua_State *L)
{
	struct pwdev *d = check(L);
	struct err e = {0};
	int on = 0, rc = netpower_get(&d->p, &on, &e);
	trace_exchange(d->ctx->trace, d->role, "power", "get", rc ? e.msg : on ? "on" : "off", -1);
	if (rc)
		return drv_error(L, d->ctx, d->role, "%s", e.msg);
	lua_pushboolean(L, on);
	return 1;
}

/* No sense input: a switch's port reads back its own state only (get). */
static int pw_sensed(lua_State *L)
{
	check(L);
	return 0;
}

/* Real time, never scaled, like modbus-relay's pulse. */
static int pw_pulse(lua_State *L)
{
	struct pwdev *d = check(L);
	double s = luaL_checknumber(L, 3);
	luaL_argcheck(L, s >= 0 && s <= 3600, 3, "0..3600 seconds");
	set(L, d, 1);
	struct timespec ts = {(time_t)s, (long)((s - (time_t)s) * 1e9)};
	while (nanosleep(&ts, &ts))
		;
	set(L, d, 0);
	return 0;
}

static int open_pw(lua_State *L, const struct drv_ctx *ctx, const struct role *ro, struct err *e)
{
	struct pwdev *d = lua_newuserdatauv(L, sizeof *d, 0);
	memset(d, 0, sizeof *d);
	d->ctx = ctx;
	snprintf(d->role, sizeof d->role, "%s", ro->name);
	if (netpower_init(&d->p, role_str(ro, "model", "rest"), role_str(ro, "url", ""),
	                  (int)role_int(ro, "index", 0), (int)role_int(ro, "timeout_ms", 3000),
	                  e)) {
		lua_pop(L, 1);
		return err_prefix(e, "role %s", ro->name);
	}
	static const luaL_Reg m[] = {{"set", pw_set},
	                             {"get", pw_get},
	                             {"pulse", pw_pulse},
	                             {"sensed", pw_sensed},
	                             {NULL, NULL}};
	lapi_setclass(L, MT, m, NULL, NULL);
	return 0;
}

static int check_pw(const struct station *st, const struct role *ro, struct err *e)
{
	(void)st;
	struct netpower p;
	if (netpower_init(&p, role_str(ro, "model", "rest"), role_str(ro, "url", ""), 0, 0, e))
		return err_prefix(e, "role %s", ro->name);
	return 0;
}

static const struct opt_spec pw_opts[] = {
    {"model", OPT_STRING, 0, "labgrid power model: rest (default) or simplerest"},
    {"url", OPT_STRING, 1, "labgrid's host: http://HOST[:PORT]/PATH with {index} ({value})"},
    {"index", OPT_INT, 0, "port on the switch (0)"},
    {"timeout_ms", OPT_INT, 0, "per request (3000)"},
    {NULL, 0, 0, NULL},
};

const struct driver netpower_driver = {
    .name = "netpower",
    .doc = "network power switch port (labgrid NetworkPowerPort: rest, simplerest)",
    .opts = pw_opts,
    .open = open_pw,
    .check = check_pw,
};
