/* The journal of an interrupted run, read back by `bench resume`: points it
 * records are replayed, the first one it lacks and all after it are run. */
#ifndef BENCH_REPLAY_H
#define BENCH_REPLAY_H

#include <stddef.h>

#include "bench/base/err.h"

struct jrec;
struct replay;

/* Reads path up to its last complete record; NULL + e on error. */
struct replay *replay_open(const char *path, struct err *e);
void replay_close(struct replay *p);
/* The record of test id in suite number suite if it is the next one, else NULL. */
const struct jrec *replay_match(struct replay *p, int suite, const char *id);
/* The last checkpoint test id saved before the interruption, or NULL. */
const char *replay_checkpoint(const struct replay *p, const char *id, size_t *len);

#endif
