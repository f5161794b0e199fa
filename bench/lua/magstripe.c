/* bench.magstripe: ISO 7811 track encode/decode for suites. */
#include <lauxlib.h>
#include <lua.h>

#include "lualib.h"
#include "bench/lib/printer/printer.h"

/* encode(track, data) -> bit string; raises on data the track cannot hold. */
static int l_encode(lua_State *L)
{
	int t = (int)luaL_checkinteger(L, 1);
	const char *data = luaL_checkstring(L, 2);
	char bits[2048];
	struct err e = {0};
	if (ms_encode(t, data, bits, sizeof bits, &e) != 0)
		return luaL_error(L, "magstripe.encode: %s", e.msg);
	lua_pushstring(L, bits);
	return 1;
}

/* decode(track, bits) -> data, or nil and the reason (parity, LRC, ...). */
static int l_decode(lua_State *L)
{
	int t = (int)luaL_checkinteger(L, 1);
	const char *bits = luaL_checkstring(L, 2);
	char data[256];
	struct err e = {0};
	if (ms_decode(t, bits, data, sizeof data, &e) != 0) {
		lua_pushnil(L);
		lua_pushstring(L, e.msg);
		return 2;
	}
	lua_pushstring(L, data);
	return 1;
}

int luaopen_magstripe(lua_State *L)
{
	static const luaL_Reg fns[] = {{"encode", l_encode}, {"decode", l_decode}, {NULL, NULL}};
	luaL_newlib(L, fns);
	return 1;
}
