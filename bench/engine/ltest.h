/* The test object `t` a suite's run(t) receives, and the verdict it builds. */
#ifndef BENCH_LTEST_H
#define BENCH_LTEST_H

#include <stddef.h>

#include <lua.h>

#include "bench/base/diag.h"
#include "bench/record/tap.h"

struct run;
struct suite;
struct testdecl;

struct meas {
	char *name, *unit;
	double value, lo, hi;
	int has_lo, has_hi, lo_strict, hi_strict, pass;
};

struct tctx {
	struct run *run;
	const struct suite *suite;
	const struct testdecl *decl;
	int nfail;
	char message[512];      /* first failure, shown first in the diagnostic */
	enum tap_directive dir; /* SKIP ends the test; TODO lets it run */
	char reason[512];
	struct sbuf failures, measures, notes; /* YAML list items / key lines */
	struct meas *meas;
	size_t nmeas;
};

/* The context of the test object `t` at index 1 (a Lua error if it is not). */
struct tctx *ltest_check(lua_State *L);
/* m's value and limits as text (limits "" when absent), as the report and
 * measurements.csv print them. */
#define MEAS_NUM 64
void meas_numbers(const struct meas *m, char v[MEAS_NUM], char lo[MEAS_NUM], char hi[MEAS_NUM]);

/* Pushes the userdata `t` for ctx (valid while ctx lives). */
void ltest_push(lua_State *L, struct tctx *ctx);
/* Records a failure: what, got/expected (may be NULL), where (file:line). */
void ltest_fail(struct tctx *c, const char *what, const char *got, const char *expected,
                const char *at, const char *extra_key, const char *extra);
/* Frees what the context owns. */
void ltest_free(struct tctx *c);

/* The error value that ends a test early without being a Lua error. */
int ltest_is_end(lua_State *L, int idx);
int ltest_end(lua_State *L);

/* Operator steps (lask.c). */
int ltest_ask(lua_State *L);
/* t:checkpoint(table) / t:restore() for resumable long tests (lcheckpoint.c). */
int ltest_checkpoint(lua_State *L);
int ltest_restore(lua_State *L);

#endif
