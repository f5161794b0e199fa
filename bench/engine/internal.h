/* Internal to bench/engine: running one test, the test object `t`, the
 * t:parallel scheduler and the `bench` global of a run. */
#ifndef BENCH_ENGINE_INTERNAL_H
#define BENCH_ENGINE_INTERNAL_H

#include <lua.h>
#include <stddef.h>
#include <stdio.h>

#include "bench/base/base.h"
#include "bench/record/record.h"
#include "drivers/driver.h"

struct run;
struct suite;
struct testdecl;
struct roleset;

/* Runs test d (number num in its suite), writes its TAP point and its
 * measurements; returns 1 when it did not fail (pass, skip or todo). */
/* sidx numbers the suite in the run (its journal records say which). A
 * resumed run replays the journaled point instead of running the test. */
int exec_test(struct run *r, struct suite *s, int sidx, const struct testdecl *d, int num);

/* The test object `t` a suite's run(t) receives, and the verdict it builds. */
struct run;
struct suite;
struct testdecl;

struct meas {
	char *name, *unit;
	double value, lo, hi;
	int has_lo, has_hi, lo_strict, hi_strict, pass;
	double at;              /* run's elapsed seconds when measured, scaled as bench.clock() */
	int inconclusive;       /* in the guard band (or guarded with no uncertainty) */
	int rule;               /* enum decision_rule */
	const char *instrument; /* the station's id of what measured it, or NULL */
	double u;               /* its uncertainty in the unit, when has_u */
	int has_u;
};

/* Decision rules (decide.c, docs/suite-api.md "Decision rules"). setup:
 * m's rule, instrument and uncertainty from t:measure's table (at 2), the
 * test, suite and station; decide: the outcome of m's limit check. */
enum meas_outcome { MEAS_PASS, MEAS_FAIL, MEAS_INCONCLUSIVE };
struct tctx;
void decide_setup(lua_State *L, const struct tctx *c, struct meas *m);
enum meas_outcome decide(const struct meas *m);

struct tctx {
	struct run *run;
	const struct suite *suite;
	const struct testdecl *decl;
	int nchecks; /* verdicts recorded: a test that made none has shown nothing */
	int rested;  /* bench resume ran its rest first: 1 put back, -1 it raised */
	int nfail;
	int ninconclusive;      /* of nfail: measurements in their guard band, t:inconclusive */
	char message[512];      /* first failure, shown first in the diagnostic */
	enum tap_directive dir; /* SKIP ends the test; TODO lets it run */
	char reason[512];
	struct sbuf failures, measures, notes; /* YAML list items / key lines */
	struct sbuf output;                    /* what print() wrote: YAML list items */
	/* The DUT failures journaled (journal_seen), redacted, each ending in a
	 * NUL: a resumed test's failures from before the stop are told apart
	 * from the ones its rerun saw again. */
	struct sbuf seen;
	int carried; /* failures from before the stop that stand (exec.c) */
	struct meas *meas;
	size_t nmeas;
};

/* Registry key of the running test's struct tctx (a light userdata, set
 * while its run() runs): where print() puts its lines. */
#define LTEST_CURRENT "bench.tctx"

/* The context of the test object `t` at index 1 (a Lua error if it is not). */
struct tctx *ltest_check(lua_State *L);
/* The string at idx with each NUL byte written as "\0" (it replaces the
 * value at idx): text a suite gives a report must not end at an embedded
 * NUL, as C strings would. NULL when idx holds no string or number. */
const char *ltest_text(lua_State *L, int idx);
/* m's value and limits as text (limits "" when absent), as the report and
 * measurements.csv print them. */
#define MEAS_NUM 64
void meas_numbers(const struct meas *m, char v[MEAS_NUM], char lo[MEAS_NUM], char hi[MEAS_NUM]);
/* "simple"/"guarded" ("" without limits); "pass"/"fail"/"inconclusive". */
const char *meas_rule(const struct meas *m);
const char *meas_verdict(const struct meas *m);

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

/* t:parallel: branches of one test that wait on their devices side by side
 * (a lab runs one card per slot). Each branch is a Lua coroutine on the run's
 * one Lua thread, so checks, closures and the test object are shared as in
 * any test; only the blocking device calls leave that thread: a branch hands
 * them to its own helper thread through par_call and yields until they end.
 * docs/suite-api.md "## Parallel branches". */
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

/* The `bench` global of a run's Lua state (lbench.c). */
struct run;

/* The run a Lua state belongs to (set by lbench_open). */
struct run *lbench_run(lua_State *L);
/* Installs the `bench` global with its modules (bench/lua's and the
 * drivers') and, with a run, t.roles/t.station. */
void lbench_open(lua_State *L, struct run *r);
/* t:wait(seconds, why): a wait for the station, not the DUT (a UPS that
 * charges, an instrument that warms up): sleeps as bench.sleep does, noted
 * `wait` on the point and in trace.log, its real time added to the test's
 * timeout (as an operator's is); a signal still ends it. */
