/* service: a DUT's network service, for suites that watch whether a
 * device without a card reader still works (an IP camera in a climate
 * chamber) or play its stream: role:probe([{frames =, wait_ms =, sized =}]) asks it
 * once (RTSP DESCRIBE and, for a stream with video, SETUP, PLAY and its
 * first frames; or HTTP GET) and returns { status =, line =, ms =, video
 * =, streamed =, frames =, packets =, fps =, codec =, width =, height =, size_from =,
 * sdp_width =, sdp_height =,
 * transport =, stream
 * =, login =, moved = } (docs/drivers.md "## service"). What a status means is the
 * suite's; no answer at all raises, and counts as the role's no-answer.
 * Every request of a probe is a trace line. */
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "driver.h"
#include "service_io.h"

#define MT "bench.service"

struct svdev {
	struct service s;
	char role[64];
	const struct drv_ctx *ctx;
};

/* Each request of a probe is a trace line of its own. */
static void log_step(void *arg, const char *proto, const char *req, const char *ans, long us)
{
	struct svdev *d = arg;
	trace_exchange(d->ctx->trace, d->role, proto, req, ans, us);
}

/* The stream's fields of a probe's result, where its frames were awaited. */
static void push_stream(lua_State *L, const struct service_answer *a)
{
	lua_pushboolean(L, a->streamed);
	lua_setfield(L, -2, "streamed");
	lua_pushinteger(L, a->frames);
	lua_setfield(L, -2, "frames");
	lua_pushinteger(L, a->packets);
	lua_setfield(L, -2, "packets");
	lua_pushstring(L, a->stream);
	lua_setfield(L, -2, "stream");
	if (a->codec[0]) {
		lua_pushstring(L, a->codec);
		lua_setfield(L, -2, "codec");
	}
	if (a->fps > 0) {
		lua_pushnumber(L, a->fps);
		lua_setfield(L, -2, "fps");
	}
	if (a->width > 0) {
		lua_pushinteger(L, a->width);
		lua_setfield(L, -2, "width");
		lua_pushinteger(L, a->height);
		lua_setfield(L, -2, "height");
		lua_pushstring(L, a->size_sent ? "stream" : "sdp");
		lua_setfield(L, -2, "size_from");
	}
	if (a->sdp_width > 0 && a->size_sent) {
		lua_pushinteger(L, a->sdp_width);
		lua_setfield(L, -2, "sdp_width");
		lua_pushinteger(L, a->sdp_height);
		lua_setfield(L, -2, "sdp_height");
	}
	if (a->transport[0]) {
		lua_pushstring(L, a->transport);
		lua_setfield(L, -2, "transport");
	}
}

static int sv_probe(lua_State *L)
{
	struct svdev *d = luaL_checkudata(L, 1, MT);
	struct service s = d->s;
	if (!lua_isnoneornil(L, 2)) { /* probe{frames =, wait_ms =, sized =}: this probe's own */
		luaL_checktype(L, 2, LUA_TTABLE);
		lua_getfield(L, 2, "frames");
		s.frames = (int)luaL_optinteger(L, -1, s.frames);
		luaL_argcheck(L, s.frames >= 0 && s.frames <= 1000, 2, "frames must be 0..1000");
		lua_getfield(L, 2, "wait_ms");
		s.wait_ms = (int)luaL_optinteger(L, -1, s.wait_ms);
		luaL_argcheck(L, s.wait_ms > 0 && s.wait_ms <= 600000, 2,
		              "wait_ms must be 1..600000");
		lua_getfield(L, 2, "sized");
		s.sized = lua_toboolean(L, -1);
		lua_pop(L, 3);
	}
	struct service_answer a;
	struct err e = {0};
	int64_t t0 = mono_us();
	int rc = service_probe(&s, &a, &e);
	double ms = (double)(mono_us() - t0) / 1e3;
	if (rc) {
		d->ctx->health(d->ctx, d->role, DRV_NO_ANSWER, e.msg);
		return drv_error(L, d->ctx, d->role, "%s: %s", d->s.url, e.msg);
	}
	d->ctx->health(d->ctx, d->role, DRV_ANSWERED, "");
	lua_createtable(L, 0, 10);
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
	if (a.stream[0])
		push_stream(L, &a);
	if (a.moved[0]) {
		lua_pushstring(L, a.moved);
		lua_setfield(L, -2, "moved");
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
	d->s.frames = (int)role_int(ro, "frames", 2);
	d->s.log = log_step;
	d->s.log_arg = d;
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
	long fr = role_int(ro, "frames", 2);
	if (fr < 0 || fr > 1000)
		return ynode_err(e, ynode_get(ro->node, "frames"),
		                 "role %s: frames must be 0..1000 (0: DESCRIBE only)", ro->name);
	if (role_int(ro, "timeout_ms", 3000) <= 0)
		return ynode_err(e, ynode_get(ro->node, "timeout_ms"),
		                 "role %s: timeout_ms must be > 0", ro->name);
	return 0;
}

static const struct opt_spec sv_opts[] = {
    {"url", OPT_STRING, 1, "rtsp://HOST[:PORT]/PATH (DESCRIBE) or http://HOST[:PORT]/PATH (GET)"},
    {"timeout_ms", OPT_INT, 0, "per step of a probe, and for its frames to come (3000)"},
    {"frames", OPT_INT, 0, "RTSP: video frames to receive after PLAY (2); 0: DESCRIBE only"},
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
