/* bench.cardnum: number and data-element rules for suites. Each returns
 * true [, value] when valid, or false, reason.
 *   bench.cardnum.id(str)   citizen ID (GB 11643, ISO 7064 MOD 11-2)
 *                           -> true, birth "YYYYMMDD", sex (1 male, 2 female)
 *   bench.cardnum.face(str) 17-digit face number (GF 61/T PT002-2014 A.1)
 *   bench.cardnum.cn(hex)   -> true, digits    (cn padding, F.1)
 *   bench.cardnum.an(hex)   -> true, text      (an padding, F.1)
 *   bench.cardnum.date(ymd) "YYYYMMDD" is a real date
 *   bench.cardnum.region(s) 6-digit GB/T 2260 region code in form
 *   bench.cardnum.code(kind, s) s is a code of table kind: sex, nation,
 *                           marital, education */
#include "bench/lib/card/card.h"
#include "lualib.h"

#define CN_BUF 256

static int verdict(lua_State *L, int rc, const struct err *e)
{
	lua_pushboolean(L, rc == 0);
	if (rc < 0)
		lua_pushstring(L, e->msg);
	return rc < 0 ? 2 : 1;
}

static int l_id(lua_State *L)
{
	struct err e = {0};
	const char *id = luaL_checkstring(L, 1);
	if (cardnum_id(id, &e) < 0)
		return verdict(L, -1, &e);
	lua_pushboolean(L, 1);
	lua_pushlstring(L, id + 6, 8);
	lua_pushinteger(L, cardnum_id_sex(id));
	return 3;
}

static int l_region(lua_State *L)
{
	struct err e = {0};
	return verdict(L, cardnum_region(luaL_checkstring(L, 1), &e), &e);
}

static int l_code(lua_State *L)
{
	struct err e = {0};
	int rc = cardnum_code(luaL_checkstring(L, 1), luaL_checkstring(L, 2), &e);
	if (rc < 0 && e.code == EXIT_USAGE)
		return luaL_argerror(L, 1, e.msg);
	return verdict(L, rc, &e);
}

/* true [, note] | false, why */
static int l_face(lua_State *L)
{
	struct err e = {0};
	int rc = cardnum_face(luaL_checkstring(L, 1), &e);
	if (rc != 1)
		return verdict(L, rc, &e);
	lua_pushboolean(L, 1);
	lua_pushstring(L, e.msg);
	return 2;
}

static int l_date(lua_State *L)
{
	struct err e = {0};
	return verdict(L, cardnum_date(luaL_checkstring(L, 1), &e), &e);
}

static int l_cn(lua_State *L)
{
	unsigned char b[CN_BUF];
	char digits[2 * CN_BUF + 1];
	size_t n = lapi_checkhex(L, 1, b, sizeof b);
	struct err e = {0};
	if (cardnum_cn(b, n, digits, sizeof digits, &e) < 0)
		return verdict(L, -1, &e);
	lua_pushboolean(L, 1);
	lua_pushstring(L, digits);
	return 2;
}

static int l_an(lua_State *L)
{
	unsigned char b[CN_BUF];
	size_t n = lapi_checkhex(L, 1, b, sizeof b), len = 0;
	struct err e = {0};
	if (cardnum_an(b, n, &len, &e) < 0)
		return verdict(L, -1, &e);
	lua_pushboolean(L, 1);
	lua_pushlstring(L, (const char *)b, len);
	return 2;
}

int luaopen_cardnum(lua_State *L)
{
	static const luaL_Reg fns[] = {{"id", l_id},     {"face", l_face}, {"date", l_date},
	                               {"cn", l_cn},     {"an", l_an},     {"region", l_region},
	                               {"code", l_code}, {NULL, NULL}};
	luaL_newlib(L, fns);
	return 1;
}
