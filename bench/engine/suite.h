/* A suite file: loaded into its own Lua state, which declares its tests. */
#ifndef BENCH_SUITE_H
#define BENCH_SUITE_H

#include <stddef.h>

#include <lua.h>

#include "bench/base/err.h"

struct run;

struct testdecl {
	char *id, *title, *clause, *todo;
	char **roles;
	size_t nroles;
	int fn_ref; /* registry reference of run() */
	int line;   /* where test{} was called */
};

struct suite {
	char *path;
	char *title, *standard;
	lua_State *L;
	struct testdecl *tests;
	size_t ntests;
};

/* Loads and declares; run may be NULL (list/check). Errors: file:line. */
int suite_load(const char *path, struct run *run, struct suite *s, struct err *e);
void suite_free(struct suite *s);
/* Closes the suite's Lua state once it has run: its device objects are
 * garbage-collected (closed) so the next suite can open them exclusively.
 * The declarations stay for reports. */
void suite_close(struct suite *s);

/* Expands SUITE arguments (files, or directories of *.lua, sorted) into
 * paths; returns the count or -1. */
int suite_paths(char **args, int nargs, char ***paths, struct err *e);
void suite_paths_free(char **paths, int n);

#endif
