/* Helpers for C code that talks to suites through Lua: the bindings here
 * and the drivers. */
#include "lualib.h"

#include "bench/base/base.h"

size_t lapi_checkhex(lua_State *L, int arg, unsigned char *buf, size_t cap)
{
	const char *s = luaL_checkstring(L, arg);
	long n = hex_decode(s, buf, cap);
	if (n < 0)
		return (size_t)luaL_argerror(L, arg, "not hex (or too long)");
	return (size_t)n;
}

void lapi_pushhex(lua_State *L, const unsigned char *b, size_t n)
{
	char small[2 * 300 + 1]; /* a short APDU or answer, no luaL_Buffer */
	if (n <= 300) {
		hex_encode(b, n, small);
		lua_pushlstring(L, small, 2 * n);
		return;
	}
	luaL_Buffer lb;
	char *p = luaL_buffinitsize(L, &lb, 2 * n + 1);
	hex_encode(b, n, p);
	luaL_pushresultsize(&lb, 2 * n);
}

void lapi_setclass(lua_State *L, const char *name, const luaL_Reg *methods, lua_CFunction gc,
                   lua_CFunction tostring)
{
	lapi_setclass_up(L, name, methods, 0, gc, tostring);
}

void lapi_setclass_up(lua_State *L, const char *name, const luaL_Reg *methods, int nup,
                      lua_CFunction gc, lua_CFunction tostring)
{
	int obj = lua_absindex(L, -1 - nup);
	if (luaL_newmetatable(L, name)) {
		lua_newtable(L);
		for (int i = 1; i <= nup; i++)
			lua_pushvalue(L, obj + i);
		luaL_setfuncs(L, methods, nup);
		lua_setfield(L, -2, "__index");
		if (gc) {
			lua_pushcfunction(L, gc);
			lua_setfield(L, -2, "__gc");
		}
		if (tostring) {
			lua_pushcfunction(L, tostring);
			lua_setfield(L, -2, "__tostring");
		}
	}
	lua_setmetatable(L, obj);
	lua_pop(L, nup);
}

void lapi_setstr(lua_State *L, const char *k, const char *v)
{
	lua_pushstring(L, v);
	lua_setfield(L, -2, k);
}

void lapi_setnum(lua_State *L, const char *k, double v)
{
	lua_pushnumber(L, v);
	lua_setfield(L, -2, k);
}

void lapi_setint(lua_State *L, const char *k, lua_Integer v)
{
	lua_pushinteger(L, v);
	lua_setfield(L, -2, k);
}
