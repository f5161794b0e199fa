/* The scheduler behind t:parallel (see par.h). Lua stays single-threaded:
 * the scheduler resumes one branch at a time on the caller's thread, and a
 * branch that makes a device call posts it to its helper thread and yields.
 * When no branch can run, the scheduler sleeps until a helper finishes. It
 * returns only when every branch has ended and no call is outstanding, so
 * the buffers the calls write into are still alive when they finish. */
#include "internal.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#define REG_KEY      "bench.par" /* registry: branch coroutine -> struct branch */
#define MAX_BRANCHES 64

enum state { B_RUN, B_WAIT, B_DONE };

struct sched;

struct branch {
	struct sched *s;
	char name[64];
	lua_State *co;
	enum state state; /* the Lua thread's view; only it reads or writes */
	int nargs;        /* for the next resume */
	int ended;        /* by a Lua error, t:require or t:skip */
	/* Shared with the helper thread, under s->mu. */
	pthread_t tid;
	int has_thread, posted, finished, quit;
	pthread_cond_t cv; /* a call was posted, or quit */
	par_fn fn;
	void *arg;
};

struct sched {
	pthread_mutex_t mu;
	pthread_cond_t cv; /* a helper finished a call */
	struct branch b[MAX_BRANCHES];
	size_t n;
};

static struct branch *branch_of(lua_State *L)
{
	/* Branches are coroutines: a test's own thread (every APDU outside
	 * t:parallel) is answered without the registry lookups. */
	int main_thread = lua_pushthread(L);
	lua_pop(L, 1);
	if (main_thread)
		return NULL;
	if (lua_getfield(L, LUA_REGISTRYINDEX, REG_KEY) != LUA_TTABLE) {
		lua_pop(L, 1);
		return NULL;
	}
	lua_rawgetp(L, -1, L);
	struct branch *b = lua_touserdata(L, -1);
	lua_pop(L, 2);
	return b;
}

const char *par_branch(lua_State *L)
{
	struct branch *b = branch_of(L);
	return b ? b->name : NULL;
}

static void *helper(void *arg)
{
	struct branch *b = arg;
	struct sched *s = b->s;
	pthread_mutex_lock(&s->mu);
	for (;;) {
		while (!b->posted && !b->quit)
			pthread_cond_wait(&b->cv, &s->mu);
		if (!b->posted)
			break;
		pthread_mutex_unlock(&s->mu);
		b->fn(b->arg);
		pthread_mutex_lock(&s->mu);
		b->posted = 0;
		b->finished = 1;
		pthread_cond_signal(&s->cv);
	}
	pthread_mutex_unlock(&s->mu);
	return NULL;
}

/* The helper starts with the branch's first call: a branch that only
 * computes never costs a thread. */
static int start_helper(struct branch *b)
{
	if (!b->has_thread && pthread_create(&b->tid, NULL, helper, b) == 0)
		b->has_thread = 1;
	return b->has_thread ? 0 : -1;
}

int par_call(lua_State *L, par_fn fn, void *arg, lua_KFunction k, lua_KContext ctx)
{
	struct branch *b = branch_of(L);
	/* Not yieldable: a device call inside a C function that called back
	 * into Lua (a matcher of t:match, say). It still works, just serially. */
	if (!b || !lua_isyieldable(L) || start_helper(b) < 0) {
		fn(arg);
		return k(L, LUA_OK, ctx);
	}
	pthread_mutex_lock(&b->s->mu);
	b->fn = fn;
	b->arg = arg;
	b->posted = 1;
	b->finished = 0;
	pthread_cond_signal(&b->cv);
	pthread_mutex_unlock(&b->s->mu);
	b->state = B_WAIT;
	return lua_yieldk(L, 0, ctx, k);
}

/* A branch ended with an error: a Lua error is a failure of the test with
 * the branch's own traceback; t:require and t:skip recorded theirs. */
static void branch_failed(lua_State *L, struct tctx *c, struct branch *b)
{
	b->ended = 1;
	if (ltest_is_end(b->co, -1))
		return;
	const char *msg = lua_tostring(b->co, -1);
	luaL_traceback(L, b->co, msg ? msg : "error object is not a string", 0);
	const char *tb = lua_tostring(L, -1);
	char what[600];
	snprintf(what, sizeof what, "Lua error in branch %s: %.*s", b->name, (int)strcspn(tb, "\n"),
	         tb);
	ltest_fail(c, what, NULL, NULL, NULL, "traceback", tb);
	lua_pop(L, 1);
}

static void step(lua_State *L, struct tctx *c, struct branch *b)
{
	int nres = 0;
	int st = lua_resume(b->co, L, b->nargs, &nres);
	b->nargs = 0;
	if (st == LUA_YIELD) {
		/* A plain coroutine.yield just lets the others run first. */
		lua_pop(b->co, nres);
		return;
	}
	b->state = B_DONE;
	if (st != LUA_OK)
		branch_failed(L, c, b);
}

