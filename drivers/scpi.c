/* scpi-ac-source: a programmable AC source driven by SCPI over TCP
 * (VOLT/FREQ/OUTP, the common subset of Chroma, Kikusui, Keysight and
 * iTech sources). source:set{volt=, freq=}, source:output(on),
 * source:measure() -> {volt=, freq=}, source:idn(). Each setting is checked
 * with SYST:ERR? so a refused value is an error, not a silent no-op. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <lauxlib.h>

#include "driver.h"
#include "scpi_io.h"

#define MT "bench.scpi-ac-source"

struct acdev {
	struct scpi s;
	char role[64];
	const struct drv_ctx *ctx;
};

static struct acdev *check(lua_State *L)
{
	struct acdev *d = luaL_checkudata(L, 1, MT);
	if (d->s.fd < 0)
		luaL_error(L, "%s: closed", d->role);
	return d;
}

static void trace(struct acdev *d, const char *req, const char *resp)
{
	trace_exchange(d->ctx->trace, d->role, "scpi", req, resp, -1);
}

static void cmd(lua_State *L, struct acdev *d, const char *c)
{
	struct err e = {0};
	int rc = scpi_command(&d->s, c, &e);
	trace(d, c, rc ? e.msg : "ok");
	if (rc)
		drv_error(L, d->ctx, d->role, "%s", e.msg);
}

static double query_num(lua_State *L, struct acdev *d, const char *q)
{
	struct err e = {0};
	char ans[128], *end;
	int rc = scpi_query(&d->s, q, ans, sizeof ans, &e);
	trace(d, q, rc ? e.msg : ans);
	if (rc)
		drv_error(L, d->ctx, d->role, "%s", e.msg);
	double v = strtod(ans, &end);
	if (end == ans)
		drv_error(L, d->ctx, d->role, "%s: %s: not a number: '%s'", d->s.desc, q, ans);
	return v;
}

static int ac_set(lua_State *L)
{
	struct acdev *d = check(L);
	luaL_checktype(L, 2, LUA_TTABLE);
	char c[64];
	lua_getfield(L, 2, "volt");
	if (!lua_isnil(L, -1)) {
		snprintf(c, sizeof c, "VOLT %.2f", luaL_checknumber(L, -1));
		cmd(L, d, c);
	}
	lua_getfield(L, 2, "freq");
	if (!lua_isnil(L, -1)) {
		snprintf(c, sizeof c, "FREQ %.2f", luaL_checknumber(L, -1));
		cmd(L, d, c);
	}
	return 0;
}

static int ac_output(lua_State *L)
{
	cmd(L, check(L), lua_toboolean(L, 2) ? "OUTP ON" : "OUTP OFF");
	return 0;
}

static int ac_measure(lua_State *L)
{
	struct acdev *d = check(L);
	lua_createtable(L, 0, 2);
	lua_pushnumber(L, query_num(L, d, "MEAS:VOLT?"));
	lua_setfield(L, -2, "volt");
	lua_pushnumber(L, query_num(L, d, "MEAS:FREQ?"));
	lua_setfield(L, -2, "freq");
	return 1;
}

static int ac_idn(lua_State *L)
{
	struct acdev *d = check(L);
	struct err e = {0};
	char ans[256];
	if (scpi_query(&d->s, "*IDN?", ans, sizeof ans, &e))
		return drv_error(L, d->ctx, d->role, "%s", e.msg);
	trace(d, "*IDN?", ans);
	lua_pushstring(L, ans);
	return 1;
}

static int ac_gc(lua_State *L)
{
	struct acdev *d = luaL_checkudata(L, 1, MT);
	scpi_close(&d->s);
	return 0;
}

static int open_ac(lua_State *L, const struct drv_ctx *ctx, const struct role *ro, struct err *e)
{
	const char *host = role_str(ro, "host", NULL);
	int port = (int)role_int(ro, "port", 0);
	char pbuf[32];
	if (!host && ro->sim) {
		host = "127.0.0.1";
		if (!port && station_sim_get(ctx->st, ro->sim, "port", pbuf, sizeof pbuf, e) == 0)
			port = atoi(pbuf);
		else if (!port)
			return -1;
	}
	if (!host)
		return err_set(e, EXIT_USAGE, "role %s: scpi-ac-source needs host:", ro->name);
	struct acdev *d = lua_newuserdatauv(L, sizeof *d, 0);
	memset(d, 0, sizeof *d);
	d->s.fd = -1;
	d->ctx = ctx;
	snprintf(d->role, sizeof d->role, "%s", ro->name);
	if (scpi_open(&d->s, host, port ? port : 5025, (int)role_int(ro, "timeout_ms", 2000), e)) {
		lua_pop(L, 1);
		return err_prefix(e, "role %s", ro->name);
	}
	static const luaL_Reg m[] = {{"set", ac_set},         {"output", ac_output},
	                             {"measure", ac_measure}, {"idn", ac_idn},
	                             {"close", ac_gc},        {NULL, NULL}};
	lapi_setclass(L, MT, m, ac_gc, NULL);
	return 0;
}

static const struct opt_spec ac_opts[] = {
    {"host", OPT_STRING, 0, "source's address (LAN/SCPI)"},
    {"port", OPT_INT, 0, "SCPI raw socket port (5025)"},
    {"timeout_ms", OPT_INT, 0, "per command (2000)"},
    {NULL, 0, 0, NULL},
};

/* Values, not just types: checked when the station loads. */
static int ac_check(const struct station *st, const struct role *ro, struct err *e)
{
	(void)st;
	if (!role_str(ro, "host", NULL) && !ro->sim)
		return ynode_err(e, ro->node,
		                 "role %s: scpi-ac-source needs host: or sim:", ro->name);
	if (opt_int_range(ro->node, "port", 1, 65535, e) ||
	    opt_int_range(ro->node, "timeout_ms", 1, 600000, e))
		return -1;
	return 0;
}

const struct driver scpi_ac_source_driver = {
    .name = "scpi-ac-source",
    .doc = "programmable AC source, SCPI over TCP (VOLT/FREQ/OUTP)",
    .opts = ac_opts,
    .open = open_ac,
    .check = ac_check,
};
