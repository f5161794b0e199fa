/* The sandbox a suite runs in. A suite is evidence: what it does must follow
 * from the suite file, the station and the run's options, and it must not be
 * able to end the run, touch the run's files or read the lab's keys behind
 * the engine's back. So a suite gets Lua's string, table, math, utf8 and
 * coroutine libraries, os.time/clock/date/difftime, `load` of text only, and
 * `require` of Lua files beside it and in its lib folders; no io, no
 * os.exit/execute/getenv/remove/..., no debug (its sethook would switch off
 * the test timeout), no package (loadlib, C modules). Anything left out is
 * still a name: using it raises "<name> is not available to suites" at the
 * suite's file:line, so the test fails with the reason instead of a
 * "nil value" puzzle. docs/suite-api.md "Sandbox". */
#include "internal.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <lauxlib.h>
#include <lualib.h>

#define LOADED_KEY "bench.loaded"  /* registry: module name -> its value */
#define DIRS_KEY   "bench.libdirs" /* registry: the folders require searches */

/* __index of a library that is not available: names the field. */
static int refused(lua_State *L)
{
	const char *lib = lua_tostring(L, lua_upvalueindex(1));
	const char *k = lua_tostring(L, 2);
	return luaL_error(L, "%s%s%s is not available to suites (sandbox: docs/suite-api.md)", lib,
	                  k ? "." : "", k ? k : "");
}

/* A global function that is not available. */
static int refused_fn(lua_State *L)
{
	return luaL_error(L, "%s is not available to suites (sandbox: docs/suite-api.md)",
	                  lua_tostring(L, lua_upvalueindex(1)));
}

/* Sets global `name` to an empty table whose every field raises; keep, when
 * not NULL, lists the fields of the real library at the top that stay. */
static void refuse_lib(lua_State *L, const char *name, const char *const *keep)
{
	lua_newtable(L);
	for (; keep && *keep; keep++) {
		lua_getfield(L, -2, *keep);
		lua_setfield(L, -2, *keep);
	}
	lua_createtable(L, 0, 2);
	lua_pushstring(L, name);
	lua_pushcclosure(L, refused, 1);
	lua_setfield(L, -2, "__index");
	lua_pushliteral(L, "sandbox");
	lua_setfield(L, -2, "__metatable"); /* setmetatable cannot lift it */
	lua_setmetatable(L, -2);
	lua_setglobal(L, name);
}

static void refuse_fn(lua_State *L, const char *name)
{
	lua_pushstring(L, name);
	lua_pushcclosure(L, refused_fn, 1);
	lua_setglobal(L, name);
}

/* load(chunk [, name [, mode [, env]]]) of text only: a binary chunk can
 * crash the VM (Lua does not verify bytecode). */
static int text_load(lua_State *L)
{
	int n = lua_gettop(L);
	const char *mode = luaL_optstring(L, 3, "t");
	if (strcmp(mode, "t") != 0)
		return luaL_error(L, "load: only text chunks (mode \"t\") in a suite");
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_pushvalue(L, 1);
	if (n >= 2)
		lua_pushvalue(L, 2);
	else
		lua_pushnil(L);
	lua_pushliteral(L, "t");
	if (n >= 4) /* an explicit nil env is not the same as none */
		lua_pushvalue(L, 4);
	lua_call(L, n >= 4 ? 4 : 3, LUA_MULTRET);
	return lua_gettop(L) - n;
}

/* "a.b" -> "a/b"; only [A-Za-z0-9_] names, so no "..", no absolute path. */
static int module_file(const char *name, char *out, size_t len)
{
	size_t n = strlen(name);
	if (!n || n >= len || name[0] == '.' || name[n - 1] == '.' || strstr(name, ".."))
		return -1;
	for (size_t i = 0; i <= n; i++) {
		char ch = name[i];
		if (ch && ch != '.' && ch != '_' && !(ch >= '0' && ch <= '9') &&
		    !((ch | 0x20) >= 'a' && (ch | 0x20) <= 'z'))
			return -1;
		out[i] = ch == '.' ? '/' : ch;
	}
	return 0;
}

/* Finds file's path in the suite's folders. Pushes the path (returns 1) or
 * the list of places tried (returns 0). */
