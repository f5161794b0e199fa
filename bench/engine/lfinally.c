/* t:finally(fn): what a test puts back however it ends. A test that cuts
 * the DUT's mains, sets an AC source to 198 V or parks a fixture must undo
 * it before the next test, and a Lua pcall cannot promise that: past the
 * test's timeout or after SIGTERM the count hook stops every instruction
 * (lhook.c), so the Lua code that would undo it never runs. These functions
 * run after run() has ended, with the hook re-armed for them alone. */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "bench/record/record.h"
#include "engine.h"

#define FINALLY_KEY "bench.finally" /* registry: the running test's list */
/* trace.log's words after "<test id>" (lfinally_left reads them back) */
#define CHANGED  ": t:finally: the station changed until the test ends"
#define PUT_BACK ": t:finally: put back"
#define RESTED   ": rest: the station put back at resume"

/* Adds the function at idx to the running test's list. */
static void add(lua_State *L, struct tctx *c, int idx)
{
	idx = lua_absindex(L, idx);
	if (lua_getfield(L, LUA_REGISTRYINDEX, FINALLY_KEY) != LUA_TTABLE) {
		lua_pop(L, 1);
		lua_newtable(L);
		lua_pushvalue(L, -1);
		lua_setfield(L, LUA_REGISTRYINDEX, FINALLY_KEY);
		/* A run killed from here on left the station changed: bench
		 * resume finds this line without its "put back" (lfinally_left). */
		trace_note(c->run->trace, "bench", "%s" CHANGED, c->decl->id);
		leftmark_set(c->run, c->decl->id, NULL);
	}
	lua_pushvalue(L, idx);
	lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
	lua_pop(L, 1);
}

int ltest_finally(lua_State *L)
{
	struct tctx *c = ltest_check(L);
	luaL_checktype(L, 2, LUA_TFUNCTION);
	add(L, c, 2);
	return 0;
}

/* A failure of putting back: the test fails, and stderr and trace.log say
 * so, as an interrupted point is not journaled and its failures are not
 * reported. */
static void failed(struct tctx *c, const char *what)
{
	ltest_fail(c, what, NULL, NULL, NULL, NULL, NULL);
	fprintf(stderr, "bench: %s: %s\n", c->decl->id, what);
	trace_note(c->run->trace, "bench", "%s: %s", c->decl->id, what);
}

/* A put-back failed: the tests after it would run on a station that may
 * be left changed, and their verdicts would be its, so the run ends
 * (exit 3) after this test's point. A run a signal stops ends anyway, and
 * its resume puts back first. */
static void changed(struct tctx *c, const char *how)
{
	if (run_signal())
		return;
	leftmark_set(c->run, c->decl->id, how); /* what a run on the station is told */
	run_bail(c->run,
	         "%s: %s, so the station may be left changed: no later test runs on it "
	         "(check it, then run again with --station-checked)",
	         c->decl->id, how);
}

/* Calls the function on top of the stack with t (the caller resets the
 * stack). One that raised is a failure said as "<before><its message>
 * <after>": -1. */
static int call(lua_State *L, struct tctx *c, const char *before, const char *after)
{
	ltest_push(L, c);
	if (lua_pcall(L, 1, 0, 0) == LUA_OK || ltest_is_end(L, -1))
		return 0;
	const char *msg = ltest_text(L, -1);
	char what[600];
	snprintf(what, sizeof what, "%s%s%s", before, msg ? msg : "error object is not a string",
	         after);
	failed(c, what);
	return -1;
}

int lfinally_rest(lua_State *L, struct tctx *c, int ref, int resumed, double seconds)
{
	if (ref == LUA_NOREF)
		return 0;
	lua_rawgeti(L, LUA_REGISTRYINDEX, ref);
	int fn = lua_gettop(L), rc = 0;
	if (resumed) {
		lhook_arm_cleanup(L, seconds);
		lua_pushvalue(L, fn);
		rc = call(L, c, "rest, at resume: ",
		          ": the test not run on a station in an unknown state");
		if (!rc)
			trace_note(c->run->trace, "bench", "%s" RESTED, c->decl->id);
		c->rested = rc ? -1 : 1;
		if (rc)
			changed(c, "its rest failed at resume");
		lhook_arm(L, 0);
		lua_settop(L, fn);
	}
	if (!rc && c->decl->rest_finally)
		add(L, c, fn);
	else if (!rc && resumed) /* put back, and the test may change nothing again */
		leftmark_clear(c->run, c->decl->id);
	lua_pop(L, 1);
	return rc;
}

