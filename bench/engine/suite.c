/* Loading a suite file: its chunk runs once and declares tests with
 * test{...}; nothing of a test runs at load time. */
#include "engine.h"

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <lauxlib.h>

#include "internal.h"
#include "bench/lua/lualib.h"

static struct suite *self(lua_State *L)
{
	return lua_touserdata(L, lua_upvalueindex(1));
}

/* Field k of the table at 1 as a fresh string, or NULL when absent. */
static char *opt_field(lua_State *L, const char *k)
{
	lua_getfield(L, 1, k);
	if (lua_isnil(L, -1)) {
		lua_pop(L, 1);
		return NULL;
	}
	if (lua_type(L, -1) != LUA_TSTRING)
		luaL_error(L, "test field '%s' must be a string", k);
	char *s = strdup(ltest_text(L, -1));
	lua_pop(L, 1);
	return s;
}

int testdecl_for_class(const struct testdecl *d, const char *class)
{
	if (!d->dut_class)
		return 1;
	size_t n = class ? strlen(class) : 0;
	for (const char *p = d->dut_class; class && *p; p += strcspn(p, "|"), p += *p == '|')
		if (strcspn(p, "|") == n && !strncmp(p, class, n))
			return 1;
	return 0;
}

static int valid_id(const char *id)
{
	if (!*id)
		return 0;
	for (; *id; id++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.:-",
		            *id))
			return 0;
	return 1;
}

/* roles = { ... } (needed: missing ones SKIP the test), uses = { ... }
 * (used when the station has them), waits = { ... } (station options): the
 * names (each a `what`) into *v. */
