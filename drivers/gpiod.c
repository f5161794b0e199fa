/* gpiod: one GPIO line per role through libgpiod 1.6 (Debian 12): outputs
 * (power relay, card-insert solenoid) and inputs (door switch, card-present
 * sensor). line:set(on), line:get(), line:pulse(s), line:wait(edge, s).
 * Pulses and waits are physical and never time-scaled. Wiring: docs/env.md. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gpiod.h>
#include <lauxlib.h>

#include "driver.h"
#include "gpiod_io.h"

#define MT "bench.gpiod"

struct hw {
	struct gpiod_chip *chip;
	struct gpiod_line *line;
};

static int hw_open(void *ctx, const char *chip, const char *name, int output, void **h,
                   struct err *e)
{
	(void)ctx;
	struct hw *w = calloc(1, sizeof *w);
	if (!w)
		return err_set(e, EXIT_BAIL, "out of memory");
	w->chip = gpiod_chip_open_lookup(chip);
	if (!w->chip) {
		free(w);
		return err_set(e, EXIT_BAIL, "no GPIO chip '%s': %s", chip, strerror(errno));
	}
	char *end;
	long off = strtol(name, &end, 10);
	w->line = *end || end == name ? gpiod_chip_find_line(w->chip, name)
	                              : gpiod_chip_get_line(w->chip, (unsigned)off);
	int rc = !w->line ? -1
	         : output ? gpiod_line_request_output(w->line, "bench", 0)
	                  : gpiod_line_request_both_edges_events(w->line, "bench");
	if (rc) {
		int err = errno;
		gpiod_chip_close(w->chip);
		free(w);
		return err_set(e, EXIT_BAIL, "line '%s': %s", name,
		               err ? strerror(err) : "not found");
	}
	*h = w;
	return 0;
}

static int hw_set(void *h, int level, struct err *e)
{
	struct hw *w = h;
	return gpiod_line_set_value(w->line, level) ? err_set(e, EXIT_BAIL, "%s", strerror(errno))
	                                            : 0;
}

static int hw_get(void *h, int *level, struct err *e)
{
	struct hw *w = h;
	int v = gpiod_line_get_value(w->line);
	if (v < 0)
		return err_set(e, EXIT_BAIL, "%s", strerror(errno));
	*level = v;
	return 0;
}

static int hw_wait(void *h, long ms, int *rising, struct err *e)
{
	struct hw *w = h;
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000};
	int rc = gpiod_line_event_wait(w->line, &ts);
	if (rc < 0)
		return err_set(e, EXIT_BAIL, "%s", strerror(errno));
	if (rc == 0)
		return 1;
	struct gpiod_line_event ev;
	if (gpiod_line_event_read(w->line, &ev))
		return err_set(e, EXIT_BAIL, "%s", strerror(errno));
	*rising = ev.event_type == GPIOD_LINE_EVENT_RISING_EDGE;
	return 0;
}

static void hw_close(void *h)
{
	struct hw *w = h;
	gpiod_line_release(w->line);
	gpiod_chip_close(w->chip);
	free(w);
}

static long hw_now(void *ctx)
{
	(void)ctx;
	return (long)(mono_us() / 1000);
}

static void hw_sleep(void *ctx, long ms)
{
	(void)ctx;
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000};
	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

static const struct gpio_backend libgpiod = {hw_open,  hw_set, hw_get,   hw_wait,
                                             hw_close, hw_now, hw_sleep, NULL};

struct gdev {
	struct gpio_line l;
	char role[64];
	const struct drv_ctx *ctx;
};

static struct gdev *check(lua_State *L)
{
	struct gdev *d = luaL_checkudata(L, 1, MT);
	if (!d->l.h)
		luaL_error(L, "%s: closed", d->role);
	return d;
}

static void note(struct gdev *d, const char *what, const char *res)
{
	trace_exchange(d->ctx->trace, d->role, "gpio", what, res, -1);
}

static int g_set(lua_State *L)
{
	struct gdev *d = check(L);
	struct err e = {0};
	int on = lua_toboolean(L, 2);
	if (gline_set(&d->l, on, &e))
		return drv_error(L, d->ctx, d->role, "%s", e.msg);
	note(d, on ? "set on" : "set off", "ok");
	return 0;
}

static int g_get(lua_State *L)
{
	struct gdev *d = check(L);
	struct err e = {0};
	int on;
	if (gline_get(&d->l, &on, &e))
		return drv_error(L, d->ctx, d->role, "%s", e.msg);
	note(d, "get", on ? "on" : "off");
	lua_pushboolean(L, on);
	return 1;
}

static int g_pulse(lua_State *L)
{
	struct gdev *d = check(L);
	double s = luaL_checknumber(L, 2);
	luaL_argcheck(L, s >= 0 && s <= 60, 2, "pulse must be 0..60 s");
	struct err e = {0};
	if (gline_pulse(&d->l, (long)(s * 1000), &e))
		return drv_error(L, d->ctx, d->role, "%s", e.msg);
	note(d, "pulse", "ok");
	return 0;
}

/* line:wait(edge, timeout_s) -> seconds waited, or nil, message on timeout. */
static int g_wait(lua_State *L)
{
	struct gdev *d = check(L);
	enum gpio_edge want;
	if (gline_edge_parse(luaL_checkstring(L, 2), &want))
		return luaL_argerror(L, 2, "rising, falling or both");
	double s = luaL_checknumber(L, 3);
	luaL_argcheck(L, s >= 0 && s <= 86400, 3, "timeout must be 0..86400 s");
	struct err e = {0};
	long ms = gline_wait(&d->l, want, (long)(s * 1000), &e);
	note(d, lua_tostring(L, 2), ms < 0 ? e.msg : "edge");
	if (ms < 0 && e.code != EXIT_FAILED)
		return drv_error(L, d->ctx, d->role, "%s", e.msg);
	if (ms < 0) {
		lua_pushnil(L);
		lua_pushstring(L, e.msg);
		return 2;
	}
	lua_pushnumber(L, ms / 1000.0);
	return 1;
}