/* Sleeps until at least one posted call has finished; those branches run. */
static void wait_any(struct sched *s)
{
	pthread_mutex_lock(&s->mu);
	for (;;) {
		int woke = 0;
		for (size_t i = 0; i < s->n; i++)
			if (s->b[i].state == B_WAIT && s->b[i].finished) {
				s->b[i].finished = 0;
				s->b[i].state = B_RUN;
				woke = 1;
			}
		if (woke)
			break;
		pthread_cond_wait(&s->cv, &s->mu);
	}
	pthread_mutex_unlock(&s->mu);
}

static void run_all(lua_State *L, struct tctx *c, struct sched *s)
{
	for (;;) {
		int running = 0, waiting = 0;
		for (size_t i = 0; i < s->n; i++)
			if (s->b[i].state == B_RUN)
				step(L, c, &s->b[i]);
		for (size_t i = 0; i < s->n; i++) {
			running += s->b[i].state == B_RUN;
			waiting += s->b[i].state == B_WAIT;
		}
		if (!running && !waiting)
			return;
		if (!running)
			wait_any(s);
	}
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Checks the branch table and sorts its names (the order branches start
 * in, and of their lines in the report, must not depend on hashing). */
static size_t branch_names(lua_State *L, const char **names)
{
	size_t n = 0;
	lua_pushnil(L);
	while (lua_next(L, 2)) {
		if (lua_type(L, -2) != LUA_TSTRING)
			luaL_error(L, "t:parallel: branches are NAME = function, got a %s key",
			           luaL_typename(L, -2));
		const char *name = lua_tostring(L, -2);
		if (!lua_isfunction(L, -1))
			luaL_error(L, "t:parallel: branch %s is a %s, not a function", name,
			           luaL_typename(L, -1));
		if (strlen(name) >= sizeof((struct branch *)0)->name || n == MAX_BRANCHES)
			luaL_error(L, "t:parallel: at most %d branches, names under 64 bytes",
			           MAX_BRANCHES);
		names[n++] = name; /* anchored by the table, which is not changed yet */
		lua_pop(L, 1);
	}
	if (n == 0)
		luaL_error(L, "t:parallel: no branches");
	qsort(names, n, sizeof *names, by_name);
	return n;
}

/* One coroutine per branch, kept alive on L's stack and known to
 * branch_of by its address. */
static void make_branches(lua_State *L, struct sched *s, const char **names)
{
	luaL_checkstack(L, (int)s->n + 4, "t:parallel");
	if (lua_getfield(L, LUA_REGISTRYINDEX, REG_KEY) != LUA_TTABLE) {
		lua_pop(L, 1);
		lua_newtable(L);
		lua_pushvalue(L, -1);
		lua_setfield(L, LUA_REGISTRYINDEX, REG_KEY);
	}
	int reg = lua_gettop(L);
	for (size_t i = 0; i < s->n; i++) {
		struct branch *b = &s->b[i];
		b->s = s;
		snprintf(b->name, sizeof b->name, "%s", names[i]);
		b->co = lua_newthread(L);
		lua_getfield(L, 2, b->name);
		lua_xmove(L, b->co, 1);
		lua_pushstring(b->co, b->name);
		b->nargs = 1;
		b->state = B_RUN;
		lua_pushlightuserdata(L, b);
		lua_rawsetp(L, reg, b->co);
		lua_insert(L, reg); /* the thread stays below the registry table */
		reg++;
	}
}

static void forget_branches(lua_State *L, struct sched *s)
{
	lua_getfield(L, LUA_REGISTRYINDEX, REG_KEY);
	for (size_t i = 0; i < s->n; i++) {
		lua_pushnil(L);
		lua_rawsetp(L, -2, s->b[i].co);
	}
	lua_pop(L, 1);
}

static void stop_helpers(struct sched *s)
{
	for (size_t i = 0; i < s->n; i++) {
		struct branch *b = &s->b[i];
		if (b->has_thread) {
			pthread_mutex_lock(&s->mu);
			b->quit = 1;
			pthread_cond_signal(&b->cv);
			pthread_mutex_unlock(&s->mu);
			pthread_join(b->tid, NULL);
		}
		pthread_cond_destroy(&b->cv);
	}
	pthread_cond_destroy(&s->cv);
	pthread_mutex_destroy(&s->mu);
}

int par_t_parallel(lua_State *L)
{
	struct tctx *c = ltest_check(L);
	luaL_checktype(L, 2, LUA_TTABLE);
	if (branch_of(L))
		return luaL_error(L, "t:parallel inside a branch of t:parallel");
	const char *names[MAX_BRANCHES];
	struct sched *s = lua_newuserdatauv(L, sizeof *s, 0);
	memset(s, 0, sizeof *s);
	s->n = branch_names(L, names);
	make_branches(L, s, names);
	/* No Lua error from here on: the threads below must be joined. */
	pthread_mutex_init(&s->mu, NULL);
	pthread_cond_init(&s->cv, NULL);
	for (size_t i = 0; i < s->n; i++)
		pthread_cond_init(&s->b[i].cv, NULL);
	run_all(L, c, s);
	stop_helpers(s);
	forget_branches(L, s);
	for (size_t i = 0; i < s->n; i++)
		if (s->b[i].ended)
			return ltest_end(L);
	return 0;
}
