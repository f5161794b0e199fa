/* The `bench` library table of a run's Lua state, and t.roles: role
 * objects opened through their driver on first use. */
#include "internal.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "drivers/driver.h"
#include "bench/base/base.h"
#include "bench/lua/lualib.h"
#include "bench/lib/card/card.h"
#include "bench/lib/crypto/crypto.h"
#include "engine.h"
#include "bench/record/record.h"

struct run *lbench_run(lua_State *L)
{
	lua_getfield(L, LUA_REGISTRYINDEX, "bench.run");
	struct run *r = lua_touserdata(L, -1);
	lua_pop(L, 1);
	return r;
}

static int b_clock(lua_State *L)
{
	struct run *r = lbench_run(L);
	lua_pushnumber(L, r ? (run_mono() - r->started) * r->time_scale : run_mono());
	return 1;
}

/* Real seconds since the run started, never scaled: for device latencies,
 * which are physical even when --time-scale compresses holds and soaks. */
static int b_mono(lua_State *L)
{
	struct run *r = lbench_run(L);
	lua_pushnumber(L, run_mono() - (r ? r->started : 0));
	return 1;
}

static void nap(void *arg)
{
	struct timespec *ts = arg;
	while (nanosleep(ts, ts) != 0)
		;
}

static int slept(lua_State *L, int status, lua_KContext ctx)
{
	(void)L, (void)status, (void)ctx;
	return 0;
}

/* In a branch of t:parallel the other branches go on meanwhile. */
static int b_sleep(lua_State *L)
{
	struct run *r = lbench_run(L);
	double s = luaL_checknumber(L, 1);
	/* NaN or a huge value would overflow the timespec (undefined behaviour). */
	luaL_argcheck(L, isfinite(s) && s <= 1e7, 1, "seconds must be a finite number <= 1e7");
	s /= r ? r->time_scale : 1.0;
	if (s <= 0)
		return 0;
	struct timespec *ts = lua_newuserdatauv(L, sizeof *ts, 0);
	ts->tv_sec = (time_t)s;
	ts->tv_nsec = (long)((s - (double)(time_t)s) * 1e9);
	return par_call(L, nap, ts, slept, 0);
}

static int b_hex(lua_State *L)
{
	size_t n;
	const char *s = luaL_checklstring(L, 1, &n);
	lapi_pushhex(L, (const unsigned char *)s, n);
	return 1;
}

static int b_unhex(lua_State *L)
{
	size_t cap = strlen(luaL_checkstring(L, 1)) / 2 + 1;
	unsigned char *buf = lua_newuserdatauv(L, cap, 0);
	size_t n = lapi_checkhex(L, 1, buf, cap);
	lua_pushlstring(L, (const char *)buf, n);
	return 1;
}

static int b_log(lua_State *L)
{
	struct run *r = lbench_run(L);
	char msg[4096];
	luaL_checkstring(L, 1);
	redact(r ? r->secrets : NULL, ltest_text(L, 1), msg, sizeof msg);
	fprintf(stderr, "bench: %s\n", msg);
	if (r)
		trace_note(r->trace, "suite", "%s", msg);
	return 0;
}

/* print as Lua's, with keys and PINs redacted (lkeys_redact). */
static int b_print(lua_State *L)
{
	int n = lua_gettop(L); /* before luaL_buffinit, which may push */
	luaL_Buffer b;
	luaL_buffinit(L, &b);
	for (int i = 1; i <= n; i++) {
		if (i > 1)
			luaL_addchar(&b, '\t');
		luaL_tolstring(L, i, NULL);
		luaL_addvalue(&b);
	}
	luaL_pushresult(&b);
	size_t len;
	const char *line = lkeys_redact(L, -1, &len);
	fwrite(line, 1, len, stdout);
	fputc('\n', stdout);
	fflush(stdout);
	return 0;
}

/* t.roles.NAME: opens the role through its driver on first use. */
static int roles_index(lua_State *L)
{
	struct run *r = lbench_run(L);
	const char *name = luaL_checkstring(L, 2);
	const struct role *role = r ? station_role(r->st, name) : NULL;
	if (!role)
		return 0;
	struct err e = {0};
	if (role->driver->open(L, &r->drv, role, &e)) {
		if (e.code == EXIT_BAIL)
			run_bail(r, "role %s: %s", name, e.msg);
		return luaL_error(L, "role %s (%s): %s", name, role->driver->name, e.msg);
	}
	lua_pushvalue(L, 2);
	lua_pushvalue(L, -2);
	lua_rawset(L, 1); /* cache: opened once per suite */
	return 1;
}

