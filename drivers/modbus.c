/* Modbus roles (libmodbus, TCP or RTU). Four drivers share one connection
 * object and differ in the registers they use:
 *   modbus-chamber   climate chamber, registers from a profile file
 *   modbus-relay     coils switching mains, card feeders, solenoids
 *   modbus-position  linear actuator, target/actual position in mm
 *   modbus-sensor    reference thermometer/hygrometer (RTU or TCP)
 * Options and Lua methods: docs/drivers.md "## modbus". */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <lauxlib.h>

#include "driver.h"
#include "modbus_profile.h"

enum mbkind { K_CHAMBER, K_RELAY, K_POSITION, K_SENSOR };

/* One metatable per kind, so a relay object has no chamber methods. */
static const char *const mtname[] = {"bench.modbus-chamber", "bench.modbus-relay",
                                     "bench.modbus-position", "bench.modbus-sensor"};

struct mbdev {
	struct mbconn c;
	enum mbkind kind;
	const struct drv_ctx *ctx;
	char role[64];
	struct chprofile prof; /* chamber only */
	struct mbreg r[4];     /* relay: first coil, first sense input; position:
	                          target, actual; sensor: temperature, humidity */
	int count;             /* relay: number of coils */
	int sense;             /* relay: r[1] is relay 1's sense input (`sense:`) */
	int open;
};

static void trace_cb(void *arg, const char *req, const char *resp, long us)
{
	struct mbdev *d = arg;
	trace_exchange(d->ctx->trace, d->role, "modbus", req, resp, us);
}

static struct mbdev *any_dev(lua_State *L)
{
	for (int k = 0; k < 4; k++) {
		struct mbdev *d = luaL_testudata(L, 1, mtname[k]);
		if (d)
			return d;
	}
	luaL_typeerror(L, 1, "modbus device");
	return NULL;
}

static struct mbdev *check(lua_State *L)
{
	struct mbdev *d = any_dev(L);
	if (!d->open)
		luaL_error(L, "%s: modbus device is closed", d->role);
	return d;
}

static double rd(lua_State *L, struct mbdev *d, const struct mbreg *r)
{
	struct err e = {0};
	double v = 0;
	if (mb_read(&d->c, r, &v, &e))
		drv_error(L, d->ctx, d->role, "%s", e.msg);
	return v;
}

static void wr(lua_State *L, struct mbdev *d, const struct mbreg *r, double v)
{
	struct err e = {0};
	if (mb_write(&d->c, r, v, &e))
		drv_error(L, d->ctx, d->role, "%s", e.msg);
}

/* chamber:set{temp=, rh=}: setpoints, checked against the profile's range;
 * rh = false turns humidity control off (the profile's humidity_control). */
static int ch_set(lua_State *L)
{
	struct mbdev *d = check(L);
	luaL_checktype(L, 2, LUA_TTABLE);
	const struct chprofile *p = &d->prof;
	lua_getfield(L, 2, "temp");
	lua_getfield(L, 2, "rh");
	if (!lua_isnil(L, -2)) {
		double t = luaL_checknumber(L, -2);
		if (t < p->temp_min || t > p->temp_max)
			return luaL_error(L, "%s: %g C is outside %s's range %g..%g C", d->role, t,
			                  p->model, p->temp_min, p->temp_max);
		wr(L, d, &p->temp_set, t);
	}
	if (lua_isboolean(L, -1) && !lua_toboolean(L, -1)) {
		if (!p->has_rh_control)
			return luaL_error(L, "%s: %s's profile has no humidity_control switch",
			                  d->role, p->model);
		wr(L, d, &p->rh_control, p->rh_off);
	} else if (!lua_isnil(L, -1)) {
		double h = luaL_checknumber(L, -1);
		if (!p->has_rh)
			return luaL_error(L, "%s: %s has no humidity control", d->role, p->model);
		if (h < p->rh_min || h > p->rh_max)
			return luaL_error(L, "%s: %g %%RH is outside %s's range %g..%g", d->role, h,
			                  p->model, p->rh_min, p->rh_max);
		wr(L, d, &p->rh_set, h);
		if (p->has_rh_control)
			wr(L, d, &p->rh_control, p->rh_on);
	}
	return 0;
}