static void read_names(lua_State *L, const char *k, const char *what, char ***v, size_t *nv)
{
	lua_getfield(L, 1, k);
	if (lua_isnil(L, -1)) {
		lua_pop(L, 1);
		return;
	}
	if (!lua_istable(L, -1))
		luaL_argerror(L, 1, lua_pushfstring(L, "%s must be a list of %ss", k, what));
	size_t n = lua_rawlen(L, -1);
	*v = calloc(n + 1, sizeof **v);
	for (size_t i = 0; *v && i < n; i++, (*nv)++) {
		lua_rawgeti(L, -1, (lua_Integer)i + 1);
		if (lua_type(L, -1) != LUA_TSTRING)
			luaL_error(L, "%s[%d] must be a %s", k, (int)i + 1, what);
		(*v)[i] = strdup(lua_tostring(L, -1));
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
}

/* duration = S: what the test is expected to take at time scale 1, in
 * seconds (bench plan; docs/campaign.md). */
static void read_duration(lua_State *L, struct testdecl *t)
{
	lua_getfield(L, 1, "duration");
	if (!lua_isnil(L, -1)) {
		int isnum;
		t->duration = lua_tonumberx(L, -1, &isnum);
		if (!isnum || !(t->duration >= 0) || t->duration > 1e9)
			luaL_error(L, "test %s: duration must be a number of seconds >= 0", t->id);
	}
	lua_pop(L, 1);
}

/* timeout = S: real seconds, whatever --time-scale (docs/suite-api.md). */
static void read_timeout(lua_State *L, struct testdecl *t)
{
	lua_getfield(L, 1, "timeout");
	if (!lua_isnil(L, -1)) {
		int isnum;
		t->timeout = lua_tonumberx(L, -1, &isnum);
		if (!isnum || !(t->timeout > 0))
			luaL_error(L, "test %s: timeout must be a number of seconds > 0", t->id);
	}
	lua_pop(L, 1);
}

static void free_decl(struct testdecl *t)
{
	free(t->id);
	free(t->title);
	free(t->title_zh);
	free(t->clause);
	free(t->todo);
	free(t->dut_class);
	free(t->rule);
	for (size_t i = 0; i < t->nroles; i++)
		free(t->roles[i]);
	free(t->roles);
	for (size_t i = 0; i < t->nuses; i++)
		free(t->uses[i]);
	free(t->uses);
	for (size_t i = 0; i < t->nwaits; i++)
		free(t->waits[i]);
	free(t->waits);
}

/* The line of the test declared before with this id, 0 if none (then the
 * id is recorded at line): a table lookup, as a scan of the tests so far
 * made loading a suite of 100 000 points quadratic. */
static int first_line(lua_State *L, const char *id, int line)
{
	if (lua_getfield(L, LUA_REGISTRYINDEX, "bench.test_ids") != LUA_TTABLE) {
		lua_pop(L, 1);
		lua_newtable(L);
		lua_pushvalue(L, -1);
		lua_setfield(L, LUA_REGISTRYINDEX, "bench.test_ids");
	}
	int first = lua_getfield(L, -1, id) == LUA_TNUMBER ? (int)lua_tointeger(L, -1) : 0;
	lua_pop(L, 1);
	if (!first) {
		lua_pushinteger(L, line);
		lua_setfield(L, -2, id);
	}
	lua_pop(L, 1);
	return first;
}

/* The test's rest (also its first t:finally) or rest_at_resume (run at
 * resume only, before the test runs again: what a closure given to
 * t:finally put back, such as the operator's swap of the station's card,
 * which only the operator can undo), at most one of them. */
static int read_rest(lua_State *L, struct testdecl *t)
{
	static const char *const keys[] = {"rest", "rest_at_resume"};
	for (int i = 0; i < 2; i++) {
		lua_getfield(L, 1, keys[i]);
		if (lua_isnil(L, -1)) {
			lua_pop(L, 1);
			continue;
		}
		if (!lua_isfunction(L, -1))
			return luaL_error(L,
			                  "test %s: %s is a function(t) that puts the station back",
			                  t->id, keys[i]);
		if (t->rest_ref != LUA_NOREF)
			return luaL_error(L,
			                  "test %s: rest or rest_at_resume, not both (a rest "
			                  "runs at resume too)",
			                  t->id);
		t->rest_ref = luaL_ref(L, LUA_REGISTRYINDEX);
		t->rest_finally = i == 0;
	}
	return 0;
}

/* test{ id=, title=, title_zh=, clause=, roles=, uses=, waits=, run=, rest=,
 * rest_at_resume=, todo=, timeout=, duration=, dut_class= } */
static int l_test(lua_State *L)
{
	struct suite *s = self(L);
	luaL_checktype(L, 1, LUA_TTABLE);
	struct testdecl *grown = realloc(s->tests, (s->ntests + 1) * sizeof *grown);
	if (!grown)
		return luaL_error(L, "out of memory");
	s->tests = grown;
	struct testdecl *t = &s->tests[s->ntests++];
	memset(t, 0, sizeof *t);
	t->fn_ref = t->rest_ref = LUA_NOREF;
	lua_Debug ar;
	if (lua_getstack(L, 1, &ar) && lua_getinfo(L, "l", &ar))
		t->line = ar.currentline;
	t->id = opt_field(L, "id");
	t->title = opt_field(L, "title");
	t->title_zh = opt_field(L, "title_zh");
	t->clause = opt_field(L, "clause");
	t->todo = opt_field(L, "todo");
	t->dut_class = opt_field(L, "dut_class");
	t->rule = opt_field(L, "decision_rule");
	if (!t->id || !valid_id(t->id))
		return luaL_error(L, "test needs an id of [A-Za-z0-9_.:-]+");
	if (!t->title || !t->clause)
		return luaL_error(L, "test %s needs a title and a clause", t->id);
	if (first_line(L, t->id, t->line))
		return luaL_error(L, "duplicate test id %s (first at line %d)", t->id,
		                  first_line(L, t->id, t->line));
	if (decision_rule_parse(t->rule) < 0)
		return luaL_error(L, "test %s: decision_rule is simple or guarded", t->id);
	read_names(L, "roles", "role name", &t->roles, &t->nroles);
	read_names(L, "uses", "role name", &t->uses, &t->nuses);
	read_names(L, "waits", "station option", &t->waits, &t->nwaits);
	for (size_t i = 0; i < t->nwaits; i++)
		if (station_wait(NULL, t->waits[i], NULL))
			return luaL_error(L,
			                  "test %s: waits[%d]: no station option '%s' (known: %s)",
			                  t->id, (int)i + 1, t->waits[i], STATION_WAITS);
	read_timeout(L, t);
	read_duration(L, t);
	t->exclusive = roleset_test_exclusive(L);
	lua_getfield(L, 1, "run");
	if (!lua_isfunction(L, -1))
		return luaL_error(L, "test %s needs run = function(t) ... end", t->id);
	t->fn_ref = luaL_ref(L, LUA_REGISTRYINDEX);
	return read_rest(L, t);
}

static int l_suite(lua_State *L)
{
	struct suite *s = self(L);
	luaL_checktype(L, 1, LUA_TTABLE);
	free(s->title);
	free(s->standard);
	free(s->rule);
	s->title = opt_field(L, "title");
	s->standard = opt_field(L, "standard");
	s->rule = opt_field(L, "decision_rule");
	if (decision_rule_parse(s->rule) < 0)
		return luaL_error(L, "suite: decision_rule is simple or guarded");
	roleset_header(L, &s->roles);
	return 0;
}

static int panic(lua_State *L)
{
	const char *msg = lua_tostring(L, -1);
	fprintf(stderr, "bench: PANIC: unprotected error in a suite's Lua: %s\n",
	        msg ? msg : "(not a string)");
	return 0; /* Lua aborts */
}

int suite_load(const char *path, struct run *run, struct suite *s, struct err *e)
{
	memset(s, 0, sizeof *s);
	s->path = strdup(path);
	s->L = lua_newstate(heap_alloc, &s->heap);
	if (s->L)
		lua_atpanic(s->L, panic);
	if (!s->path || !s->L) {
		suite_free(s);
		return err_set(e, EXIT_USAGE, "%s: out of memory", path);
	}
	lhook_install(s->L); /* first: every thread made later inherits it */
	lhook_arm(s->L, run_timeout(run, NULL));
	sandbox_open(s->L, path);
	lbench_open(s->L, run);
	lua_pushlightuserdata(s->L, s);
	lua_setfield(s->L, LUA_REGISTRYINDEX, "bench.suite"); /* lbench.c: its roles */
	lua_pushlightuserdata(s->L, s);
	lua_pushcclosure(s->L, l_test, 1);
	lua_setglobal(s->L, "test");
	lua_pushlightuserdata(s->L, s);
	lua_pushcclosure(s->L, l_suite, 1);
	lua_setglobal(s->L, "suite");
	/* Text only: a precompiled chunk is not checked by Lua and can crash it. */
	if (luaL_loadfilex(s->L, path, "t") || lua_pcall(s->L, 0, 0, 0)) {
		const char *msg = lua_tostring(s->L, -1);
		msg = msg ? msg : "error object is not a string";
		if (strncmp(msg, path, strlen(path)) == 0) /* a position: file:line: ... */
			err_set(e, EXIT_USAGE, "%s", msg);
		else
			err_set(e, EXIT_USAGE, "%s: %s", path, msg);
		suite_free(s);
		return -1;
	}
	lhook_arm(s->L, 0);
	if (s->ntests == 0) {
		suite_free(s);
		return err_set(e, EXIT_USAGE, "%s: declares no test", path);
	}
	if (suite_roleset(s, e)) {
		suite_free(s);
		return -1;
	}
	return 0;
}

struct idref {
	const char *id, *path;
	int line, suite;
};

static int by_id(const void *a, const void *b)
{
	const struct idref *x = a, *y = b;
	int c = strcmp(x->id, y->id);
	return c ? c : x->suite - y->suite;
}

static int same_file(const char *p, const char *q)
{
	char a[PATH_MAX], b[PATH_MAX];
	return realpath(p, a) && realpath(q, b) ? strcmp(a, b) == 0 : strcmp(p, q) == 0;
}

/* Sorted, so a run of 100 000 tests is checked in a blink. */
int suites_unique(const struct suite *s, int n, struct err *e)
{
	size_t total = 0, k = 0;
	for (int i = 0; i < n; i++) {
		for (int j = 0; j < i; j++)
			if (same_file(s[i].path, s[j].path))
				return err_set(e, EXIT_USAGE, "%s: suite named twice (as %s)",
				               s[i].path, s[j].path);
		total += s[i].ntests;
	}
	struct idref *r = calloc(total ? total : 1, sizeof *r);
	if (!r)
		return err_set(e, EXIT_USAGE, "out of memory");
	for (int i = 0; i < n; i++)
		for (size_t x = 0; x < s[i].ntests; x++)
			r[k++] = (struct idref){s[i].tests[x].id, s[i].path, s[i].tests[x].line, i};
	qsort(r, total, sizeof *r, by_id);
	int rc = 0;
	for (k = 1; k < total && !rc; k++)
		if (strcmp(r[k].id, r[k - 1].id) == 0)
			rc = err_set(e, EXIT_USAGE, "%s:%d: duplicate test id %s (first at %s:%d)",
			             r[k].path, r[k].line, r[k].id, r[k - 1].path, r[k - 1].line);
	free(r);
	return rc;
}

void suite_close(struct suite *s)
{
	if (s->L)
		lua_close(s->L);
	s->L = NULL;
}

void suite_free(struct suite *s)
{
	if (s->L)
		lua_close(s->L);
	heap_close(&s->heap);
	for (size_t i = 0; i < s->ntests; i++)
		free_decl(&s->tests[i]);
	free(s->tests);
	free(s->path);
	free(s->title);
	free(s->standard);
	free(s->rule);
	roleset_free(&s->roles);
	memset(s, 0, sizeof *s);
}

static int add_path(char ***paths, int *n, const char *p)
{
	char **grown = realloc(*paths, (size_t)(*n + 1) * sizeof *grown);
	if (!grown)
		return -1;
	*paths = grown;
	grown[*n] = strdup(p);
	return grown[(*n)++] ? 0 : -1;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Adds dir's *.lua files and those of its sub-folders (but lib/, where the
 * Lua code suites `require` lives). -1 only when a folder cannot be read. */
static int collect(char ***paths, int *n, const char *dir, struct err *e)
{
	DIR *d = opendir(dir);
	if (!d)
		return err_set(e, EXIT_USAGE, "%s: cannot open directory", dir);
	struct dirent *de;
	int rc = 0;
	while (!rc && (de = readdir(d))) {
		size_t l = strlen(de->d_name);
		char p[4096];
		struct stat sb;
		snprintf(p, sizeof p, "%s/%s", dir, de->d_name);
		if (de->d_name[0] == '.' || stat(p, &sb))
			continue;
		if (S_ISDIR(sb.st_mode))
			rc = strcmp(de->d_name, "lib") ? collect(paths, n, p, e) : 0;
		else if (l > 4 && strcmp(de->d_name + l - 4, ".lua") == 0 && add_path(paths, n, p))
			rc = err_set(e, EXIT_USAGE, "out of memory");
	}
	closedir(d);
	return rc;
}

static int add_dir(char ***paths, int *n, const char *dir, struct err *e)
{
	int first = *n;
	if (collect(paths, n, dir, e))
		return -1;
	if (*n == first)
		return err_set(e, EXIT_USAGE, "%s: no *.lua suite in this directory", dir);
	qsort(*paths + first, (size_t)(*n - first), sizeof **paths, cmp_str);
	return 0;
}

int suite_paths(char **args, int nargs, char ***paths, struct err *e)
{
	int n = 0;
	*paths = NULL;
	for (int i = 0; i < nargs; i++) {
		char a[4096];
		snprintf(a, sizeof a, "%s", args[i]);
		size_t l = strlen(a);
		while (l > 1 && a[l - 1] == '/')
			a[--l] = '\0';
		struct stat sb;
		if (stat(a, &sb)) {
			suite_paths_free(*paths, n);
			return err_set(e, EXIT_USAGE, "%s: no such suite file or directory", a);
		}
		if (S_ISDIR(sb.st_mode) ? add_dir(paths, &n, a, e) : add_path(paths, &n, a)) {
			suite_paths_free(*paths, n);
			return e->code ? -1 : err_set(e, EXIT_USAGE, "out of memory");
		}
	}
	return n;
}

void suite_paths_free(char **paths, int n)
{
	for (int i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
}
