#ifndef BENCH_EXEC_H
#define BENCH_EXEC_H

struct run;
struct suite;
struct testdecl;

/* Runs test d (number num in its suite), writes its TAP point and its
 * measurements; returns 1 when it did not fail (pass, skip or todo). */
/* sidx numbers the suite in the run (its journal records say which). A
 * resumed run replays the journaled point instead of running the test. */
int exec_test(struct run *r, struct suite *s, int sidx, const struct testdecl *d, int num);

#endif
