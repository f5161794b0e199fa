/* t:parallel: branches of one test that wait on their devices side by side
 * (a lab runs one card per slot). Each branch is a Lua coroutine on the run's
 * one Lua thread, so checks, closures and the test object are shared as in
 * any test; only the blocking device calls leave that thread: a branch hands
 * them to its own helper thread through par_call and yields until they end.
 * docs/suite-api.md "## Parallel branches". */
#ifndef BENCH_PAR_H
#define BENCH_PAR_H

#include <lua.h>

/* A blocking call to make off the Lua thread. It must be bounded (every
 * device call has a timeout) and must not touch any lua_State. */
typedef void (*par_fn)(void *arg);

/* Runs fn(arg), then returns k(L, LUA_OK, ctx). In a branch of t:parallel,
 * fn runs on the branch's helper thread while the other branches go on;
 * anywhere else (or where L cannot yield) it runs right here. arg must stay
 * valid until k runs: keep it in a userdata on L's stack. */
int par_call(lua_State *L, par_fn fn, void *arg, lua_KFunction k, lua_KContext ctx);

/* The name of the t:parallel branch that L runs, or NULL. */
const char *par_branch(lua_State *L);

/* t:parallel{NAME = function(name) ... end, ...} (a method of `t`). */
int par_t_parallel(lua_State *L);

#endif
