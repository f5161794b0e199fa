/* The count hook of a suite's Lua state: what stops Lua code that does not
 * return by itself. Every EVERY instructions it looks at the monotonic clock
 * and the signal flag; past the test's deadline it raises "timeout after N
 * s", after SIGINT/SIGTERM "interrupted by SIG...", at the suite line that
 * was running. Once it has fired it fires at every instruction, so a
 * pcall in a loop cannot catch its way past it. Coroutines (t:parallel
 * branches, a suite's own) inherit the hook from the thread that creates
 * them, and share its state through the extra space Lua copies into every
 * new thread. */
#include "internal.h"

#include <stdio.h>
#include <string.h>

#include <lauxlib.h>

#include "engine.h"

/* Instructions between looks at the clock. Any count hook puts Lua on its
 * traced path for every instruction: a pure Lua loop runs about 3x slower
 * (measured: 1e8 additions 1.9 s -> 6.3 s), ~0.2 us on a suite's ~20
 * instructions per APDU, against ~100 us for the exchange itself. */
#define EVERY 1000

struct lhook {
	double deadline; /* run_mono() at which the test times out; 0: none */
	double limit;    /* its timeout, for the message */
	char where[256]; /* "file:line" where it last fired, or "" */
	int cleanup;     /* t:finally's functions run: a signal no longer stops them */
};

static struct lhook *state(lua_State *L)
{
	return *(struct lhook **)lua_getextraspace(L);
}

/* Whether L must stop now: past the deadline, or after a signal. */
static int due(struct lhook *h)
{
	return (run_signal() && !(h && h->cleanup)) ||
	       (h && h->deadline > 0 && run_mono() >= h->deadline);
}

/* Raises the error that ends the test, at the Lua code `level` up. */
static void stop(lua_State *L, struct lhook *h, int level)
{
	int sig = run_signal();
	lua_sethook(L, lua_gethook(L), LUA_MASKCOUNT, 1);
	luaL_where(L, level);
	if (h) {
		size_t n = strlen(lua_tostring(L, -1));
		snprintf(h->where, sizeof h->where, "%.*s",
		         (int)(n > 2 ? n - 2 : 0), /* drop ": " */
		         lua_tostring(L, -1));
	}
	char msg[64];
	if (sig)
		snprintf(msg, sizeof msg, "interrupted by %s", run_signal_name(sig));
	else
		snprintf(msg, sizeof msg, "timeout after %g s", h->limit);
	lua_pushstring(L, msg);
	lua_concat(L, 2);
	lua_error(L);
}

static void hook(lua_State *L, lua_Debug *ar)
{
	(void)ar;
	struct lhook *h = state(L);
	if (due(h))
		stop(L, h, 0); /* level 0 in a hook: the Lua function it interrupts */
}

void lhook_check(lua_State *L)
{
	struct lhook *h = state(L);
	if (due(h))
		stop(L, h, 1); /* level 1: the Lua code that called the C function */
}

void lhook_install(lua_State *L)
{
	struct lhook *h = lua_newuserdatauv(L, sizeof *h, 0);
	h->deadline = h->limit = 0;
	h->where[0] = '\0';
	h->cleanup = 0;
	lua_setfield(L, LUA_REGISTRYINDEX, "bench.lhook"); /* anchors it */
	*(struct lhook **)lua_getextraspace(L) = h;
	lua_sethook(L, hook, LUA_MASKCOUNT, EVERY);
}

void lhook_arm(lua_State *L, double seconds)
{
	struct lhook *h = state(L);
	h->limit = seconds;
	h->deadline = seconds > 0 ? run_mono() + seconds : 0;
	h->cleanup = 0;
	if (seconds > 0)
		h->where[0] = '\0';
	lua_sethook(L, hook, LUA_MASKCOUNT, EVERY); /* back from 1 after a timeout */
}

void lhook_arm_cleanup(lua_State *L, double seconds)
{
	struct lhook *h = state(L);
	char where[sizeof h->where];
	memcpy(where, h->where, sizeof where); /* the Bail out! line names the test's */
	lhook_arm(L, seconds);
	memcpy(h->where, where, sizeof where);
	h->cleanup = 1;
}

int lhook_in_cleanup(lua_State *L)
{
	struct lhook *h = state(L);
	return h && h->cleanup;
}

double lhook_deadline(lua_State *L)
{
	struct lhook *h = state(L);
	return h ? h->deadline : 0;
}

const char *lhook_where(lua_State *L)
{
	struct lhook *h = state(L);
	return h ? h->where : "";
}

void lhook_extend(lua_State *L, double seconds)
{
	struct lhook *h = state(L);
	if (h && h->deadline > 0)
		h->deadline += seconds;
}
