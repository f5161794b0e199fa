/* bench.keys and key handles; see lualib.h. */
#include "lualib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "bench/lib/crypto/crypto.h"

#define SECRET_MT   "bench.secret"
#define SECRETS_REG "bench.secrets"

/* A handle: a copy of the value, so it outlives the secrets it came from. */
struct lsecret {
	enum secret_kind kind;
	struct crypto_key key;
	char pin[13];
	char label[112];
};

static int h_tostring(lua_State *L)
{
	struct lsecret *h = luaL_checkudata(L, 1, SECRET_MT);
	lua_pushstring(L, h->label);
	return 1;
}

static int h_gc(lua_State *L)
{
	crypto_wipe(luaL_checkudata(L, 1, SECRET_MT), sizeof(struct lsecret));
	return 0;
}

/* Only harmless facts: label, algorithm, length, kind. */
static int h_index(lua_State *L)
{
	struct lsecret *h = luaL_checkudata(L, 1, SECRET_MT);
	const char *k = luaL_checkstring(L, 2);
	if (!strcmp(k, "label"))
		lua_pushstring(L, h->label);
	else if (!strcmp(k, "kind"))
		lua_pushstring(L, h->kind == SECRET_PIN ? "pin" : "key");
	else if (!strcmp(k, "alg") && h->kind == SECRET_KEY)
		lua_pushstring(L, crypto_alg_name(h->key.alg));
	else if (!strcmp(k, "len") && h->kind == SECRET_KEY)
		lua_pushinteger(L, (lua_Integer)h->key.len);
	else
		lua_pushnil(L);
	return 1;
}

static struct lsecret *new_handle(lua_State *L)
{
	struct lsecret *h = lua_newuserdatauv(L, sizeof *h, 0);
	memset(h, 0, sizeof *h);
	if (luaL_newmetatable(L, SECRET_MT)) {
		static const luaL_Reg m[] = {
		    {"__tostring", h_tostring}, {"__gc", h_gc}, {"__index", h_index}, {NULL, NULL}};
		luaL_setfuncs(L, m, 0);
		/* getmetatable() gives nothing to tamper with. */
		lua_pushboolean(L, 0);
		lua_setfield(L, -2, "__metatable");
	}
	lua_setmetatable(L, -2);
	return h;
}

void lkeys_push(lua_State *L, const struct crypto_key *k, const char *label)
{
	struct lsecret *h = new_handle(L);
	h->kind = SECRET_KEY;
	h->key = *k;
	snprintf(h->label, sizeof h->label, "%s", label);
}

void lkeys_check(lua_State *L, int arg, int alg, struct crypto_key *out, int *handle, char *label,
                 size_t cap)
{
	struct lsecret *h = luaL_testudata(L, arg, SECRET_MT);
	*handle = h != NULL;
	if (h) {
		if (h->kind != SECRET_KEY)
			luaL_argerror(L, arg, "a PIN handle is not a key");
		if (alg >= 0 && (int)h->key.alg != alg) {
			char msg[200];
			snprintf(msg, sizeof msg, "%s is a %s key, %s needed", h->label,
			         crypto_alg_name(h->key.alg),
			         crypto_alg_name((enum crypto_alg)alg));
			luaL_argerror(L, arg, msg);
		}
		*out = h->key;
		snprintf(label, cap, "%s", h->label);
		return;
	}
	if (lua_type(L, arg) != LUA_TSTRING)
		luaL_typeerror(L, arg, "key handle or hex string");
	unsigned char b[24];
	size_t n = lapi_checkhex(L, arg, b, sizeof b);
	enum crypto_alg a = alg >= 0 ? (enum crypto_alg)alg : n == 8 ? CRYPTO_DES : CRYPTO_3DES;
	struct err e = {0};
	int r = crypto_key_set(out, a, b, n, &e);
	crypto_wipe(b, sizeof b);
	if (r)
		luaL_argerror(L, arg, e.msg);
	snprintf(label, cap, "<key:literal>");
}

void lkeys_set_secrets(lua_State *L, const struct secrets *s)
{
	lua_pushlightuserdata(L, (void *)s);
	lua_setfield(L, LUA_REGISTRYINDEX, SECRETS_REG);
}

/* The key store the engine set (lkeys_set_secrets). */
static const struct secrets *store(lua_State *L)
{
	lua_getfield(L, LUA_REGISTRYINDEX, SECRETS_REG);
	const struct secrets *s = lua_touserdata(L, -1);
	lua_pop(L, 1);
	if (!s)
		luaL_error(L, "no key file: the station has no 'keys:' entry");
	return s;
}

int lkeys_push_key(lua_State *L, const char *role, const char *id, long version)
{
	const struct secret *x = secrets_key(store(L), role, id, version);
	if (!x) {
		if (version >= 0)
			return luaL_error(L, "no key %s/%s version %ld in the key file", role, id,
			                  version);
		return luaL_error(L, "no key %s/%s in the key file", role, id);
	}
	lkeys_push(L, &x->key, x->label);
	return 1;
}

static int k_get(lua_State *L)
{
	const char *role = luaL_checkstring(L, 1), *id = luaL_checkstring(L, 2);
	long version = (long)luaL_optinteger(L, 3, -1);
	return lkeys_push_key(L, role, id, version);
}

static int k_pin(lua_State *L)
{
	const char *role = luaL_checkstring(L, 1), *id = luaL_checkstring(L, 2);
	const struct secret *x = secrets_pin(store(L), role, id);
	if (!x)
		return luaL_error(L, "no PIN %s/%s in the key file", role, id);
	struct lsecret *h = new_handle(L);
	h->kind = SECRET_PIN;
	memcpy(h->pin, x->pin, sizeof h->pin);
	memcpy(h->label, x->label, sizeof h->label);
	return 1;
}

/* VERIFY with a PIN handle: 00 20 00 P2 Lc PIN (BCD, F-padded). The APDU
 * holds the PIN, so it is sent, never shown: trace lines are redacted. */
static int k_verify_apdu(lua_State *L)
{
	struct lsecret *h = luaL_checkudata(L, 1, SECRET_MT);
	lua_Integer p2 = luaL_optinteger(L, 2, 0);
	if (h->kind != SECRET_PIN)
		return luaL_argerror(L, 1, "a PIN handle is needed");
	luaL_argcheck(L, p2 >= 0 && p2 <= 255, 2, "P2 must be 0..255");
	unsigned char a[5 + 6] = {0x00, 0x20, 0x00, (unsigned char)p2};
	size_t n = strlen(h->pin), nb = (n + 1) / 2;
	a[4] = (unsigned char)nb;
	for (size_t i = 0; i < 2 * nb; i++) {
		unsigned d = i < n ? (unsigned)(h->pin[i] - '0') : 0xF;
		a[5 + i / 2] |= (unsigned char)(i % 2 ? d : d << 4);
	}
	lapi_pushhex(L, a, 5 + nb);
	crypto_wipe(a, sizeof a);
	return 1;
}

static int k_label(lua_State *L)
{
	luaL_checkudata(L, 1, SECRET_MT);
	lua_getfield(L, 1, "label");
	return 1;
}

int luaopen_keys(lua_State *L)
{
	static const luaL_Reg f[] = {{"get", k_get},
	                             {"pin", k_pin},
	                             {"verify_apdu", k_verify_apdu},
	                             {"label", k_label},
	                             {NULL, NULL}};
	luaL_newlib(L, f);
	return 1;
}
