#ifndef BENCH_VERSION_H
#define BENCH_VERSION_H

#define BENCH_VERSION "0.1.0"

/* The git commit bench was built from ("unknown" outside a checkout). */
const char *bench_commit(void);

#endif
