/* The `sane` driver: a flatbed scanner over the SANE C API (libsane, with
 * sane-airscan for network scanners), bound to a `scanner` role. Each scan
 * runs in the sane-scan helper under the role's timeout (sane_io.c); the
 * image lands in the run directory as evidence and its SHA-256, the options
 * the device took, its parameters, bytes and duration go to trace.log.
 * docs/drivers.md "## sane". */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <lauxlib.h>

#include "driver.h"
#include "sane_io.h"

#define MT_SCANNER "bench.scanner"

struct sdev {
	const struct drv_ctx *ctx;
	char role[64], device[256], mode[32], config[4096];
	double dpi, timeout, area[4];
	int feeder;
};

static struct sdev *check_scanner(lua_State *L, int i)
{
	return luaL_checkudata(L, i, MT_SCANNER);
}

struct traced {
	const struct sdev *d;
};

static void trace_line(void *arg, const char *text)
{
	const struct sdev *d = ((struct traced *)arg)->d;
	trace_note(d->ctx->trace, d->role, "sane: %s", text);
}

/* A file name of the suite's choosing, kept to [A-Za-z0-9._-]: it names a
 * file in the run directory. */
static int good_name(const char *s)
{
	if (!*s || *s == '.' || strlen(s) > 128)
		return 0;
	return strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") ==
	       strlen(s);
}

static void push_scan(lua_State *L, const struct sane_res *r, const char *path, const char *file,
                      const char *sha)
{
	char backend[64];
	snprintf(backend, sizeof backend, "%.*s", (int)strcspn(r->device, ":"), r->device);
	lua_createtable(L, 0, 13);
	lapi_setstr(L, "path", path);
	lapi_setstr(L, "file", file);
	lapi_setstr(L, "sha256", sha);
	lapi_setstr(L, "device", r->device);
	lapi_setstr(L, "vendor", r->vendor);
	lapi_setstr(L, "model", r->model);
	lapi_setstr(L, "type", r->type);
	lapi_setstr(L, "backend", backend);
	lapi_setnum(L, "dpi", r->dpi);
	lapi_setnum(L, "width", r->width);
	lapi_setnum(L, "height", r->height);
	lapi_setnum(L, "bytes", (double)r->bytes);
	lapi_setnum(L, "seconds", r->seconds);
}

/* nil and "scanner ROLE (DEVICE): why", traced and told to the engine. */
static int scan_failed(lua_State *L, const struct sdev *d, const struct sane_res *r,
                       const char *why)
{
	const char *dev = r->device[0] ? r->device : d->device;
	int quiet = r->timed_out || strstr(why, "open:") || strstr(why, "devices:");
	char msg[1400];
	snprintf(msg, sizeof msg, "scanner %s (%s): %s", d->role, dev, why);
	trace_note(d->ctx->trace, d->role, "error: %s", msg);
	d->ctx->health(d->ctx, d->role, quiet ? DRV_NO_ANSWER : DRV_ANSWERED, msg);
	lua_pushnil(L);
	lua_pushstring(L, msg);
	return 2;
}

/* scanner:scan{name= [, dpi=]} -> the scan {path, file, sha256, device,
 * vendor, model, type, backend, dpi, width, height, bytes, seconds}, or nil
 * and why. The image is <run dir>/scans/<name>.png. */
static int s_scan(lua_State *L)
{
	struct sdev *d = check_scanner(L, 1);
	luaL_checktype(L, 2, LUA_TTABLE);
	lua_getfield(L, 2, "name");
	const char *name = luaL_checkstring(L, -1);
	lua_getfield(L, 2, "dpi");
	double dpi = luaL_optnumber(L, -1, d->dpi);
	if (!good_name(name))
		return luaL_error(L, "scanner:scan: name '%s' is not [A-Za-z0-9._-]+", name);
	char dir[4200], path[4400], part[4410], file[200], sha[SHA256_HEX];
	snprintf(dir, sizeof dir, "%s/scans", d->ctx->run_dir);
	snprintf(file, sizeof file, "scans/%s.png", name);
	snprintf(path, sizeof path, "%s/%s", d->ctx->run_dir, file);
	/* Written aside and renamed once whole: a scan that fails or is cut by
	 * a kill never leaves a part image under the name an earlier scan's
	 * trace line gave a hash to (bench verify checks it). */
	snprintf(part, sizeof part, "%s.part", path);
	if (mkdir(dir, 0755) != 0 && errno != EEXIST)
		return drv_error(L, d->ctx, d->role, "%s: %s", dir, strerror(errno));
	struct sane_req q = {.config_dir = d->config[0] ? d->config : NULL,
	                     .device = d->device,
	                     .mode = d->mode,
	                     .dpi = dpi,
	                     .out = part,
	                     .timeout = d->timeout};
	memcpy(q.area, d->area, sizeof q.area);
	struct sane_res r;
	struct traced tr = {d};
	struct err e = {0};
	trace_note(d->ctx->trace, d->role, "scan %s: device %s, %g dpi, mode %s", name, d->device,
	           dpi, d->mode);
	if (sane_io_scan(&q, &r, trace_line, &tr, &e) != 0) {
		unlink(part);
		return scan_failed(L, d, &r, e.msg);
	}
	if (rename(part, path) != 0)
		return drv_error(L, d->ctx, d->role, "%s: %s", path, strerror(errno));
	if (sha256_file(path, sha, &e) != 0)
		return drv_error(L, d->ctx, d->role, "%s", e.msg);
	d->ctx->health(d->ctx, d->role, DRV_ANSWERED, "");
	if (r.status != 0)
		trace_note(d->ctx->trace, d->role,
		           "sane-scan ended with wait status %d after the scan", r.status);
	trace_note(d->ctx->trace, d->role,
	           "scan %s: %d x %d px, %ld bytes, %g dpi, %.3f s -> %s sha256 %s", name, r.width,
	           r.height, r.bytes, r.dpi, r.seconds, file, sha);
	push_scan(L, &r, path, file, sha);
	return 1;
}

