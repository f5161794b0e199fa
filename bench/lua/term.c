/* bench.term: whether stderr is a terminal, and a line for it, so long
 * holds show a live progress line there and stay quiet in CI logs. */
#include <stdio.h>
#include <unistd.h>

#include <lauxlib.h>

#include "lualib.h"

static int term_isatty(lua_State *L)
{
	lua_pushboolean(L, isatty(STDERR_FILENO));
	return 1;
}

/* bench.term.write(text): a live display line ("\r..." progress) on the
 * terminal; nothing when stderr is not one. Suites have no io (the
 * sandbox, docs/suite-api.md), and a progress line is no evidence. */
static int term_write(lua_State *L)
{
	size_t n;
	const char *s = luaL_checklstring(L, 1, &n);
	if (isatty(STDERR_FILENO) && fwrite(s, 1, n, stderr) == n)
		fflush(stderr);
	return 0;
}

int luaopen_term(lua_State *L)
{
	static const luaL_Reg fns[] = {
	    {"isatty", term_isatty}, {"write", term_write}, {NULL, NULL}};
	luaL_newlib(L, fns);
	return 1;
}