void lfinally_run(lua_State *L, struct tctx *c, double seconds)
{
	if (lua_getfield(L, LUA_REGISTRYINDEX, FINALLY_KEY) != LUA_TTABLE) {
		lua_pop(L, 1);
		return;
	}
	lua_pushnil(L);
	lua_setfield(L, LUA_REGISTRYINDEX, FINALLY_KEY);
	int list = lua_gettop(L);
	/* One deadline for them all: a suite that registers a million cannot
	 * hold the run a million times over. */
	lhook_arm_cleanup(L, seconds);
	int bad = 0;
	for (lua_Integer i = (lua_Integer)lua_rawlen(L, list); i >= 1; i--) {
		if (run_mono() >= lhook_deadline(L)) { /* the rest are one failure */
			char what[200];
			snprintf(what, sizeof what,
			         "t:finally: %lld function(s) not run: the %g s for putting back "
			         "are over",
			         (long long)i, seconds);
			failed(c, what);
			bad = 1;
			break;
		}
		lua_rawgeti(L, list, i);
		if (call(L, c, "t:finally: ", ""))
			bad = 1;
		lua_settop(L, list);
	}
	lhook_arm(L, 0);
	lua_pop(L, 1);
	/* Interrupted by a signal, the point runs again at resume: where its
	 * put-back failed (an operator's answer the signal cut short), no "put
	 * back" line, so bench resume runs the test's rest first. */
	if (!bad || !run_signal())
		trace_note(c->run->trace, "bench", "%s" PUT_BACK, c->decl->id);
	/* One that failed may have left the station changed: the marker stays,
	 * and the next run on the station asks for --station-checked. */
	if (!bad)
		leftmark_clear(c->run, c->decl->id);
	else
		changed(c, "its put-back failed");
}

/* The text of a trace line of role "bench" ("SEQ TIME MONO bench TEXT"),
 * or NULL: a suite's bench.log line, role "suite", cannot pass for one. */
static const char *bench_text(const char *line)
{
	for (int i = 0; i < 3; i++)
		if (!(line = strchr(line, ' ')) || !*++line)
			return NULL;
	return strncmp(line, "bench ", 6) == 0 ? line + 6 : NULL;
}

/* Where "<id>\n" is in the list ids, or NULL. */
static char *find(char *ids, const char *id, size_t n)
{
	for (char *p = ids; *p; p = strchr(p, '\n') + 1)
		if (strncmp(p, id, n) == 0 && p[n] == '\n')
			return p;
	return NULL;
}

int lfinally_was_left(const char *ids, const char *id)
{
	return find((char *)ids, id, strlen(id)) != NULL;
}

/* The tests with a CHANGED line and no PUT_BACK line after it: a run
 * killed (SIGKILL, a crash, a power cut) while they had the station
 * changed; more than one where tests ran side by side (--jobs). */
int lfinally_left(const char *trace_path, char *ids, size_t len)
{
	FILE *f = fopen(trace_path, "r");
	if (!f)
		return 0;
	char *line = NULL;
	size_t cap = 0;
	int n = 0;
	ids[0] = '\0';
	while (getline(&line, &cap, f) > 0) {
		const char *b = bench_text(line), *w;
		char *at;
		size_t used = strlen(ids);
		if (!b)
			continue;
		if ((w = strstr(b, CHANGED)) && w > b && !find(ids, b, (size_t)(w - b)) &&
		    used + (size_t)(w - b) + 2 <= len) {
			snprintf(ids + used, len - used, "%.*s\n", (int)(w - b), b);
			n++;
		} else if ((w = strstr(b, PUT_BACK)) && w > b &&
		           (at = find(ids, b, (size_t)(w - b)))) {
			memmove(at, at + (w - b) + 1, strlen(at + (w - b) + 1) + 1);
			n--;
		}
	}
	free(line);
	fclose(f);
	return n;
}
