/* The `bench` global of a run's Lua state (lbench.c). */
#ifndef BENCH_LBENCH_H
#define BENCH_LBENCH_H

#include <lua.h>

struct run;

/* The run a Lua state belongs to (set by lbench_open). */
struct run *lbench_run(lua_State *L);
/* Installs the `bench` global with its modules (bench/lua's and the
 * drivers') and, with a run, t.roles/t.station. */
void lbench_open(lua_State *L, struct run *r);

#endif
