#ifndef BENCH_EXEC_H
#define BENCH_EXEC_H

struct run;
struct suite;
struct testdecl;

/* Runs test d (number num in its suite), writes its TAP point and its
 * measurements; returns 1 when it did not fail (pass, skip or todo). */
int exec_test(struct run *r, struct suite *s, const struct testdecl *d, int num);

#endif
