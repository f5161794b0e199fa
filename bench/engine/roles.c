/* Which roles a suite occupies, for scheduling suites side by side. */
#include "engine.h"

#include <stdlib.h>
#include <string.h>

static int has(const char **set, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(set[i], name) == 0)
			return 1;
	return 0;
}

int suite_roleset(const struct suite *s, const char ***out)
{
	size_t cap = 1, n = 0;
	for (size_t i = 0; i < s->ntests; i++)
		cap += s->tests[i].nroles + s->tests[i].nuses;
	const char **set = calloc(cap, sizeof *set);
	if (!set)
		return -1;
	for (size_t i = 0; i < s->ntests; i++) {
		const struct testdecl *d = &s->tests[i];
		for (size_t k = 0; k < d->nroles + d->nuses; k++) {
			const char *r = k < d->nroles ? d->roles[k] : d->uses[k - d->nroles];
			if (!has(set, n, r))
				set[n++] = r;
		}
	}
	*out = set;
	return (int)n;
}

int roleset_disjoint(const char *const *a, const char *const *b)
{
	for (; *a; a++)
		for (const char *const *q = b; *q; q++)
			if (strcmp(*a, *q) == 0)
				return 0;
	return 1;
}
