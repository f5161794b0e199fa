/* iio-sensor: a reference thermometer/hygrometer the kernel exposes through
 * IIO or hwmon sysfs (e.g. an SHT3x, HDC1080 or BME280 on I2C). Same Lua
 * face as modbus-sensor: sensor:read() -> {temp=, rh=}. */
#include <stdio.h>
#include <string.h>

#include <lauxlib.h>

#include "driver.h"
#include "iio_io.h"

#define MT "bench.iio-sensor"

struct iiodev {
	char dir[4096];
	char role[64];
	int has_rh;
	const struct drv_ctx *ctx;
};

static int iio_read(lua_State *L)
{
	struct iiodev *d = luaL_checkudata(L, 1, MT);
	struct err e = {0};
	double t, h = 0;
	if (sysfs_sensor_read(d->dir, SYSFS_TEMP, &t, &e) ||
	    (d->has_rh && sysfs_sensor_read(d->dir, SYSFS_RH, &h, &e)))
		return drv_error(L, d->ctx, d->role, "%s", e.msg);
	if (d->ctx->trace) {
		char resp[96];
		snprintf(resp, sizeof resp, "%.3f C%s%.3f", t, d->has_rh ? " %RH " : "",
		         d->has_rh ? h : 0.0);
		trace_exchange(d->ctx->trace, d->role, "sysfs", d->dir, resp, -1);
	}
	lua_createtable(L, 0, 2);
	lua_pushnumber(L, t);
	lua_setfield(L, -2, "temp");
	if (d->has_rh) {
		lua_pushnumber(L, h);
		lua_setfield(L, -2, "rh");
	}
	return 1;
}

static int open_iio(lua_State *L, const struct drv_ctx *ctx, const struct role *ro, struct err *e)
{
	const char *p = role_str(ro, "path", NULL);
	if (!p)
		return err_set(e, EXIT_USAGE, "role %s: iio-sensor needs path:", ro->name);
	struct iiodev *d = lua_newuserdatauv(L, sizeof *d, 0);
	memset(d, 0, sizeof *d);
	station_path(ctx->st, p, d->dir, sizeof d->dir);
	snprintf(d->role, sizeof d->role, "%s", ro->name);
	d->ctx = ctx;
	if (!sysfs_sensor_has(d->dir, SYSFS_TEMP)) {
		lua_pop(L, 1);
		return err_set(e, EXIT_BAIL, "role %s: %s has no temperature channel", ro->name,
		               d->dir);
	}
	d->has_rh = sysfs_sensor_has(d->dir, SYSFS_RH);
	static const luaL_Reg m[] = {{"read", iio_read}, {NULL, NULL}};
	lapi_setclass(L, MT, m, NULL, NULL);
	return 0;
}

static const struct opt_spec iio_opts[] = {
    {"path", OPT_STRING, 1, "IIO or hwmon device directory in sysfs"},
    {NULL, 0, 0, NULL},
};

const struct driver iio_sensor_driver = {
    .name = "iio-sensor",
    .doc = "temperature/humidity sensor via Linux IIO or hwmon sysfs",
    .opts = iio_opts,
    .open = open_iio,
};