static int ch_run(lua_State *L)
{
	struct mbdev *d = check(L);
	wr(L, d, &d->prof.run, lua_toboolean(L, 2) ? d->prof.run_on : d->prof.run_off);
	return 0;
}

/* A reading no chamber or sensor can give (984200 C from a float read as
 * int32, 6553.5 %RH from a sign) is a fault of the device or of its
 * profile, named at once with what to look at. */
static double plausible(lua_State *L, struct mbdev *d, const struct mbreg *r, const double v[2],
                        const char *unit)
{
	double x = rd(L, d, r);
	if (!(x >= v[0] && x <= v[1]))
		drv_error(L, d->ctx, d->role,
		          "%s reads %g %s, not plausible (valid %g..%g %s): check the register's "
		          "type, word order, scale and sign in the profile",
		          r->name, x, unit, v[0], v[1], unit);
	return x;
}

/* chamber:read() -> {temp=, rh=, alarm=bool, alarms="name, ...", events=N} */
static int ch_read(lua_State *L)
{
	struct mbdev *d = check(L);
	const struct chprofile *p = &d->prof;
	lua_createtable(L, 0, 5);
	lua_pushnumber(L, plausible(L, d, &p->temp_act, p->temp_valid, "C"));
	lua_setfield(L, -2, "temp");
	if (p->has_rh) {
		lua_pushnumber(L, plausible(L, d, &p->rh_act, p->rh_valid, "%RH"));
		lua_setfield(L, -2, "rh");
	}
	if (p->has_events) {
		lua_pushnumber(L, rd(L, d, &p->events));
		lua_setfield(L, -2, "events");
	}
	char names[512] = "";
	for (size_t i = 0; i < p->nalarms; i++)
		if (rd(L, d, &p->alarms[i]) != 0)
			snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s",
			         names[0] ? ", " : "", p->alarms[i].name);
	lua_pushboolean(L, names[0] != 0);
	lua_setfield(L, -2, "alarm");
	lua_pushstring(L, names);
	lua_setfield(L, -2, "alarms");
	return 1;
}

/* chamber:state() -> {running=bool, temp_set=, rh_set=, rh_control=bool
 * (where the profile has the switch)}: what the chamber
 * itself says it is doing, read back (a chamber that stopped or whose
 * setpoint was changed at its panel keeps reading plausible values). */
static int ch_state(lua_State *L)
{
	struct mbdev *d = check(L);
	const struct chprofile *p = &d->prof;
	lua_createtable(L, 0, 3);
	lua_pushboolean(L, fabs(rd(L, d, &p->run) - p->run_on) < 1e-9);
	lua_setfield(L, -2, "running");
	lua_pushnumber(L, rd(L, d, &p->temp_set));
	lua_setfield(L, -2, "temp_set");
	if (p->has_rh) {
		lua_pushnumber(L, rd(L, d, &p->rh_set));
		lua_setfield(L, -2, "rh_set");
	}
	if (p->has_rh_control) {
		lua_pushboolean(L, fabs(rd(L, d, &p->rh_control) - p->rh_on) < 1e-9);
		lua_setfield(L, -2, "rh_control");
	}
	return 1;
}

/* device:stats() -> {calls=, retries=, busy=, failures=, timeouts=, reconnects=} */
static int dev_stats(lua_State *L)
{
	const struct mbstats *st = &check(L)->c.stats;
	const char *k[] = {"calls", "retries", "busy", "failures", "timeouts", "reconnects"};
	const unsigned long v[] = {st->calls,    st->retries,  st->busy,
	                           st->failures, st->timeouts, st->reconnects};
	lua_createtable(L, 0, 6);
	for (int i = 0; i < 6; i++) {
		lua_pushinteger(L, (lua_Integer)v[i]);
		lua_setfield(L, -2, k[i]);
	}
	return 1;
}

static int ch_model(lua_State *L)
{
	lua_pushstring(L, check(L)->prof.model);
	return 1;
}

