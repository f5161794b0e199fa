/* bench.atr: the ATR parser for suites.
 *   bench.atr.parse(hex) -> table | nil, reason */
#include <stdio.h>

#include "bench/lib/card/card.h"
#include "lualib.h"

static void set_byte(lua_State *L, const char *key, int v)
{
	if (v < 0)
		return;
	unsigned char b = (unsigned char)v;
	lapi_pushhex(L, &b, 1);
	lua_setfield(L, -2, key);
}

static void push_levels(lua_State *L, const char *name, const int *v, int levels)
{
	lua_createtable(L, levels, 0);
	for (int i = 0; i < levels; i++) {
		if (v[i] < 0)
			continue;
		unsigned char b = (unsigned char)v[i];
		lapi_pushhex(L, &b, 1);
		lua_rawseti(L, -2, i + 1);
	}
	lua_setfield(L, -2, name);
}

static int l_parse(lua_State *L)
{
	unsigned char buf[64];
	size_t n = lapi_checkhex(L, 1, buf, sizeof buf);
	struct atr a;
	struct err e = {0};
	if (atr_parse(buf, n, &a, &e) < 0) {
		lua_pushnil(L);
		lua_pushstring(L, e.msg);
		return 2;
	}
	lua_newtable(L);
	set_byte(L, "ts", a.ts);
	set_byte(L, "t0", a.t0);
	push_levels(L, "ta", a.ta, a.levels);
	push_levels(L, "tb", a.tb, a.levels);
	push_levels(L, "tc", a.tc, a.levels);
	push_levels(L, "td", a.td, a.levels);
	lua_newtable(L);
	for (int t = 0, k = 1; t < 15; t++)
		if (a.protocols & (1u << t)) {
			lua_pushinteger(L, t);
			lua_rawseti(L, -2, k++);
		}
	lua_setfield(L, -2, "protocols");
	lua_pushinteger(L, a.first_protocol);
	lua_setfield(L, -2, "first_protocol");
	lapi_pushhex(L, a.raw + a.hist_off, a.hist_len);
	lua_setfield(L, -2, "historical");
	lua_pushboolean(L, a.tck_required);
	lua_setfield(L, -2, "tck_required");
	lua_pushboolean(L, a.has_tck);
	lua_setfield(L, -2, "has_tck");
	if (a.has_tck)
		set_byte(L, "tck", a.tck);
	lua_pushboolean(L, a.tck_ok);
	lua_setfield(L, -2, "tck_ok");
	lua_pushinteger(L, (lua_Integer)a.len);
	lua_setfield(L, -2, "len");
	char cl[8];
	atr_classes(a.class_ind, cl);
	lua_pushstring(L, cl);
	lua_setfield(L, -2, "classes");
	lua_pushinteger(L, atr_fi(a.ta[0]));
	lua_setfield(L, -2, "fi");
	lua_pushinteger(L, atr_di(a.ta[0]));
	lua_setfield(L, -2, "di");
	return 1;
}

int luaopen_atr(lua_State *L)
{
	static const luaL_Reg fns[] = {{"parse", l_parse}, {NULL, NULL}};
	luaL_newlib(L, fns);
	return 1;
}