int lbench_wait(lua_State *L);
/* drv_ctx.health (drivers/driver.h): a lost device bails the run out. The
 * engine brackets each test with begin/end, which counts the tests in a
 * row in which a role never answered. */
void lbench_health(const struct drv_ctx *ctx, const char *role, enum drv_health h, const char *msg);
/* rs: the roles of the suite (a --jobs run: the other suites' roles are
 * theirs to count), or NULL: every role. */
void lbench_health_begin(struct run *r, const struct roleset *rs);
void lbench_health_end(struct run *r, const struct roleset *rs);

/* The suite header's roles = {...} and exclusive = true (table at 1) into
 * rs, and a test's exclusive = true (roleset.c); Lua errors when malformed. */
void roleset_header(lua_State *L, struct roleset *rs);
int roleset_test_exclusive(lua_State *L);

/* --jobs (jobs.c): runs the selected suites, up to r->jobs at once, those
 * with disjoint role sets side by side; each suite's TAP is kept in its
 * lane and written whole, in the suites' order. Returns when all ended. */
struct lane;
void jobs_run(struct run *r, struct suite *suites, int n);
/* run.c: runs suite s (number sidx in the run, num among those selected) as
 * one subtest; returns 1 when none of its tests failed. How many of its
 * tests the run's --filter selects. */
int run_suite(struct run *r, struct suite *s, int sidx, int num);
int run_count_selected(const struct run *r, const struct suite *s);
/* Where suite s writes its TAP (the run's sinks, or its lane's buffers), and
 * what would go to stdout (LAVA signals). */
struct tap *lane_tap(struct run *r, const struct suite *s);
FILE *lane_stdout(const struct suite *s);
/* The run's current test (for run_lost's bail record), under r->mu. */
void run_set_current(struct run *r, const char *id);

/* The sandbox of a suite's Lua state (sandbox.c, docs/suite-api.md
 * "Sandbox"): the libraries a suite may use, `require` from the suite's own
 * folders, and errors naming what is not available. */
void sandbox_open(lua_State *L, const char *suite_path);

/* The count hook that stops a test past its timeout or after a signal
 * (lhook.c). install: once, on a new state, before any other thread. arm:
 * the running test's timeout in real seconds from now (0: none). deadline:
 * run_mono() at which it ends, 0 when none (bench.sleep wakes for it). */
void lhook_install(lua_State *L);
void lhook_arm(lua_State *L, double seconds);
double lhook_deadline(lua_State *L);
/* For a C function that waited (bench.sleep): raises the hook's error now
 * when the test is past its deadline or a signal came. */
void lhook_check(lua_State *L);
/* Moves the deadline by seconds: time spent waiting for an operator at a
 * TTY prompt (t:ask) does not count against the test. */
void lhook_extend(lua_State *L, double seconds);
/* "file:line" of the suite code the hook last stopped, or "". */
const char *lhook_where(lua_State *L);
/* Arms the hook for t:finally's functions: a deadline of seconds, and a
 * signal that came does not stop them (the test's "file:line" is kept). */
void lhook_arm_cleanup(lua_State *L, double seconds);
/* Whether t:finally's functions run now (bench.sleep then sleeps through a signal). */
int lhook_in_cleanup(lua_State *L);

/* t:finally(fn): fn(t) runs when the test ends, however it ends: returned,
 * failed, timed out or interrupted by a signal (lfinally.c). run: calls
 * the test's functions, the last given first, all within `seconds` of real
 * time; one that raises, and those the time left unrun, fail the test and
 * are said on stderr and in trace.log. FINALLY_TIMEOUT: at most that. */
#define FINALLY_TIMEOUT 60.0
int ltest_finally(lua_State *L);
void lfinally_run(lua_State *L, struct tctx *c, double seconds);
/* test{rest = fn} (ref, or LUA_NOREF: nothing): fn(t) puts back what the
 * test changes from the station alone, so it is the test's first
 * t:finally (not a rest_at_resume: c->decl->rest_finally 0); resumed
 * (bench resume of a run that died in this test with the station
 * changed), it first runs before the test, within seconds. 0, or -1 when
 * it raised there: the test fails and must not run, and the run ends. */
int lfinally_rest(lua_State *L, struct tctx *c, int ref, int resumed, double seconds);
/* After a run that died (bench resume): the tests whose t:finally
 * registration in trace_path was never put back, in ids, each followed by
 * a newline; how many. */
int lfinally_left(const char *trace_path, char *ids, size_t len);
/* Whether id is one of them. */
int lfinally_was_left(const char *ids, const char *id);

/* A station left changed (leftmark.c): check, before the first test, that
 * no other run's marker is there (EXIT_USAGE naming them; with
 * r->station_checked they are removed instead; a resume's own markers of
 * the tests in r->finally_left are its to put back); set and clear the marker
 * of test id while it has the station changed (why: NULL, or why its
 * put-back failed, which a later run names). */
int leftmark_check(struct run *r, struct err *e);
void leftmark_set(struct run *r, const char *id, const char *why);
void leftmark_clear(struct run *r, const char *id);

#endif