/* Relay n's (argument 2) register of d->r[k]: its coil (0), its sense (1). */
static struct mbreg relay_reg(lua_State *L, struct mbdev *d, int k)
{
	lua_Integer n = luaL_checkinteger(L, 2);
	if (n < 1 || n > d->count)
		luaL_error(L, "%s: relay %d does not exist (1..%d)", d->role, (int)n, d->count);
	struct mbreg r = d->r[k];
	r.address += (int)n - 1;
	return r;
}

static struct mbreg coil(lua_State *L, struct mbdev *d)
{
	return relay_reg(L, d, 0);
}

static int rl_set(lua_State *L)
{
	struct mbdev *d = check(L);
	struct mbreg r = coil(L, d);
	wr(L, d, &r, lua_toboolean(L, 3));
	return 0;
}

static int rl_get(lua_State *L)
{
	struct mbdev *d = check(L);
	struct mbreg r = coil(L, d);
	lua_pushboolean(L, rd(L, d, &r) != 0);
	return 1;
}

/* relay:sensed(n): whether relay n's output is live, as the station's
 * sense input on it reads (its contacts, not its coil: a welded relay
 * reads back off and still feeds its load); nil without `sense:`. */
static int rl_sensed(lua_State *L)
{
	struct mbdev *d = check(L);
	struct mbreg r = relay_reg(L, d, 1);
	if (!d->sense)
		return 0;
	lua_pushboolean(L, rd(L, d, &r) != 0);
	return 1;
}

/* relay:pulse(n, seconds): on, wait (real time: a solenoid does not scale), off. */
static int rl_pulse(lua_State *L)
{
	struct mbdev *d = check(L);
	struct mbreg r = coil(L, d);
	double s = luaL_checknumber(L, 3);
	luaL_argcheck(L, s >= 0 && s <= 60, 3, "pulse must be 0..60 s");
	wr(L, d, &r, 1);
	struct timespec ts = {(time_t)s, (long)((s - (time_t)s) * 1e9)};
	nanosleep(&ts, NULL);
	wr(L, d, &r, 0);
	return 0;
}

static int pos_get(lua_State *L)
{
	struct mbdev *d = check(L);
	lua_pushnumber(L, rd(L, d, &d->r[1]));
	return 1;
}

/* position:move(mm [, timeout_s]) -> reached position; error on timeout. */
static int pos_move(lua_State *L)
{
	struct mbdev *d = check(L);
	double mm = luaL_checknumber(L, 2), to = luaL_optnumber(L, 3, 10.0);
	wr(L, d, &d->r[0], mm);
	struct timespec t0, t1, nap = {0, 20000000};
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		double at = rd(L, d, &d->r[1]);
		if (fabs(at - mm) <= 0.1) {
			lua_pushnumber(L, at);
			return 1;
		}
		clock_gettime(CLOCK_MONOTONIC, &t1);
		if ((double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9 > to)
			return drv_error(L, d->ctx, d->role,
			                 "actuator at %.1f mm, not %.1f mm after %g s", at, mm, to);
		nanosleep(&nap, NULL);
	}
}

static int sn_read(lua_State *L)
{
	static const double temp_valid[2] = {-100, 300}, rh_valid[2] = {0, 100};
	struct mbdev *d = check(L);
	lua_createtable(L, 0, 2);
	lua_pushnumber(L, plausible(L, d, &d->r[0], temp_valid, "C"));
	lua_setfield(L, -2, "temp");
	if (d->count) {
		lua_pushnumber(L, plausible(L, d, &d->r[1], rh_valid, "%RH"));
		lua_setfield(L, -2, "rh");
	}
	return 1;
}

static int dev_gc(lua_State *L)
{
	struct mbdev *d = any_dev(L);
	if (d->open) {
		mb_close(&d->c);
		if (d->kind == K_CHAMBER)
			chprofile_free(&d->prof);
	}
	d->open = 0;
	return 0;
}

