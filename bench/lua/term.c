/* bench.term: whether stderr is a terminal, so long holds show a live
 * progress line there and stay quiet in CI logs. */
#include <unistd.h>

#include <lauxlib.h>

#include "lualib.h"

static int term_isatty(lua_State *L)
{
	lua_pushboolean(L, isatty(STDERR_FILENO));
	return 1;
}

int luaopen_term(lua_State *L)
{
	static const luaL_Reg fns[] = {{"isatty", term_isatty}, {NULL, NULL}};
	luaL_newlib(L, fns);
	return 1;
}
