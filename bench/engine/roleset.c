/* The roles a suite needs: one computation for bench run --jobs (which
 * suites may run side by side) and bench plan (the same table). */
#include "engine.h"

#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "internal.h"

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int roleset_has(const struct roleset *rs, const char *role)
{
	return rs->n && bsearch(&role, rs->v, rs->n, sizeof *rs->v, cmp_str) != NULL;
}

int roleset_disjoint(const struct roleset *a, const struct roleset *b)
{
	for (size_t i = 0; i < a->n; i++)
		if (roleset_has(b, a->v[i]))
			return 0;
	return 1;
}

void roleset_free(struct roleset *rs)
{
	for (size_t i = 0; i < rs->n; i++)
		free(rs->v[i]);
	free(rs->v);
	rs->v = NULL;
	rs->n = 0;
}

/* Adds role unless there; kept sorted for roleset_has. */
static int add(struct roleset *rs, const char *role)
{
	if (roleset_has(rs, role))
		return 0;
	char **v = realloc(rs->v, (rs->n + 1) * sizeof *v);
	if (!v)
		return -1;
	rs->v = v;
	if (!(v[rs->n] = strdup(role)))
		return -1;
	rs->n++;
	qsort(rs->v, rs->n, sizeof *rs->v, cmp_str);
	return 0;
}

/* Whether field k of the table at 1 is true (absent: false). */
static int flag(lua_State *L, const char *k)
{
	lua_getfield(L, 1, k);
	int t = lua_type(L, -1), v = lua_toboolean(L, -1);
	lua_pop(L, 1);
	if (t != LUA_TNIL && t != LUA_TBOOLEAN)
		luaL_error(L, "'%s' must be true or false", k);
	return v;
}

int roleset_test_exclusive(lua_State *L)
{
	return flag(L, "exclusive");
}

void roleset_header(lua_State *L, struct roleset *rs)
{
	rs->exclusive = flag(L, "exclusive");
	lua_getfield(L, 1, "roles");
	if (lua_isnil(L, -1)) {
		lua_pop(L, 1);
		return;
	}
	luaL_argcheck(L, lua_istable(L, -1), 1, "suite roles must be a list of role names");
	roleset_free(rs);
	rs->declared = 1;
	for (lua_Integer i = 1; i <= (lua_Integer)lua_rawlen(L, -1); i++) {
		lua_rawgeti(L, -1, i);
		if (lua_type(L, -1) != LUA_TSTRING)
			luaL_error(L, "suite roles[%d] must be a role name", (int)i);
		if (add(rs, lua_tostring(L, -1)))
			luaL_error(L, "out of memory");
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
}

int suite_roleset(struct suite *s, struct err *e)
{
	struct roleset *rs = &s->roles;
	for (size_t i = 0; i < s->ntests; i++) {
		const struct testdecl *d = &s->tests[i];
		rs->exclusive |= d->exclusive;
		/* `uses` (a role used when the station has it) is held like a
		 * role: two suites must not share a reference sensor either. */
		for (size_t k = 0; k < d->nroles + d->nuses; k++) {
			const char *role = k < d->nroles ? d->roles[k] : d->uses[k - d->nroles];
			if (rs->declared && !roleset_has(rs, role))
				return err_set(e, EXIT_USAGE,
				               "%s:%d: test %s %s role '%s', which the suite's "
				               "roles = {...} does not list",
				               s->path, d->line, d->id,
				               k < d->nroles ? "needs" : "uses", role);
			if (!rs->declared && add(rs, role))
				return err_set(e, EXIT_USAGE, "out of memory");
		}
	}
	return 0;
}