static const luaL_Reg methods[][9] = {
    [K_CHAMBER] = {{"set", ch_set},
                   {"run", ch_run},
                   {"read", ch_read},
                   {"state", ch_state},
                   {"model", ch_model},
                   {"stats", dev_stats},
                   {"close", dev_gc},
                   {NULL, NULL}},
    [K_RELAY] = {{"set", rl_set},
                 {"get", rl_get},
                 {"pulse", rl_pulse},
                 {"sensed", rl_sensed},
                 {"stats", dev_stats},
                 {"close", dev_gc},
                 {NULL, NULL}},
    [K_POSITION] = {{"move", pos_move},
                    {"get", pos_get},
                    {"stats", dev_stats},
                    {"close", dev_gc},
                    {NULL, NULL}},
    [K_SENSOR] = {{"read", sn_read}, {"stats", dev_stats}, {"close", dev_gc}, {NULL, NULL}},
};

/* A simulated chamber left running at another time scale (`bench sim up`
 * then `bench run --time-scale N`) would let a 4 h hold pass after seconds
 * of chamber time: refuse it. */
static int sim_scale_check(const struct drv_ctx *ctx, const struct role *ro, struct err *e)
{
	char buf[32];
	if (station_sim_get(ctx->st, ro->sim, "scale", buf, sizeof buf, e))
		return -1;
	double scale = strtod(buf, NULL);
	if (fabs(scale - ctx->time_scale) > 1e-9 * ctx->time_scale)
		return err_set(e, EXIT_USAGE,
		               "simulator %s runs at time scale %g, this run at %g: "
		               "`bench sim down` first (or `bench sim up` at the same scale)",
		               ro->sim, scale, ctx->time_scale);
	return 0;
}

/* Address: host/port or device/baud/...; with `sim:` and no port, the port
 * the simulated chamber published. */
static int role_addr(const struct drv_ctx *ctx, const struct role *ro, struct mbaddr *a,
                     char *portbuf, size_t plen, struct err *e)
{
	memset(a, 0, sizeof *a);
	a->host = role_str(ro, "host", NULL);
	a->device = role_str(ro, "device", NULL);
	a->port = (int)role_int(ro, "port", 0);
	a->unit = (int)role_int(ro, "unit", 1);
	a->timeout_ms = (int)role_int(ro, "timeout_ms", 1000);
	a->baud = (int)role_int(ro, "baud", 9600);
	a->data_bits = (int)role_int(ro, "data_bits", 8);
	a->stop_bits = (int)role_int(ro, "stop_bits", 1);
	a->parity = role_str(ro, "parity", "N")[0];
	if (ro->sim && !a->host && !a->device) {
		a->host = "127.0.0.1";
		if (sim_scale_check(ctx, ro, e))
			return -1;
		if (!a->port) {
			if (station_sim_get(ctx->st, ro->sim, "port", portbuf, plen, e))
				return -1;
			a->port = (int)strtol(portbuf, NULL, 10);
		}
	}
	if (!a->host && !a->device)
		return err_set(e, EXIT_USAGE, "role %s: needs host: (TCP) or device: (RTU)",
		               ro->name);
	if (a->host && !a->port)
		a->port = 502;
	return 0;
}

static void reg(struct mbreg *r, enum mbtable t, long addr, double scale, int sgn, const char *n)
{
	*r = (struct mbreg){.table = t,
	                    .address = (int)addr,
	                    .words = 1,
	                    .is_signed = sgn,
	                    .scale = scale,
	                    .name = n};
}

static int setup_kind(struct mbdev *d, const struct drv_ctx *ctx, const struct role *ro,
                      struct err *e)
{
	char path[4096];
	switch (d->kind) {
	case K_CHAMBER:
		station_path(ctx->st, role_str(ro, "profile", "chambers/sim.yaml"), path,
		             sizeof path);
		return chprofile_load(path, &d->prof, e);
	case K_RELAY:
		reg(&d->r[0], MB_COIL, role_int(ro, "coil", 16), 1, 0, "relay");
		d->count = (int)role_int(ro, "count", 8);
		d->sense = role_int(ro, "sense", -1) >= 0;
		reg(&d->r[1], MB_DISCRETE, role_int(ro, "sense", 0), 1, 0, "relay sense");
		return 0;
	case K_POSITION:
		reg(&d->r[0], MB_HOLDING, role_int(ro, "target", 32), role_num(ro, "scale", 0.1), 1,
		    "position target");
		reg(&d->r[1], MB_INPUT, role_int(ro, "actual", 32), role_num(ro, "scale", 0.1), 1,
		    "position actual");
		return 0;
	case K_SENSOR: {
		enum mbtable t =
		    strcmp(role_str(ro, "table", "input"), "holding") ? MB_INPUT : MB_HOLDING;
		reg(&d->r[0], t, role_int(ro, "temp", 2), role_num(ro, "scale", 0.1), 1,
		    "sensor temperature");
		reg(&d->r[1], t, role_int(ro, "rh", 3), role_num(ro, "scale", 0.1), 0,
		    "sensor humidity");
		d->count = role_int(ro, "rh", 3) >= 0;
		return 0;
	}
	}
	return 0;
}