static int g_gc(lua_State *L)
{
	gline_close(&((struct gdev *)luaL_checkudata(L, 1, MT))->l);
	return 0;
}

static int open_gpiod(lua_State *L, const struct drv_ctx *ctx, const struct role *ro, struct err *e)
{
	const char *chip = role_str(ro, "chip", NULL), *line = role_str(ro, "line", NULL);
	const char *dir = role_str(ro, "direction", "out");
	if (!chip || !line)
		return err_set(e, EXIT_USAGE, "role %s: gpiod needs chip: and line:", ro->name);
	if (strcmp(dir, "out") && strcmp(dir, "in"))
		return err_set(e, EXIT_USAGE, "role %s: direction must be in or out", ro->name);
	/* As the schema reads it: `on`, `Yes`, `TRUE` are true too. */
	const struct ynode *aln = ynode_get(ro->node, "active_low");
	int al = 0;
	if (aln && ynode_bool(aln, "active_low", &al, e))
		return -1;
	struct gdev *d = lua_newuserdatauv(L, sizeof *d, 0);
	memset(d, 0, sizeof *d);
	d->ctx = ctx;
	snprintf(d->role, sizeof d->role, "%s", ro->name);
	if (gline_open(&d->l, &libgpiod, chip, line, !strcmp(dir, "out"), al, e)) {
		lua_pop(L, 1);
		return err_prefix(e, "role %s", ro->name);
	}
	static const luaL_Reg m[] = {{"set", g_set},   {"get", g_get},  {"pulse", g_pulse},
	                             {"wait", g_wait}, {"close", g_gc}, {NULL, NULL}};
	lapi_setclass(L, MT, m, g_gc, NULL);
	return 0;
}

static const struct opt_spec gpiod_opts[] = {
    {"chip", OPT_STRING, 1, "gpiochip name, path, label or number (gpiodetect)"},
    {"line", OPT_STRING, 1, "line name (gpioinfo) or offset"},
    {"direction", OPT_STRING, 0, "out (default) or in"},
    {"active_low", OPT_BOOL, 0, "on = low level (default false)"},
    {NULL, 0, 0, NULL},
};

/* Values, not just types: checked when the station loads. */
static int gpiod_check(const struct station *st, const struct role *ro, struct err *e)
{
	static const char *const dirs[] = {"out", "in", NULL};
	(void)st;
	return opt_oneof(ro->node, "direction", dirs, e);
}

const struct driver gpiod_driver = {
    .name = "gpiod",
    .doc = "one GPIO line (libgpiod): relay, solenoid, sensor",
    .opts = gpiod_opts,
    .open = open_gpiod,
    .check = gpiod_check,
};