/* scanner:config() -> {device, resolution, mode, feeder, timeout, area}. */
static int s_config(lua_State *L)
{
	struct sdev *d = check_scanner(L, 1);
	lua_createtable(L, 0, 6);
	lapi_setstr(L, "device", d->device);
	lapi_setstr(L, "mode", d->mode);
	lapi_setnum(L, "resolution", d->dpi);
	lapi_setnum(L, "timeout", d->timeout);
	lua_pushboolean(L, d->feeder);
	lua_setfield(L, -2, "feeder");
	lua_createtable(L, 4, 0);
	for (int i = 0; i < 4; i++) {
		lua_pushnumber(L, d->area[i]);
		lua_rawseti(L, -2, i + 1);
	}
	lua_setfield(L, -2, "area");
	return 1;
}

static const luaL_Reg scanner_methods[] = {
    {"scan", s_scan},
    {"config", s_config},
    {NULL, NULL},
};

static void area_of(const struct role *ro, double area[4])
{
	const struct ynode *a = ynode_get(ro->node, "area");
	for (size_t i = 0; i < 4; i++)
		area[i] = a && a->nkids == 4 ? strtod(a->kids[i].str, NULL) : 0;
}

static int sane_open_role(lua_State *L, const struct drv_ctx *ctx, const struct role *ro,
                          struct err *e)
{
	struct sdev *d = lua_newuserdatauv(L, sizeof *d, 0);
	memset(d, 0, sizeof *d);
	d->ctx = ctx;
	snprintf(d->role, sizeof d->role, "%s", ro->name);
	const char *dev = role_str(ro, "device", NULL), *cfg = role_str(ro, "sane_config", NULL);
	if (dev)
		snprintf(d->device, sizeof d->device, "%s", dev);
	else if (!ro->sim ||
	         station_sim_get(ctx->st, ro->sim, "device", d->device, sizeof d->device, e))
		return ro->sim ? err_prefix(e, "role %s", ro->name)
		               : err_set(e, EXIT_USAGE, "role %s: needs device: or sim:", ro->name);
	if (cfg)
		station_path(ctx->st, cfg, d->config, sizeof d->config);
	else if (ro->sim &&
	         station_sim_get(ctx->st, ro->sim, "sane_config", d->config, sizeof d->config, e))
		return err_prefix(e, "role %s", ro->name);
	snprintf(d->mode, sizeof d->mode, "%s", role_str(ro, "mode", "Gray"));
	d->dpi = role_num(ro, "resolution", 600);
	d->timeout = role_num(ro, "timeout", 60);
	const char *f = role_str(ro, "feeder", "false");
	d->feeder = !strcmp(f, "true") || !strcmp(f, "yes");
	area_of(ro, d->area);
	lapi_setclass(L, MT_SCANNER, scanner_methods, NULL, NULL);
	return 0;
}

static const struct opt_spec sane_opts[] = {
    {"device", OPT_STRING, 0, "SANE device name or glob, airscan:e0:* (or from sim:)"},
    {"sane_config", OPT_STRING, 0, "SANE_CONFIG_DIR for the scans (the system's; or from sim:)"},
    {"resolution", OPT_NUMBER, 0, "dpi asked for (600)"},
    {"mode", OPT_STRING, 0, "SANE scan mode: Gray or Color (Gray)"},
    {"area", OPT_LIST, 0, "scan area [tl-x, tl-y, br-x, br-y] in mm (the device's default)"},
    {"feeder", OPT_BOOL, 0, "true: cards reach the glass by themselves, no operator step (false)"},
    {"timeout", OPT_NUMBER, 0, "seconds one scan may take, start to last byte (60)"},
    {NULL, 0, 0, NULL},
};

static int sane_check(const struct station *st, const struct role *ro, struct err *e)
{
	(void)st;
	const struct ynode *n = ro->node, *a = ynode_get(n, "area");
	const char *m = role_str(ro, "mode", "Gray");
	if (!role_str(ro, "device", NULL) && !ro->sim)
		return ynode_err(e, n, "role %s: needs device: or sim:", ro->name);
	if (strcmp(m, "Gray") && strcmp(m, "Color"))
		return ynode_err(e, ynode_get(n, "mode"), "mode must be Gray or Color, not '%s'",
		                 m);
	if (opt_num_range(n, "resolution", 50, 4800, e) || opt_num_range(n, "timeout", 1, 3600, e))
		return -1;
	if (!a)
		return 0;
	double v[4];
	char *end;
	for (size_t i = 0; i < 4 && i < a->nkids; i++)
		if (a->kids[i].kind != YN_SCALAR || (v[i] = strtod(a->kids[i].str, &end)) < 0 ||
		    *end)
			return ynode_err(e, &a->kids[i], "area: millimetres >= 0");
	if (a->nkids != 4 || v[2] <= v[0] || v[3] <= v[1])
		return ynode_err(e, a, "area is [tl-x, tl-y, br-x, br-y] in mm, br beyond tl");
	return 0;
}

const struct driver sane_driver = {
    .name = "sane",
    .doc = "flatbed scanner over SANE (libsane; sane-airscan for eSCL/WSD)",
    .opts = sane_opts,
    .open = sane_open_role,
    .check = sane_check,
};