/* One read of the clock register, timed at the middle of the call (the
 * device answered somewhere inside it). */
static int clock_at(struct mbdev *d, double *clock, double *at, struct err *e)
{
	double t0 = mono_us() / 1e6;
	if (mb_read(&d->c, &d->prof.clock, clock, e))
		return -1;
	*at = (t0 + mono_us() / 1e6) / 2;
	return 0;
}

/* A time-scaled run shortens every hold by its scale: a chamber bench did
 * not start may be a real one (`simulated: true` is the station file's
 * word), and only a clock register that runs at the run's scale shows it
 * is a simulator. Without one the run cannot tell, so it refuses. */
static int no_clock(const struct mbdev *d, const struct drv_ctx *ctx, struct err *e)
{
	if (d->prof.has_clock)
		return 0;
	return err_set(e, EXIT_BAIL,
	               "a time-scaled run (scale %g) needs the chamber's clock: register to "
	               "show it is a simulator at that scale; profile %s has none (a real chamber "
	               "runs in real time: no --time-scale)",
	               ctx->time_scale, d->prof.model[0] ? d->prof.model : "(no model)");
}

/* A simulated chamber that bench did not start (its own `sim:` is how bench
 * knows the scale of those it did) must run at this run's time scale, or a
 * 4 h hold would pass in the wrong simulated time: its clock register is
 * read over half a second of real time (at least 20 of its seconds, at most
 * 3 s), and its rate must be the run's scale within 25 % (a simulator at
 * another scale is off by a factor; a loaded host only by its read times). */
static int clock_check(struct mbdev *d, const struct drv_ctx *ctx, struct err *e)
{
	double c0, c1, t0, t1;
	if (clock_at(d, &c0, &t0, e))
		return -1;
	do {
		struct timespec nap = {0, 50000000};
		nanosleep(&nap, NULL);
		if (clock_at(d, &c1, &t1, e))
			return -1;
	} while ((c1 - c0 < 20 || t1 - t0 < 0.5) && t1 - t0 < 3);
	double rate = (c1 - c0) / (t1 - t0), tol = 0.25 * ctx->time_scale + 1 / (t1 - t0);
	if (fabs(rate - ctx->time_scale) > tol)
		return err_set(
		    e, EXIT_BAIL,
		    "the chamber's clock (%s) runs at %.3g s per second, this run at time "
		    "scale %g: start the simulator at the run's scale",
		    d->prof.clock.name, rate, ctx->time_scale);
	trace_note(ctx->trace, d->role, "clock runs at %.3g s per second (time scale %g)", rate,
	           ctx->time_scale);
	return 0;
}

