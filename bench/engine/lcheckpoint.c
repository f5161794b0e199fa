/* t:checkpoint(table) / t:restore(): a long test (24 h soak, 4 h hold) saves
 * its progress in the journal; after a crash `bench resume` re-runs it and
 * t:restore() hands back the last saved table, so it continues from there.
 * The table is stored as Lua source and read back in an empty environment:
 * only numbers, strings, booleans and nested tables survive. The journal is
 * evidence: every string (and number) holding a key or PIN is saved with
 * the secret replaced by its label, before escaping could split it. */
#include <lauxlib.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "bench/base/base.h"
#include "bench/lua/lualib.h"
#include "bench/record/record.h"
#include "internal.h"
#include "engine.h"

static void put_string(struct sbuf *b, const char *s, size_t n)
{
	sb_add(b, "\"", 1);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		char esc[8];
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == ' ' || c == '_' || c == '.') {
			sb_add(b, (const char *)&c, 1);
			continue;
		}
		snprintf(esc, sizeof esc, "\\%03u", c);
		sb_printf(b, "%s", esc);
	}
	sb_add(b, "\"", 1);
}

static void put_value(lua_State *L, struct sbuf *b, int idx, int depth);

/* A number whose digits hold a PIN is saved as the redacted string. */
static void put_number(lua_State *L, struct sbuf *b, int idx)
{
	char num[64];
	if (lua_isinteger(L, idx)) {
		snprintf(num, sizeof num, "%lld", (long long)lua_tointeger(L, idx));
	} else {
		double d = lua_tonumber(L, idx);
		if (!isfinite(d))
			luaL_error(L, "checkpoint: numbers must be finite");
		snprintf(num, sizeof num, "%a", d); /* exact: hex float */
	}
	lua_pushstring(L, num);
	size_t n;
	const char *red = lkeys_redact(L, -1, &n);
	if (strcmp(red, num) != 0)
		put_string(b, red, n);
	else
		sb_printf(b, "%s", num);
	lua_pop(L, 2);
}

static void put_table(lua_State *L, struct sbuf *b, int idx, int depth)
{
	if (depth > 16)
		luaL_error(L, "checkpoint: table nested too deep");
	sb_add(b, "{", 1);
	lua_pushnil(L);
	while (lua_next(L, idx)) {
		int kt = lua_type(L, -2);
		if (kt != LUA_TSTRING && kt != LUA_TNUMBER)
			luaL_error(L, "checkpoint: keys must be strings or numbers");
		sb_add(b, "[", 1);
		put_value(L, b, lua_absindex(L, -2), depth + 1);
		sb_printf(b, "%s", "]=");
		put_value(L, b, lua_absindex(L, -1), depth + 1);
		sb_add(b, ",", 1);
		lua_pop(L, 1);
	}
	sb_add(b, "}", 1);
}

static void put_value(lua_State *L, struct sbuf *b, int idx, int depth)
{
	size_t n;
	const char *s;
	switch (lua_type(L, idx)) {
	case LUA_TNUMBER:
		put_number(L, b, idx);
		break;
	case LUA_TBOOLEAN:
		sb_printf(b, "%s", lua_toboolean(L, idx) ? "true" : "false");
		break;
	case LUA_TSTRING:
		s = lkeys_redact(L, idx, &n);
		put_string(b, s, n);
		lua_pop(L, 1);
		break;
	case LUA_TTABLE:
		put_table(L, b, idx, depth);
		break;
	default:
		luaL_error(L, "checkpoint: cannot save a %s", luaL_typename(L, idx));
	}
}

int ltest_checkpoint(lua_State *L)
{
	struct tctx *c = ltest_check(L);
	luaL_checktype(L, 2, LUA_TTABLE);
	lua_settop(L, 2);
	/* A C buffer, not luaL_Buffer: the walk pushes on the Lua stack. A Lua
	 * error mid-walk leaks it; the test fails anyway. */
	struct sbuf b = {0};
	sb_printf(&b, "return ");
	put_value(L, &b, 2, 0);
	lua_pushlstring(L, sb_str(&b), b.len);
	sb_free(&b);
	size_t n;
	const char *src = lua_tolstring(L, -1, &n);
	struct err e = {0};
	pthread_mutex_lock(&c->run->mu); /* the journal is the run's, shared with --jobs */
	int jerr = c->run->journal && journal_checkpoint(c->run->journal, c->decl->id, src, n, &e);
	pthread_mutex_unlock(&c->run->mu);
	if (jerr) {
		run_lost(c->run, "journal: %s", e.msg);
		return luaL_error(L, "checkpoint: %s", e.msg);
	}
	return 0;
}

int ltest_restore(lua_State *L)
{
	struct tctx *c = ltest_check(L);
	size_t n;
	const char *src = replay_checkpoint(c->run->replay, c->decl->id, c->run->secrets, &n);
	if (!src) {
		lua_pushnil(L);
		return 1;
	}
	if (luaL_loadbufferx(L, src, n, "=checkpoint", "t") != LUA_OK)
		return luaL_error(L, "restore: journal checkpoint is corrupt: %s",
		                  lua_tostring(L, -1));
	lua_newtable(L); /* empty environment: the text can only build data */
	lua_setupvalue(L, -2, 1);
	lua_call(L, 0, 1);
	return 1;
}
