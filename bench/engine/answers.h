/* The answers file of an unattended run: operator answers keyed by
 * "<test id>.<key>", so a visual check can be answered ahead of time. */
#ifndef BENCH_ANSWERS_H
#define BENCH_ANSWERS_H

#include "bench/base/err.h"
#include "bench/base/ynode.h"

struct answers {
	struct ynode *root;
};

int answers_load(const char *path, struct answers *a, struct err *e);
void answers_free(struct answers *a);
/* The answer node for key, or NULL when the file has none. */
const struct ynode *answers_get(const struct answers *a, const char *key);

#endif