static int open_kind(lua_State *L, const struct drv_ctx *ctx, const struct role *ro, enum mbkind k,
                     struct err *e)
{
	struct mbaddr a;
	char port[32];
	if (role_addr(ctx, ro, &a, port, sizeof port, e))
		return -1;
	struct mbdev *d = lua_newuserdatauv(L, sizeof *d, 0);
	memset(d, 0, sizeof *d);
	d->kind = k;
	d->ctx = ctx;
	snprintf(d->role, sizeof d->role, "%s", ro->name);
	if (setup_kind(d, ctx, ro, e)) {
		lua_pop(L, 1);
		return err_prefix(e, "role %s", ro->name);
	}
	if (mb_open(&d->c, &a, e)) {
		if (k == K_CHAMBER)
			chprofile_free(&d->prof);
		lua_pop(L, 1);
		return err_prefix(e, "role %s", ro->name);
	}
	d->c.trace = trace_cb;
	d->c.trace_arg = d;
	d->c.retries = (int)role_int(ro, "retries", 3);
	int bad = d->c.retries < 0 || d->c.retries > 10;
	if (bad)
		err_set(e, EXIT_USAGE, "retries must be 0..10");
	else if (k == K_CHAMBER && !ro->sim && ctx->time_scale != 1.0)
		bad = no_clock(d, ctx, e) || clock_check(d, ctx, e);
	if (bad) {
		mb_close(&d->c);
		chprofile_free(&d->prof);
		lua_pop(L, 1);
		return err_prefix(e, "role %s", ro->name);
	}
	d->open = 1;
	lapi_setclass(L, mtname[k], methods[k], dev_gc, NULL);
	return 0;
}

#define OPEN_FN(fn, kind)                                                                          \
	static int fn(lua_State *L, const struct drv_ctx *ctx, const struct role *ro,              \
	              struct err *e)                                                               \
	{                                                                                          \
		return open_kind(L, ctx, ro, kind, e);                                             \
	}
OPEN_FN(open_chamber, K_CHAMBER)
OPEN_FN(open_relay, K_RELAY)
OPEN_FN(open_position, K_POSITION)
OPEN_FN(open_sensor, K_SENSOR)

#define CONN_OPTS                                                                                  \
	{"host", OPT_STRING, 0, "Modbus TCP host"}, {"port", OPT_INT, 0, "TCP port (502)"},        \
	    {"device", OPT_STRING, 0, "RTU serial device, e.g. /dev/ttyUSB0"},                     \
	    {"baud", OPT_INT, 0, "RTU baud rate (9600)"},                                          \
	    {"parity", OPT_STRING, 0, "RTU parity N, E or O (N)"},                                 \
	    {"data_bits", OPT_INT, 0, "RTU data bits (8)"},                                        \
	    {"stop_bits", OPT_INT, 0, "RTU stop bits (1)"},                                        \
	    {"unit", OPT_INT, 0, "Modbus unit (slave) id (1)"},                                    \
	    {"retries", OPT_INT, 0, "retries on busy, server failure, timeout (3; 0..10)"},        \
	{                                                                                          \
		"timeout_ms", OPT_INT, 0, "response timeout per call (1000)"                       \
	}

static const struct opt_spec chamber_opts[] = {
    CONN_OPTS,
    {"profile", OPT_STRING, 0, "chamber register profile (chambers/sim.yaml)"},
    {NULL, 0, 0, NULL},
};
static const struct opt_spec relay_opts[] = {
    CONN_OPTS,
    {"coil", OPT_INT, 0, "address of relay 1's coil (16)"},
    {"count", OPT_INT, 0, "number of relays (8)"},
    {"sense", OPT_INT, 0, "discrete input sensing relay 1's output (none)"},
    {NULL, 0, 0, NULL},
};
static const struct opt_spec position_opts[] = {
    CONN_OPTS,
    {"target", OPT_INT, 0, "holding register of the target position (32)"},
    {"actual", OPT_INT, 0, "input register of the actual position (32)"},
    {"scale", OPT_NUMBER, 0, "mm per count (0.1)"},
    {NULL, 0, 0, NULL},
};
static const struct opt_spec sensor_opts[] = {
    CONN_OPTS,
    {"table", OPT_STRING, 0, "input or holding (input)"},
    {"temp", OPT_INT, 0, "temperature register (2), signed"},
    {"rh", OPT_INT, 0, "humidity register (3); -1: no humidity"},
    {"scale", OPT_NUMBER, 0, "unit per count (0.1)"},
    {NULL, 0, 0, NULL},
};

/* Values, not just types: the address leads somewhere and every number is
 * one libmodbus takes, so `port: -5` or `unit: 999` stop the station at its
 * line instead of a test failing (or a default standing in) hours later. */
