/* bench.crypto.purse{...}: the PBOC e-purse MAC/TAC inputs of one
 * transaction, as hex, for suites to MAC with session keys. */
#include <string.h>

#include <lauxlib.h>

#include "bench/lib/crypto/crypto.h"
#include "lualib.h"

static lua_Integer int_field(lua_State *L, const char *name, lua_Integer max)
{
	lua_getfield(L, 1, name);
	lua_Integer v = lua_isnil(L, -1) ? 0 : luaL_checkinteger(L, -1);
	if (v < 0 || v > max)
		luaL_error(L, "purse: %s must be 0..%lld", name, (long long)max);
	lua_pop(L, 1);
	return v;
}

static void hex_field(lua_State *L, const char *name, unsigned char *out, size_t n)
{
	lua_getfield(L, 1, name);
	if (lua_isnil(L, -1)) {
		memset(out, 0, n);
	} else {
		unsigned char b[16];
		if (lapi_checkhex(L, -1, b, sizeof b) != n)
			luaL_error(L, "purse: %s must be %d bytes of hex", name, (int)n);
		memcpy(out, b, n);
	}
	lua_pop(L, 1);
}

static void set_hex(lua_State *L, const char *name, const unsigned char *b, size_t n)
{
	lapi_pushhex(L, b, n);
	lua_setfield(L, -2, name);
}

/* purse{kind="purchase"|"load", amount=, balance=, type=, terminal=,
 * random=, counter=, term_seq=, date=, time=} -> {session=, mac1=, mac2=,
 * tac=} */
int lcrypto_purse(lua_State *L)
{
	luaL_checktype(L, 1, LUA_TTABLE);
	struct purse_txn t = {0};
	lua_getfield(L, 1, "kind");
	const char *kind = luaL_optstring(L, -1, "purchase");
	if (strcmp(kind, "purchase") && strcmp(kind, "load"))
		return luaL_error(L, "purse: kind must be \"purchase\" or \"load\"");
	t.kind = strcmp(kind, "load") ? PURSE_PURCHASE : PURSE_LOAD;
	lua_pop(L, 1);
	t.amount = (uint32_t)int_field(L, "amount", 0xffffffff);
	t.balance = (uint32_t)int_field(L, "balance", 0xffffffff);
	t.type = (unsigned char)int_field(L, "type", 255);
	t.counter = (uint16_t)int_field(L, "counter", 0xffff);
	t.term_seq = (uint32_t)int_field(L, "term_seq", 0xffffffff);
	hex_field(L, "terminal", t.terminal, 6);
	hex_field(L, "random", t.random, 4);
	hex_field(L, "date", t.date, 4);
	hex_field(L, "time", t.time, 3);
	unsigned char b[32];
	lua_createtable(L, 0, 4);
	set_hex(L, "session", b, purse_session_input(&t, b));
	set_hex(L, "mac1", b, purse_mac1_input(&t, b));
	set_hex(L, "mac2", b, purse_mac2_input(&t, b));
	set_hex(L, "tac", b, purse_tac_input(&t, b));
	return 1;
}