static int find_module(lua_State *L, const char *file)
{
	lua_getfield(L, LUA_REGISTRYINDEX, DIRS_KEY);
	int dirs = lua_gettop(L), n = 0;
	for (lua_Integer i = 1; lua_rawgeti(L, dirs, i) == LUA_TSTRING; i++) {
		const char *p = lua_pushfstring(L, "%s/%s.lua", lua_tostring(L, -1), file);
		lua_remove(L, -2); /* the folder */
		if (access(p, R_OK) == 0) {
			lua_replace(L, dirs);
			lua_settop(L, dirs);
			return 1;
		}
		lua_pushfstring(L, "\n\tno file '%s'", p);
		lua_replace(L, -2);
		n++;
	}
	lua_pop(L, 1); /* what ended the list */
	lua_concat(L, n);
	lua_replace(L, dirs);
	return 0;
}

/* require(name): name.lua beside the suite, in its lib/ or in ../lib/
 * (docs/suite-api.md "Library"); text chunks only; loaded once per suite. */
static int safe_require(lua_State *L)
{
	const char *name = luaL_checkstring(L, 1);
	char file[256];
	if (module_file(name, file, sizeof file))
		return luaL_error(
		    L, "require '%s': module names are [A-Za-z0-9_] words joined by '.'", name);
	lua_settop(L, 1);
	lua_getfield(L, LUA_REGISTRYINDEX, LOADED_KEY); /* 2 */
	if (lua_getfield(L, 2, name) != LUA_TNIL)
		return 1;
	lua_pop(L, 1);
	if (!find_module(L, file))
		return luaL_error(L, "module '%s' not found:%s", name, lua_tostring(L, -1));
	const char *path = lua_tostring(L, 3);
	if (luaL_loadfilex(L, path, "t") != LUA_OK)
		return luaL_error(L, "error loading module '%s' from file '%s':\n\t%s", name, path,
		                  lua_tostring(L, -1));
	lua_pushvalue(L, 1);
	lua_pushvalue(L, 3);
	lua_call(L, 2, 1);
	if (lua_isnil(L, -1)) {
		lua_pop(L, 1);
		lua_pushboolean(L, 1);
	}
	lua_pushvalue(L, -1);
	lua_setfield(L, 2, name);
	return 1;
}

/* The folders require searches, as docs/suite-api.md lists them. */
static void set_dirs(lua_State *L, const char *suite_path)
{
	char dir[4096];
	snprintf(dir, sizeof dir, "%s", suite_path);
	char *slash = strrchr(dir, '/');
	if (slash)
		*slash = '\0';
	else
		snprintf(dir, sizeof dir, ".");
	lua_createtable(L, 3, 0);
	lua_pushstring(L, dir);
	lua_rawseti(L, -2, 1);
	lua_pushfstring(L, "%s/lib", dir);
	lua_rawseti(L, -2, 2);
	lua_pushfstring(L, "%s/../lib", dir);
	lua_rawseti(L, -2, 3);
	lua_setfield(L, LUA_REGISTRYINDEX, DIRS_KEY);
	lua_newtable(L);
	lua_setfield(L, LUA_REGISTRYINDEX, LOADED_KEY);
}

void sandbox_open(lua_State *L, const char *suite_path)
{
	static const luaL_Reg libs[] = {
	    {LUA_GNAME, luaopen_base},       {LUA_COLIBNAME, luaopen_coroutine},
	    {LUA_TABLIBNAME, luaopen_table}, {LUA_STRLIBNAME, luaopen_string},
	    {LUA_MATHLIBNAME, luaopen_math}, {LUA_UTF8LIBNAME, luaopen_utf8},
	    {LUA_OSLIBNAME, luaopen_os},     {NULL, NULL},
	};
	for (const luaL_Reg *l = libs; l->func; l++) {
		luaL_requiref(L, l->name, l->func, 1);
		lua_pop(L, 1);
	}
	static const char *const os_keep[] = {"clock", "date", "difftime", "time", NULL};
	lua_getglobal(L, "os");
	refuse_lib(L, "os", os_keep);
	lua_pop(L, 1);
	refuse_lib(L, "io", NULL);
	refuse_lib(L, "debug", NULL);
	refuse_lib(L, "package", NULL);
	refuse_fn(L, "dofile");
	refuse_fn(L, "loadfile");
	lua_getglobal(L, "load");
	lua_pushcclosure(L, text_load, 1);
	lua_setglobal(L, "load");
	set_dirs(L, suite_path);
	lua_register(L, "require", safe_require);
}
