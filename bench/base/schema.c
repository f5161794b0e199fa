#include "base.h"

#include <string.h>

static const char *type_name(enum opt_type t)
{
	switch (t) {
	case OPT_STRING:
		return "a string";
	case OPT_INT:
		return "an integer";
	case OPT_NUMBER:
		return "a number";
	case OPT_BOOL:
		return "true or false";
	case OPT_LIST:
		return "a list";
	case OPT_MAP:
		return "a map";
	default:
		return "a value";
	}
}

static int check_type(const struct ynode *v, const struct opt_spec *s, struct err *e)
{
	long l;
	double d;
	int b;
	switch (s->type) {
	case OPT_STRING:
		return v->kind == YN_SCALAR ? 0 : ynode_err(e, v, "'%s' must be a string", s->name);
	case OPT_INT:
		return ynode_int(v, s->name, &l, e);
	case OPT_NUMBER:
		return ynode_num(v, s->name, &d, e);
	case OPT_BOOL:
		return ynode_bool(v, s->name, &b, e);
	case OPT_LIST:
		return v->kind == YN_SEQ
		           ? 0
		           : ynode_err(e, v, "'%s' must be %s", s->name, type_name(s->type));
	case OPT_MAP:
		return v->kind == YN_MAP
		           ? 0
		           : ynode_err(e, v, "'%s' must be %s", s->name, type_name(s->type));
	default:
		return 0;
	}
}

static int in_list(const char *k, const char *const *list)
{
	for (; list && *list; list++)
		if (strcmp(k, *list) == 0)
			return 1;
	return 0;
}

int schema_check(const struct ynode *map, const struct opt_spec *specs, const char *const *skip,
                 struct err *e)
{
	if (map->kind != YN_MAP)
		return ynode_err(e, map, "expected a map of options");
	for (size_t i = 0; i < map->nkids; i++) {
		const struct ynode *k = &map->kids[i];
		if (in_list(k->key, skip))
			continue;
		const struct opt_spec *s = specs;
		while (s && s->name && strcmp(s->name, k->key) != 0)
			s++;
		if (!s || !s->name) {
			char known[512] = "";
			for (s = specs; s && s->name; s++) {
				strncat(known, known[0] ? ", " : "",
				        sizeof known - strlen(known) - 1);
				strncat(known, s->name, sizeof known - strlen(known) - 1);
			}
			return err_set(e, EXIT_USAGE, "%s:%d:%d: unknown key '%s' (known: %s)",
			               k->file, k->kline, k->kcol, k->key,
			               known[0] ? known : "none");
		}
		if (check_type(k, s, e))
			return -1;
	}
	for (const struct opt_spec *s = specs; s && s->name; s++)
		if (s->required && !ynode_get(map, s->name))
			return ynode_err(e, map, "missing required key '%s'%s%s", s->name,
			                 s->help ? ": " : "", s->help ? s->help : "");
	return 0;
}

int opt_int_range(const struct ynode *map, const char *key, long lo, long hi, struct err *e)
{
	const struct ynode *n = ynode_get(map, key);
	long v;
	if (!n)
		return 0;
	if (ynode_int(n, key, &v, e))
		return -1;
	if (v < lo || v > hi)
		return ynode_err(e, n, "%s must be %ld..%ld, not %s", key, lo, hi, n->str);
	return 0;
}

int opt_num_range(const struct ynode *map, const char *key, double lo, double hi, struct err *e)
{
	const struct ynode *n = ynode_get(map, key);
	double v;
	if (!n)
		return 0;
	if (ynode_num(n, key, &v, e))
		return -1;
	if (v < lo || v > hi)
		return ynode_err(e, n, "%s must be %g..%g, not %s", key, lo, hi, n->str);
	return 0;
}

int opt_oneof(const struct ynode *map, const char *key, const char *const *allowed, struct err *e)
{
	const struct ynode *n = ynode_get(map, key);
	if (!n || n->kind != YN_SCALAR || in_list(n->str, allowed))
		return 0;
	char list[256] = "";
	for (const char *const *a = allowed; *a; a++) {
		strncat(list, a == allowed ? "" : ", ", sizeof list - strlen(list) - 1);
		strncat(list, *a, sizeof list - strlen(list) - 1);
	}
	return ynode_err(e, n, "%s must be one of %s, not '%s'", key, list, n->str);
}