/* t.station.roles: NAME -> {driver=, sim=, <scalar options as strings>}, so
 * a suite can see which roles the station declares (and e.g. a slot's reader
 * glob) without opening them: opening a role whose reader is gone bails the
 * run out. */
static void push_roles(lua_State *L, const struct station *st)
{
	lua_createtable(L, 0, (int)st->nroles);
	for (size_t i = 0; i < st->nroles; i++) {
		const struct role *ro = &st->roles[i];
		lua_newtable(L);
		for (size_t k = 0; ro->node && k < ro->node->nkids; k++)
			if (ro->node->kids[k].kind == YN_SCALAR) {
				lua_pushstring(L, ro->node->kids[k].str);
				lua_setfield(L, -2, ro->node->kids[k].key);
			}
		lua_setfield(L, -2, ro->name);
	}
}

/* The profile of the card under test (role `card`): its `card_profile:`
 * option, else the profile of the simulated card it reaches; 0 if none. */
static int card_profile_path(const struct station *st, char *buf, size_t len)
{
	const struct role *ro = station_role(st, "card");
	const char *p = ro ? role_str(ro, "card_profile", NULL) : NULL;
	struct err e = {0};
	if (p) {
		station_path(st, p, buf, len);
		return 1;
	}
	return ro && ro->sim && st->sims &&
	       station_sim_get(st, ro->sim, "profile", buf, len, &e) == 0;
}

/* t.station.card_profile: {path=, <each declared choice>=value} (numbers as
 * integers), so a suite tests the issuer choice the card declares; nil when
 * the station names no profile. Only the choices: never keys or the PIN. */
static void push_card_profile(lua_State *L, const struct station *st)
{
	char path[4096], buf[32];
	struct card_choices ch;
	struct err e = {0};
	if (!card_profile_path(st, path, sizeof path))
		return;
	lua_newtable(L);
	lua_pushstring(L, path);
	lua_setfield(L, -2, "path");
	if (card_choices_load(path, &ch, &e) < 0) {
		/* station_check read it at start: it changed under the run. */
		lua_pushstring(L, e.msg);
		lua_setfield(L, -2, "error");
	}
	for (int i = 0; i < CC_COUNT; i++) {
		const char *v = e.msg[0] ? NULL : card_choice_text(&ch, i, buf, sizeof buf);
		if (!v)
			continue;
		if (card_choice_numeric(i))
			lua_pushinteger(L, ch.value[i]);
		else
			lua_pushstring(L, v);
		lua_setfield(L, -2, card_choice_name(i));
	}
	lua_setfield(L, -2, "card_profile");
}

static void push_station(lua_State *L, const struct run *r)
{
	lua_createtable(L, 0, 4);
	lua_createtable(L, 0, 5);
	const char *k[] = {"maker", "model", "serial", "firmware", "class"};
	const char *v[] = {r->st->dut.maker, r->st->dut.model, r->st->dut.serial,
	                   r->st->dut.firmware, r->st->dut.class};
	for (int i = 0; i < 5; i++) {
		lua_pushstring(L, v[i]);
		lua_setfield(L, -2, k[i]);
	}
	lua_setfield(L, -2, "dut");
	lua_pushboolean(L, r->st->simulated);
	lua_setfield(L, -2, "simulated");
	lua_pushnumber(L, r->time_scale);
	lua_setfield(L, -2, "time_scale");
	lua_pushstring(L, r->st->name);
	lua_setfield(L, -2, "name");
	push_roles(L, r->st);
	lua_setfield(L, -2, "roles");
	push_card_profile(L, r->st);
}

static const luaL_Reg lib[] = {
    {"clock", b_clock}, {"mono", b_mono}, {"sleep", b_sleep}, {"hex", b_hex},
    {"unhex", b_unhex}, {"log", b_log},   {NULL, NULL},
};

void lbench_open(lua_State *L, struct run *r)
{
	lua_pushlightuserdata(L, r);
	lua_setfield(L, LUA_REGISTRYINDEX, "bench.run");
	luaL_newlib(L, lib);
	for (const struct lmodule *m = bench_modules; m->name; m++) {
		m->open(L);
		lua_setfield(L, -2, m->name);
	}
	driver_open_modules(L);
	lua_setglobal(L, "bench");
	lua_register(L, "print", b_print);
	if (!r)
		return;
	if (r->secrets)
		lkeys_set_secrets(L, r->secrets);
	lua_newtable(L);
	lua_createtable(L, 0, 1);
	lua_pushcfunction(L, roles_index);
	lua_setfield(L, -2, "__index");
	lua_setmetatable(L, -2);
	lua_setfield(L, LUA_REGISTRYINDEX, "bench.roles");
	push_station(L, r);
	lua_setfield(L, LUA_REGISTRYINDEX, "bench.station");
}
