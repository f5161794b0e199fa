/* The `bench` library table of a run's Lua state, and t.roles: role
 * objects opened through their driver on first use. */
#include "internal.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "drivers/driver.h"
#include "bench/base/base.h"
#include "bench/lua/lualib.h"
#include "bench/lib/card/card.h"
#include "bench/lib/crypto/crypto.h"
#include "engine.h"
#include "bench/record/record.h"

/* The registry key of the run: an address, so finding the run (every
 * device call does, through lbench_health) interns no string. */
static const char RUN_KEY = 0;

struct run *lbench_run(lua_State *L)
{
	lua_rawgetp(L, LUA_REGISTRYINDEX, &RUN_KEY);
	struct run *r = lua_touserdata(L, -1);
	lua_pop(L, 1);
	return r;
}

static int b_clock(lua_State *L)
{
	struct run *r = lbench_run(L);
	lua_pushnumber(L, r ? run_elapsed(r) : run_mono());
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

/* A sleep that ends early at the test's deadline or on a signal: neither
 * waits for the end of a long hold. Slices of 50 ms, as the signal may be
 * delivered to another thread than the one sleeping. */
struct nap {
	double end;          /* run_mono() when it is over */
	const struct run *r; /* on a simulated clock: over when it shows wake */
	double wake;
	int cleanup; /* in t:finally: a signal does not cut it short */
	double t0;   /* t:wait: run_mono() when it began */
};

/* How long to sleep before looking again: on a simulated clock, slices
 * shorter than its leash, so the clock keeps running while a test waits. */
static double slice(const struct nap *n, double now)
{
	double s = n->end - now < 0.05 ? n->end - now : 0.05;
	if (n->r) {
		double left = (n->wake - run_elapsed(n->r)) / n->r->time_scale;
		s = left < s ? left : s;
		s = s < SIMCLOCK_LEASH_S / 2 ? s : SIMCLOCK_LEASH_S / 2;
	}
	return s;
}

static void nap(void *arg)
{
	const struct nap *n = arg;
	for (double now = run_mono(), s;
	     now < n->end && (n->cleanup || !run_signal()) && (s = slice(n, now)) > 0;
	     now = run_mono()) {
		struct timespec ts = {0, (long)(s * 1e9)};
		nanosleep(&ts, NULL);
	}
}

static int slept(lua_State *L, int status, lua_KContext ctx)
{
	(void)status, (void)ctx;
	lhook_check(L);
	return 0;
}

/* A nap of s seconds of the run's clock (simulated where it has one),
 * pushed on the stack. */
static struct nap *new_nap(lua_State *L, int arg, double s)
{
	/* NaN or a huge value would overflow the timespec (undefined behaviour). */
	luaL_argcheck(L, isfinite(s) && s <= 1e7, arg, "seconds must be a finite number <= 1e7");
	struct run *r = lbench_run(L);
	struct nap *n = lua_newuserdatauv(L, sizeof *n, 0);
	n->r = r && r->clock ? r : NULL;
	n->cleanup = lhook_in_cleanup(L);
	n->t0 = run_mono();
	if (n->r) { /* over when the simulated clock shows wake */
		n->wake = run_elapsed(r) + s;
		n->end = n->t0 + 1e7;
	} else {
		n->end = n->t0 + s / (r ? r->time_scale : 1.0);
	}
	return n;
}

/* In a branch of t:parallel the other branches go on meanwhile. */
static int b_sleep(lua_State *L)
{
	double s = luaL_checknumber(L, 1);
	if (isfinite(s) && s <= 0) /* NaN and -inf: new_nap's error */
		return 0;
	struct nap *n = new_nap(L, 1, s);
	double deadline = lhook_deadline(L);
	if (deadline > 0 && deadline < n->end) /* or over at the deadline */
		n->end = deadline;
	return par_call(L, nap, n, slept, 0);
}

static int waited(lua_State *L, int status, lua_KContext ctx)
{
	(void)status;
	const struct nap *n = lua_touserdata(L, (int)ctx);
	lhook_extend(L, run_mono() - n->t0); /* the station's time, not the test's */
	lhook_check(L);
	return 0;
}

int lbench_wait(lua_State *L)
{
	struct tctx *c = ltest_check(L);
	double s = luaL_checknumber(L, 2);
	const char *why = luaL_checkstring(L, 3);
	luaL_argcheck(L, s >= 0, 2, "seconds must be >= 0");
	/* The other branches run on meanwhile, against the test's deadline. */
	if (par_branch(L))
		return luaL_error(L,
		                  "t:wait in branch %s: a wait for the station is the whole "
		                  "test's, not a branch's",
		                  par_branch(L));
	lua_settop(L, 3);
	struct nap *n = new_nap(L, 2, s);
	char what[600];
	snprintf(what, sizeof what, "%g s: %s", s, why);
	lua_getfield(L, 1, "note");
	lua_pushvalue(L, 1);
	lua_pushliteral(L, "wait");
	lua_pushstring(L, what);
	lua_call(L, 3, 0);
	trace_note(c->run->trace, "bench", "%s: t:wait %s", c->decl->id, what);
	return par_call(L, nap, n, waited, 4);
}

/* bench.rss_kb(): this process's resident memory, for soak tests that
 * check nothing grows per exchange (suites cannot read /proc themselves). */
static int b_rss_kb(lua_State *L)
{
	long pages = -1, resident = -1;
	FILE *f = fopen("/proc/self/statm", "r");
	int n = f ? fscanf(f, "%ld %ld", &pages, &resident) : 0;
	if (f)
		fclose(f);
	if (n != 2)
		return luaL_error(L, "bench.rss_kb: /proc/self/statm unreadable");
	lua_pushinteger(L, resident * (sysconf(_SC_PAGESIZE) / 1024));
	return 1;
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

/* A suite's line to stderr and trace.log, keys redacted. */
static void log_line(lua_State *L, const char *text)
{
	struct run *r = lbench_run(L);
	char msg[4096];
	redact(r ? r->secrets : NULL, text, msg, sizeof msg);
	fprintf(stderr, "bench: %s\n", msg);
	if (r)
		trace_note(r->trace, "suite", "%s", msg);
}

static int b_log(lua_State *L)
{
	luaL_checkstring(L, 1);
	log_line(L, ltest_text(L, 1)); /* a NUL inside is shown, not an end */
	return 0;
}

/* print(...): Lua's formatting (tostring of each argument, tabs between),
 * but into the running test's diagnostics (`output:`) and the bench.log
 * path: a raw line on stdout would be a line of the TAP stream. */
static int b_print(lua_State *L)
{
	int n = lua_gettop(L);
	luaL_Buffer b;
	luaL_buffinit(L, &b);
	for (int i = 1; i <= n; i++) {
		if (i > 1)
			luaL_addchar(&b, '\t');
		luaL_tolstring(L, i, NULL);
		luaL_addvalue(&b);
	}
	luaL_pushresult(&b);
	const char *line = lua_tostring(L, -1);
	log_line(L, line);
	lua_getfield(L, LUA_REGISTRYINDEX, LTEST_CURRENT);
	struct tctx *c = lua_touserdata(L, -1);
	if (c) {
		sb_add(&c->output, "  - ", 4);
		yaml_quote(&c->output, line, strlen(line));
		sb_add(&c->output, "\n", 1);
	}
	return 0;
}

/* Side by side (--jobs) a suite may touch only the roles it declared: the
 * suite running next to it holds the others. Using one is a suite error
 * (exit 2), which also stops the run: its evidence would be unsound. */
static int undeclared(lua_State *L, struct run *r, const char *name)
{
	lua_getfield(L, LUA_REGISTRYINDEX, "bench.suite");
	const struct suite *s = lua_touserdata(L, -1);
	lua_pop(L, 1);
	if (r->jobs <= 1 || !s || s->roles.exclusive || roleset_has(&s->roles, name))
		return 0;
	char msg[512];
	snprintf(msg, sizeof msg,
	         "%s uses role '%s', which it does not declare: with --jobs a suite names "
	         "every role it uses (suite{roles = {...}})",
	         s->path, name);
	pthread_mutex_lock(&r->mu);
	if (!r->usage_error[0])
		snprintf(r->usage_error, sizeof r->usage_error, "%s", msg);
	pthread_mutex_unlock(&r->mu);
	run_bail(r, "%s", msg);
	return luaL_error(L, "%s", msg);
}

/* t.roles.NAME: opens the role through its driver on first use. */
static int roles_index(lua_State *L)
{
	struct run *r = lbench_run(L);
	const char *name = luaL_checkstring(L, 2);
	const struct role *role = r ? station_role(r->st, name) : NULL;
	if (!role)
		return 0;
	undeclared(L, r, name);
	struct err e = {0};
	if (role->driver->open(L, &r->drv, role, &e)) {
		if (e.code == EXIT_BAIL)
			run_bail(r, "role %s: %s", name, e.msg);
		else if (e.code == EXIT_FAILED) /* the device did not answer */
			lbench_health(&r->drv, name, DRV_NO_ANSWER, e.msg);
		return luaL_error(L, "role %s (%s): %s", name, role->driver->name, e.msg);
	}
	lbench_health(&r->drv, name, DRV_ANSWERED, "");
	lua_pushvalue(L, 2);
	lua_pushvalue(L, -2);
	lua_rawset(L, 1); /* cache: opened once per suite */
	return 1;
}

/* ctx is a run's own drv (run.c): the run is found from it, not through
 * the registry, on every device call. */
void lbench_health(const struct drv_ctx *ctx, const char *role, enum drv_health h, const char *msg)
{
	struct run *r = (struct run *)((const char *)ctx - offsetof(struct run, drv));
	const struct role *ro = station_role(r->st, role);
	if (!ro || !r->health)
		return;
	struct role_health *rh = &r->health[ro - r->st->roles];
	if (h == DRV_ANSWERED) {
		rh->answered = 1;
		return;
	}
	if (h == DRV_LOST)
		run_bail(r, "role %s lost: %s", role, msg);
	rh->failed = 1;
	snprintf(rh->last, sizeof rh->last, "%s", msg);
}

static int counted(const struct run *r, const struct roleset *rs, size_t i)
{
	return !rs || roleset_has(rs, r->st->roles[i].name);
}

void lbench_health_begin(struct run *r, const struct roleset *rs)
{
	for (size_t i = 0; r->health && i < r->st->nroles; i++)
		if (counted(r, rs, i))
			r->health[i].answered = r->health[i].failed = 0;
}

/* One test that missed could be one bad moment; DRV_MAX_MISSES in a row
 * with not one answer is a device that is gone (a frozen card, a killed
 * simulator), and the rest of the run would only pile up failures. */
void lbench_health_end(struct run *r, const struct roleset *rs)
{
	for (size_t i = 0; r->health && i < r->st->nroles; i++) {
		struct role_health *rh = &r->health[i];
		if (!counted(r, rs, i))
			continue;
		if (rh->answered)
			rh->missed = 0;
		else if (rh->failed && ++rh->missed >= DRV_MAX_MISSES)
			run_bail(r, "role %s lost: no answer in %d tests in a row (last: %s)",
			         r->st->roles[i].name, rh->missed, rh->last);
	}
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

/* The profile of the card role ro reaches: its `card_profile:` option,
 * else the profile of the simulated card it reaches; 0 if none. */
static int card_profile_path(const struct station *st, const struct role *ro, char *buf, size_t len)
{
	const char *p = role_str(ro, "card_profile", NULL);
	struct err e = {0};
	if (p) {
		station_path(st, p, buf, len);
		return 1;
	}
	return ro->sim && st->sims && station_sim_get(st, ro->sim, "profile", buf, len, &e) == 0;
}

/* {path=, <each declared choice>=value} (numbers as integers) of the
 * profile at path: only the choices, never keys or the PIN. */
static void push_profile(lua_State *L, const char *path)
{
	char buf[32];
	struct card_choices ch;
	struct err e = {0};
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
}

/* t.station.profiles: the profile of each card role's card (the `card`
 * role and every pcsc one), so a suite tests the issuer choices the card
 * declares; t.station.card_profile: the `card` role's (the card under
 * test), nil when it names none. Each suite's state is given them, so a
 * file that several roles' cards share (a simulated station's eight) is
 * read once: those roles share its table. */
static void push_card_profiles(lua_State *L, const struct station *st)
{
	char path[4096];
	lua_newtable(L);
	lua_newtable(L); /* path -> its table */
	for (size_t i = 0; i < st->nroles; i++) {
		const struct role *ro = &st->roles[i];
		int card = !strcmp(ro->name, "card") ||
		           (ro->driver_name && !strcmp(ro->driver_name, "pcsc"));
		if (!card || !card_profile_path(st, ro, path, sizeof path))
			continue;
		if (lua_getfield(L, -1, path) == LUA_TNIL) {
			lua_pop(L, 1);
			push_profile(L, path);
			lua_pushvalue(L, -1);
			lua_setfield(L, -3, path);
		}
		lua_setfield(L, -3, ro->name);
	}
	lua_pop(L, 1);
	lua_getfield(L, -1, "card");
	lua_setfield(L, -3, "card_profile");
	lua_setfield(L, -2, "profiles");
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
	if (r->st->dut.has_ups_charge) {
		lua_pushnumber(L, r->st->dut.ups_charge_s);
		lua_setfield(L, -2, "ups_charge_s");
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
	push_card_profiles(L, r->st);
}

static const luaL_Reg lib[] = {
    {"clock", b_clock}, {"mono", b_mono}, {"sleep", b_sleep},   {"hex", b_hex},
    {"unhex", b_unhex}, {"log", b_log},   {"rss_kb", b_rss_kb}, {NULL, NULL},
};

void lbench_open(lua_State *L, struct run *r)
{
	lua_pushlightuserdata(L, r);
	lua_rawsetp(L, LUA_REGISTRYINDEX, &RUN_KEY);
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
