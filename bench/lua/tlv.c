/* bench.tlv: BER-TLV and FCI for suites.
 *   bench.tlv.parse(hex)     -> { {tag="6F", len=n, value="hex", children={...}}, ... } | nil, why
 *   bench.tlv.find(hex, tag) -> value hex | nil [, why when malformed]
 *   bench.tlv.fci(hex)       -> { df_name="hex"|nil, proprietary="hex"|nil, bare=bool }
 *                               | nil, why (bare: the objects without their 6F) */
#include <stdio.h>
#include <stdlib.h>

#include "lualib.h"
#include "bench/lib/card/card.h"

#define TLV_BUF 4096

static void push_tag(lua_State *L, unsigned tag)
{
	char s[16];
	snprintf(s, sizeof s, "%02X", tag);
	lua_pushstring(L, s);
}

/* Pushes the list of TLVs in b; the caller has run tlv_check, so no error. */
static void push_list(lua_State *L, const unsigned char *b, size_t n, int depth)
{
	luaL_checkstack(L, 6, "tlv depth");
	lua_newtable(L);
	size_t pos = 0;
	struct tlv t;
	struct err e;
	for (int i = 1; tlv_next(b, n, &pos, &t, &e) == 0 && t.tag; i++) {
		lua_createtable(L, 0, 4);
		push_tag(L, t.tag);
		lua_setfield(L, -2, "tag");
		lua_pushinteger(L, (lua_Integer)t.len);
		lua_setfield(L, -2, "len");
		lapi_pushhex(L, t.val, t.len);
		lua_setfield(L, -2, "value");
		if (t.constructed && depth < TLV_MAX_DEPTH) {
			push_list(L, t.val, t.len, depth + 1);
			lua_setfield(L, -2, "children");
		}
		lua_rawseti(L, -2, i);
	}
}

static int l_parse(lua_State *L)
{
	unsigned char *buf = lua_newuserdatauv(L, TLV_BUF, 0);
	size_t n = lapi_checkhex(L, 1, buf, TLV_BUF);
	struct err e = {0};
	if (tlv_check(buf, n, &e) < 0) {
		lua_pushnil(L);
		lua_pushstring(L, e.msg);
		return 2;
	}
	push_list(L, buf, n, 0);
	return 1;
}

static int l_find(lua_State *L)
{
	unsigned char *buf = lua_newuserdatauv(L, TLV_BUF, 0);
	size_t n = lapi_checkhex(L, 1, buf, TLV_BUF);
	unsigned long tag = strtoul(luaL_checkstring(L, 2), NULL, 16);
	struct tlv t;
	struct err e = {0};
	int r = tlv_find(buf, n, (unsigned)tag, &t, &e);
	if (r <= 0) {
		lua_pushnil(L);
		if (r < 0)
			lua_pushstring(L, e.msg);
		return r < 0 ? 2 : 1;
	}
	lapi_pushhex(L, t.val, t.len);
	return 1;
}

static int l_fci(lua_State *L)
{
	unsigned char *buf = lua_newuserdatauv(L, TLV_BUF, 0);
	size_t n = lapi_checkhex(L, 1, buf, TLV_BUF);
	struct fci f;
	struct err e = {0};
	if (tlv_fci(buf, n, &f, &e) < 0) {
		lua_pushnil(L);
		lua_pushstring(L, e.msg);
		return 2;
	}
	lua_newtable(L);
	if (f.df_name) {
		lapi_pushhex(L, f.df_name, f.df_name_len);
		lua_setfield(L, -2, "df_name");
	}
	if (f.prop) {
		lapi_pushhex(L, f.prop, f.prop_len);
		lua_setfield(L, -2, "proprietary");
	}
	lua_pushboolean(L, f.bare);
	lua_setfield(L, -2, "bare");
	return 1;
}

int luaopen_tlv(lua_State *L)
{
	static const luaL_Reg fns[] = {
	    {"parse", l_parse}, {"find", l_find}, {"fci", l_fci}, {NULL, NULL}};
	luaL_newlib(L, fns);
	return 1;
}
