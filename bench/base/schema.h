/* Checks a YAML map against a list of allowed keys, so a typo in a station
 * file is an error at its line, not a silently ignored option. */
#ifndef BENCH_SCHEMA_H
#define BENCH_SCHEMA_H

#include "ynode.h"

enum opt_type { OPT_STRING, OPT_INT, OPT_NUMBER, OPT_BOOL, OPT_LIST, OPT_MAP, OPT_ANY };

struct opt_spec {
	const char *name;
	enum opt_type type;
	int required;
	const char *help; /* one line, shown by `bench check` on a bad key */
};

/* specs ends with an entry whose name is NULL. Keys in `skip` (NULL-ended,
 * may be NULL) are accepted without checks: they belong to another layer. */
int schema_check(const struct ynode *map, const struct opt_spec *specs, const char *const *skip,
                 struct err *e);

#endif
