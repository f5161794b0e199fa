/* service: a DUT's network service, for suites that watch whether a
 * device without a card reader still works (an IP camera in a climate
 * chamber): role:probe() asks it once (RTSP DESCRIBE, or HTTP GET) and
 * returns { status =, line =, video = } (video: for RTSP 200, whether the
 * SDP describes a video stream). What a status means is the suite's; no
 * answer at all raises, and counts as the role's no-answer. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <lauxlib.h>

#include "driver.h"
#include "service_io.h"

#define MT "bench.service"

struct svdev {
	struct service s;
	char role[64];
	const struct drv_ctx *ctx;
};

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int sv_probe(lua_State *L)
{
	struct svdev *d = luaL_checkudata(L, 1, MT);
	struct service_answer a;
	struct err e = {0};
	double t0 = now_ms();
	int rc = service_probe(&d->s, &a, &e);
	double ms = now_ms() - t0;
	char req[600];
	snprintf(req, sizeof req, "%s %s", d->s.proto == SERVICE_RTSP ? "DESCRIBE" : "GET",
	         d->s.url);
	trace_exchange(d->ctx->trace, d->role, d->s.proto == SERVICE_RTSP ? "rtsp" : "http", req,
	               rc ? e.msg : a.line, (long)(ms * 1e3));
	if (rc) {
		d->ctx->health(d->ctx, d->role, DRV_NO_ANSWER, e.msg);
		return drv_error(L, d->ctx, d->role, "%s: %s", d->s.url, e.msg);
	}
	d->ctx->health(d->ctx, d->role, DRV_ANSWERED, "");
	lua_createtable(L, 0, 4);
	lua_pushinteger(L, a.status);
	lua_setfield(L, -2, "status");
	lua_pushstring(L, a.line);
	lua_setfield(L, -2, "line");
	lua_pushnumber(L, ms);
	lua_setfield(L, -2, "ms");
	if (d->s.proto == SERVICE_RTSP && a.status == 200) {
		lua_pushboolean(L, a.video);
		lua_setfield(L, -2, "video");
	}
	static const char *const login[] = {"unsupported", "refused", NULL, "answered"};
	if (a.login) {
		lua_pushstring(L, login[a.login + 2]);
		lua_setfield(L, -2, "login");
	}
	return 1;
}

static int open_sv(lua_State *L, const struct drv_ctx *ctx, const struct role *ro, struct err *e)
{
	struct svdev *d = lua_newuserdatauv(L, sizeof *d, 0);
	memset(d, 0, sizeof *d);
	d->ctx = ctx;
	snprintf(d->role, sizeof d->role, "%s", ro->name);
	/* The password is the environment's, never the station file's. */
	const char *user = role_str(ro, "user", NULL), *var = role_str(ro, "password_env", "");
	const char *pass = user ? getenv(var) : NULL;
	if (user && !pass) {
		lua_pop(L, 1);
		return err_set(e, EXIT_USAGE, "role %s: $%s (password_env) is not set", ro->name,
		               var);
	}
	if (service_init(&d->s, role_str(ro, "url", ""), user, pass,
	                 (int)role_int(ro, "timeout_ms", 3000), e)) {
		lua_pop(L, 1);
		return err_prefix(e, "role %s", ro->name);
	}
	static const luaL_Reg m[] = {{"probe", sv_probe}, {NULL, NULL}};
	lapi_setclass(L, MT, m, NULL, NULL);
	return 0;
}

static int check_sv(const struct station *st, const struct role *ro, struct err *e)
{
	(void)st;
	struct service s;
	if (service_init(&s, role_str(ro, "url", ""), NULL, NULL, 0, e))
		return ynode_err(e, ynode_get(ro->node, "url"), "role %s: %s", ro->name, e->msg);
	if (!role_str(ro, "user", NULL) != !role_str(ro, "password_env", NULL))
		return ynode_err(e, ro->node, "role %s: user and password_env go together",
		                 ro->name);
	if (role_int(ro, "timeout_ms", 3000) <= 0)
		return ynode_err(e, ynode_get(ro->node, "timeout_ms"),
		                 "role %s: timeout_ms must be > 0", ro->name);
	return 0;
}

static const struct opt_spec sv_opts[] = {
    {"url", OPT_STRING, 1, "rtsp://HOST[:PORT]/PATH (DESCRIBE) or http://HOST[:PORT]/PATH (GET)"},
    {"timeout_ms", OPT_INT, 0, "per step of a probe (3000)"},
    {"user", OPT_STRING, 0, "a login to answer a 401 with (Digest or Basic)"},
    {"password_env", OPT_STRING, 0, "the environment variable holding its password"},
    {NULL, 0, 0, NULL},
};

const struct driver service_driver = {
    .name = "service",
    .doc = "a DUT's network service: an IP camera's RTSP stream, an HTTP interface",
    .opts = sv_opts,
    .open = open_sv,
    .check = check_sv,
};
