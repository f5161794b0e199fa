#include "engine.h"

#include <stddef.h>

int answers_load(const char *path, struct answers *a, struct err *e)
{
	a->root = ynode_load_file(path, e);
	if (!a->root)
		return -1;
	if (a->root->kind != YN_MAP) {
		ynode_err(e, a->root, "an answers file is a map of '<test id>.<key>: answer'");
		answers_free(a);
		return -1;
	}
	for (size_t i = 0; i < a->root->nkids; i++) {
		const struct ynode *n = &a->root->kids[i];
		if (n->kind != YN_SCALAR) {
			ynode_err(e, n, "answer to '%s' must be yes/no or a number", n->key);
			answers_free(a);
			return -1;
		}
	}
	return 0;
}

void answers_free(struct answers *a)
{
	ynode_free(a->root);
	a->root = NULL;
}

const struct ynode *answers_get(const struct answers *a, const char *key)
{
	return a ? ynode_get(a->root, key) : NULL;
}