static int conn_check(const struct role *ro, struct err *e)
{
	static const char *const parities[] = {"N", "E", "O", NULL};
	const struct ynode *n = ro->node;
	const char *host = role_str(ro, "host", NULL), *dev = role_str(ro, "device", NULL);
	if (host && dev)
		return ynode_err(e, ynode_get(n, "device"),
		                 "role %s: host: (TCP) or device: (RTU), not both", ro->name);
	if (!host && !dev && !ro->sim)
		return ynode_err(e, n,
		                 "role %s: needs host: (TCP), device: (RTU) or sim:", ro->name);
	if (opt_int_range(n, "port", 1, 65535, e) ||
	    opt_int_range(n, "unit", 0, dev ? 247 : 255, e) ||
	    opt_int_range(n, "timeout_ms", 1, 600000, e) ||
	    opt_int_range(n, "baud", 50, 4000000, e) || opt_int_range(n, "data_bits", 5, 8, e) ||
	    opt_int_range(n, "stop_bits", 1, 2, e) || opt_oneof(n, "parity", parities, e))
		return -1;
	return 0;
}

/* A register scale: finite and not zero (values are divided by it). */
static int scale_check(const struct role *ro, struct err *e)
{
	if (opt_num_range(ro->node, "scale", -1e6, 1e6, e))
		return -1;
	if (role_num(ro, "scale", 0.1) == 0)
		return ynode_err(e, ynode_get(ro->node, "scale"), "scale must not be 0");
	return 0;
}

/* The chamber's register profile loads now, not when a test opens it. */
static int chamber_check(const struct station *st, const struct role *ro, struct err *e)
{
	char path[4096];
	struct chprofile prof;
	if (conn_check(ro, e))
		return -1;
	station_path(st, role_str(ro, "profile", "chambers/sim.yaml"), path, sizeof path);
	if (chprofile_load(path, &prof, e)) {
		const struct ynode *n = ynode_get(ro->node, "profile");
		n = n ? n : ro->node;
		return err_prefix(e, "%s:%d:%d: role %s: profile", n->file, n->line, n->col,
		                  ro->name);
	}
	chprofile_free(&prof);
	return 0;
}

static int relay_check(const struct station *st, const struct role *ro, struct err *e)
{
	(void)st;
	if (conn_check(ro, e) || opt_int_range(ro->node, "coil", 0, 65535, e) ||
	    opt_int_range(ro->node, "count", 1, 65536 - role_int(ro, "coil", 16), e))
		return -1;
	return opt_int_range(ro->node, "sense", 0, 65536 - role_int(ro, "count", 8), e);
}

static int position_check(const struct station *st, const struct role *ro, struct err *e)
{
	(void)st;
	if (conn_check(ro, e) || opt_int_range(ro->node, "target", 0, 65535, e) ||
	    opt_int_range(ro->node, "actual", 0, 65535, e))
		return -1;
	return scale_check(ro, e);
}

static int sensor_check(const struct station *st, const struct role *ro, struct err *e)
{
	static const char *const tables[] = {"input", "holding", NULL};
	(void)st;
	if (conn_check(ro, e) || opt_oneof(ro->node, "table", tables, e) ||
	    opt_int_range(ro->node, "temp", 0, 65535, e) ||
	    opt_int_range(ro->node, "rh", -1, 65535, e))
		return -1;
	return scale_check(ro, e);
}

const struct driver modbus_chamber_driver = {
    .name = "modbus-chamber",
    .doc = "climate chamber over Modbus TCP/RTU (register profile file)",
    .opts = chamber_opts,
    .open = open_chamber,
    .check = chamber_check,
};
const struct driver modbus_relay_driver = {
    .name = "modbus-relay",
    .doc = "relay coils over Modbus",
    .opts = relay_opts,
    .open = open_relay,
    .check = relay_check,
};
const struct driver modbus_position_driver = {
    .name = "modbus-position",
    .doc = "linear actuator (mm) over Modbus",
    .opts = position_opts,
    .open = open_position,
    .check = position_check,
};
const struct driver modbus_sensor_driver = {
    .name = "modbus-sensor",
    .doc = "reference thermometer/hygrometer over Modbus",
    .opts = sensor_opts,
    .open = open_sensor,
    .check = sensor_check,
};
