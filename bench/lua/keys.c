/* bench.keys, key handles and sealed APDUs; see lualib.h. */
#include "lualib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "bench/lib/crypto/crypto.h"

#define SECRET_MT   "bench.secret"
#define SEALED_MT   "bench.sealed"
#define SECRETS_REG "bench.secrets"

/* A handle: a copy of the value, so it outlives the secrets it came from. */
struct lsecret {
	enum secret_kind kind;
	int derive; /* a derivation key: it only derives (lkeys_check) */
	struct crypto_key key;
	char pin[13];
	char role[32], id[64]; /* of a PIN, for its temporary PIN */
	char label[112];
};

/* An APDU that holds a PIN: only a card's transmit reads its bytes. */
struct lsealed {
	unsigned char b[LKEYS_APDU_MAX];
	size_t n;
	char label[200];
};

static int h_tostring(lua_State *L)
{
	lua_getfield(L, 1, "label");
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
	else if (!strcmp(k, "derive") && h->kind == SECRET_KEY)
		lua_pushboolean(L, h->derive);
	else
		lua_pushnil(L);
	return 1;
}

static int s_gc(lua_State *L)
{
	crypto_wipe(luaL_checkudata(L, 1, SEALED_MT), sizeof(struct lsealed));
	return 0;
}

static int s_index(lua_State *L)
{
	struct lsealed *a = luaL_checkudata(L, 1, SEALED_MT);
	if (!strcmp(luaL_checkstring(L, 2), "label"))
		lua_pushstring(L, a->label);
	else
		lua_pushnil(L);
	return 1;
}

/* A userdata of class mt whose metatable gives nothing to tamper with. */
static void *new_opaque(lua_State *L, const char *mt, size_t size, lua_CFunction index,
                        lua_CFunction gc)
{
	void *p = lua_newuserdatauv(L, size, 0);
	memset(p, 0, size);
	if (luaL_newmetatable(L, mt)) {
		const luaL_Reg m[] = {
		    {"__tostring", h_tostring}, {"__gc", gc}, {"__index", index}, {NULL, NULL}};
		luaL_setfuncs(L, m, 0);
		lua_pushboolean(L, 0);
		lua_setfield(L, -2, "__metatable");
	}
	lua_setmetatable(L, -2);
	return p;
}

static struct lsecret *new_handle(lua_State *L)
{
	return new_opaque(L, SECRET_MT, sizeof(struct lsecret), h_index, h_gc);
}

void lkeys_push(lua_State *L, const struct crypto_key *k, const char *label, int derive)
{
	struct lsecret *h = new_handle(L);
	h->kind = SECRET_KEY;
	h->derive = derive;
	h->key = *k;
	snprintf(h->label, sizeof h->label, "%s", label);
}

void lkeys_push_sealed(lua_State *L, const unsigned char *b, size_t n, const char *what)
{
	if (n > LKEYS_APDU_MAX || n < 4)
		luaL_error(L, "sealed APDU of %d bytes", (int)n);
	struct lsealed *a = new_opaque(L, SEALED_MT, sizeof *a, s_index, s_gc);
	memcpy(a->b, b, n);
	a->n = n;
	snprintf(a->label, sizeof a->label, "<apdu %02X%02X%02X%02X %s>", b[0], b[1], b[2], b[3],
	         what);
}

size_t lapi_checkapdu(lua_State *L, int arg, unsigned char *buf, size_t cap, char *label,
                      size_t lcap)
{
	struct lsealed *a = luaL_testudata(L, arg, SEALED_MT);
	if (!a) {
		if (lcap)
			label[0] = '\0';
		return lapi_checkhex(L, arg, buf, cap);
	}
	luaL_argcheck(L, a->n <= cap, arg, "APDU too long");
	memcpy(buf, a->b, a->n);
	snprintf(label, lcap, "%s", a->label);
	return a->n;
}

static void check_use(lua_State *L, int arg, const struct lsecret *h, enum lkey_use use)
{
	char msg[400];
	if (use == LKEY_CIPHER && h->derive) {
		snprintf(msg, sizeof msg,
		         "%s is a derivation key: it only derives keys (diversify, session_key, "
		         "process_key, tac_key), since what it encrypts could be a key it derives",
		         h->label);
		luaL_argerror(L, arg, msg);
	}
	if (use == LKEY_DERIVE && !h->derive) {
		snprintf(msg, sizeof msg,
		         "%s is not a derivation key: only a key whose usage is purchase, load, "
		         "unload, overdraft, tac or derive derives by encryption, since it never "
		         "encrypts anything a suite sees",
		         h->label);
		luaL_argerror(L, arg, msg);
	}
}

/* A hex key: alg (or, when alg < 0, the length) gives the algorithm. */
static void check_hex_key(lua_State *L, int arg, int alg, struct lkey *out)
{
	if (lua_type(L, arg) != LUA_TSTRING)
		luaL_typeerror(L, arg, "key handle or hex string");
	unsigned char b[24];
	size_t n = lapi_checkhex(L, arg, b, sizeof b);
	enum crypto_alg a = alg >= 0 ? (enum crypto_alg)alg : n == 8 ? CRYPTO_DES : CRYPTO_3DES;
	struct err e = {0};
	int r = crypto_key_set(&out->k, a, b, n, &e);
	crypto_wipe(b, sizeof b);
	if (r)
		luaL_argerror(L, arg, e.msg);
	snprintf(out->label, sizeof out->label, "<key:literal>");
}

void lkeys_check(lua_State *L, int arg, int alg, enum lkey_use use, struct lkey *out)
{
	struct lsecret *h = luaL_testudata(L, arg, SECRET_MT);
	memset(out, 0, sizeof *out);
	if (!h) {
		check_hex_key(L, arg, alg, out);
		return;
	}
	if (h->kind != SECRET_KEY)
		luaL_argerror(L, arg, "a PIN handle is not a key");
	if (alg >= 0 && (int)h->key.alg != alg) {
		char msg[200];
		snprintf(msg, sizeof msg, "%s is a %s key, %s needed", h->label,
		         crypto_alg_name(h->key.alg), crypto_alg_name((enum crypto_alg)alg));
		luaL_argerror(L, arg, msg);
	}
	check_use(L, arg, h, use);
	out->k = h->key;
	out->handle = 1;
	out->derive = h->derive;
	snprintf(out->label, sizeof out->label, "%s", h->label);
}

/* The PIN's BCD block, F-padded: what VERIFY and CHANGE PIN carry. */
static size_t pin_block(const struct lsecret *h, unsigned char out[6])
{
	size_t n = strlen(h->pin), nb = (n + 1) / 2;
	memset(out, 0, 6);
	for (size_t i = 0; i < 2 * nb; i++) {
		unsigned d = i < n ? (unsigned)(h->pin[i] - '0') : 0xF;
		out[i / 2] |= (unsigned char)(i % 2 ? d : d << 4);
	}
	return nb;
}

static struct lsecret *check_pin(lua_State *L, int arg)
{
	struct lsecret *h = luaL_checkudata(L, arg, SECRET_MT);
	if (h->kind != SECRET_PIN)
		luaL_argerror(L, arg, "a PIN handle is needed");
	return h;
}

int lkeys_pin_block(lua_State *L, int arg, unsigned char out[6], size_t *n, char *label, size_t cap)
{
	struct lsecret *h = luaL_testudata(L, arg, SECRET_MT);
	if (!h)
		return 0;
	check_pin(L, arg);
	*n = pin_block(h, out);
	snprintf(label, cap, "%s", h->label);
	return 1;
}

void lkeys_set_secrets(lua_State *L, struct secrets *s)
{
	lua_pushlightuserdata(L, s);
	lua_setfield(L, LUA_REGISTRYINDEX, SECRETS_REG);
}

/* The key store the engine set (lkeys_set_secrets), or NULL. */
static struct secrets *store_or_null(lua_State *L)
{
	lua_getfield(L, LUA_REGISTRYINDEX, SECRETS_REG);
	struct secrets *s = lua_touserdata(L, -1);
	lua_pop(L, 1);
	return s;
}

static struct secrets *store(lua_State *L)
{
	struct secrets *s = store_or_null(L);
	if (!s)
		luaL_error(L, "no key file: the station has no 'keys:' entry");
	return s;
}

const char *lkeys_redact(lua_State *L, int idx, size_t *len)
{
	size_t n, m;
	const char *s = luaL_checklstring(L, idx, &n);
	const struct secrets *st = store_or_null(L);
	if (!st) {
		lua_pushvalue(L, idx);
		return lua_tolstring(L, -1, len);
	}
	char *r = redact_mem(st, s, n, &m);
	if (!r)
		luaL_error(L, "out of memory redacting keys and PINs");
	lua_pushlstring(L, r, m);
	free(r);
	return lua_tolstring(L, -1, len);
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
	lkeys_push(L, &x->key, x->label, x->derive);
	return 1;
}

static int k_get(lua_State *L)
{
	const char *role = luaL_checkstring(L, 1), *id = luaL_checkstring(L, 2);
	long version = (long)luaL_optinteger(L, 3, -1);
	return lkeys_push_key(L, role, id, version);
}

static void push_pin(lua_State *L, const struct secret *x)
{
	struct lsecret *h = new_handle(L);
	h->kind = SECRET_PIN;
	memcpy(h->pin, x->pin, sizeof h->pin);
	memcpy(h->role, x->role, sizeof h->role);
	memcpy(h->id, x->id, sizeof h->id);
	memcpy(h->label, x->label, sizeof h->label);
}

static int k_pin(lua_State *L)
{
	const char *role = luaL_checkstring(L, 1), *id = luaL_checkstring(L, 2);
	const struct secret *x = secrets_pin(store(L), role, id);
	if (!x)
		return luaL_error(L, "no PIN %s/%s in the key file", role, id);
	push_pin(L, x);
	return 1;
}

/* temp_pin(pin [, digits]): the run's temporary PIN for pin (digits long,
 * default as long as pin), redacted from every output before a suite can
 * send it (secrets_temp_pin). */
static int k_temp_pin(lua_State *L)
{
	struct lsecret *h = check_pin(L, 1);
	lua_Integer len = luaL_optinteger(L, 2, 0);
	luaL_argcheck(L, len == 0 || (len >= 4 && len <= 12), 2, "a PIN has 4..12 digits");
	struct err e = {0};
	const struct secret *x = secrets_temp_pin(store(L), h->role, h->id, (size_t)len, &e);
	if (!x)
		return luaL_error(L, "%s", e.msg);
	push_pin(L, x);
	return 1;
}

/* flip_byte(sealed, k): the sealed APDU with its k-th byte from the end
 * changed (XOR 5A): a MAC made wrong in one byte, still sealed. */
static int k_flip_byte(lua_State *L)
{
	struct lsealed *a = luaL_checkudata(L, 1, SEALED_MT);
	lua_Integer k = luaL_checkinteger(L, 2);
	luaL_argcheck(L, k >= 1 && (size_t)k <= a->n, 2, "no such byte");
	unsigned char b[LKEYS_APDU_MAX];
	memcpy(b, a->b, a->n);
	b[a->n - (size_t)k] ^= 0x5A;
	char what[64];
	snprintf(what, sizeof what, "(byte -%d changed)", (int)k);
	lkeys_push_sealed(L, b, a->n, what);
	crypto_wipe(b, sizeof b);
	return 1;
}

/* pin_variant(pin, kind): a PIN a digit or two away from pin, as a handle
 * (never digits): "short1"/"short2" without its last 1/2 digits, "long1"/
 * "long3" with 1/3 more, "last"/"first" with that digit changed. For
 * checks that a card compares value and length exactly, without the suite
 * ever holding the PIN. nil, why where the variant would not be a PIN of 1
 * to 12 digits. */
static int k_pin_variant(lua_State *L)
{
	struct lsecret *h = check_pin(L, 1);
	static const char *const kinds[] = {"short1", "short2", "long1", "long3",
	                                    "last",   "first",  NULL};
	int k = luaL_checkoption(L, 2, NULL, kinds);
	char v[sizeof h->pin];
	size_t n = strlen(h->pin);
	snprintf(v, sizeof v, "%s", h->pin);
	if ((k == 0 && n < 2) || (k == 1 && n < 3) || (k == 2 && n + 1 >= sizeof v) ||
	    (k == 3 && n + 3 >= sizeof v)) {
		lua_pushnil(L);
		lua_pushfstring(L, "no %s variant of a %d-digit PIN (4..12 digits)", kinds[k],
		                (int)n);
		return 2;
	}
	if (k <= 1)
		v[n - 1 - (size_t)k] = '\0';
	else if (k <= 3)
		memcpy(v + n, k == 2 ? "0" : "135", k == 2 ? 2 : 4);
	else
		v[k == 4 ? n - 1 : 0] = (char)('0' + (v[k == 4 ? n - 1 : 0] - '0' + 1) % 10);
	struct err e = {0};
	const struct secret *x = secrets_variant_pin(store(L), h->role, h->id, kinds[k], v, &e);
	crypto_wipe(v, sizeof v);
	if (!x)
		return luaL_error(L, "%s", e.msg);
	push_pin(L, x);
	return 1;
}

/* VERIFY with a PIN handle: CLA 20 P1 P2 Lc PIN (CLA, P1 default 00: other
 * values are for boundary tests) (BCD, F-padded), sealed:
 * the PIN never becomes a Lua string, so no suite can print or transform
 * it; the trace shows it redacted. */
static int k_verify_apdu(lua_State *L)
{
	struct lsecret *h = check_pin(L, 1);
	lua_Integer p2 = luaL_optinteger(L, 2, 0), p1 = luaL_optinteger(L, 3, 0);
	lua_Integer cla = luaL_optinteger(L, 4, 0);
	luaL_argcheck(L, p2 >= 0 && p2 <= 255, 2, "P2 must be 0..255");
	luaL_argcheck(L, p1 >= 0 && p1 <= 255, 3, "P1 must be 0..255");
	luaL_argcheck(L, cla >= 0 && cla <= 255, 4, "CLA must be 0..255");
	unsigned char a[5 + 6] = {(unsigned char)cla, 0x20, (unsigned char)p1, (unsigned char)p2};
	size_t nb = pin_block(h, a + 5);
	a[4] = (unsigned char)nb;
	lkeys_push_sealed(L, a, 5 + nb, h->label);
	crypto_wipe(a, sizeof a);
	return 1;
}

/* change_pin_apdu(old, new [, coding]), sealed: "80-5e-01" (the default),
 * the social security card's CHANGE PIN 80 5E 01 00, old block || FF ||
 * new block; "00-24-00-00", ISO/IEC 7816-4 §7.5.7 CHANGE REFERENCE DATA,
 * old block || new block (the card knows the old one's length). */
static int k_change_pin_apdu(lua_State *L)
{
	static const char *const codings[] = {"80-5e-01", "00-24-00-00", NULL};
	struct lsecret *old = check_pin(L, 1), *new = check_pin(L, 2);
	int iso = luaL_checkoption(L, 3, codings[0], codings);
	unsigned char a[5 + 6 + 1 + 6] = {0x80, 0x5E, 0x01, 0x00};
	if (iso)
		a[0] = a[2] = 0x00, a[1] = 0x24;
	size_t no = pin_block(old, a + 5);
	if (!iso)
		a[5 + no++] = 0xFF;
	size_t nn = pin_block(new, a + 5 + no);
	a[4] = (unsigned char)(no + nn);
	char what[240];
	snprintf(what, sizeof what, "%s %s", old->label, new->label);
	lkeys_push_sealed(L, a, 5 + a[4], what);
	crypto_wipe(a, sizeof a);
	return 1;
}

/* digits(pin): how many digits the PIN has (its length, which every
 * VERIFY's Lc shows anyway; never a digit). */
static int k_digits(lua_State *L)
{
	struct lsecret *h = check_pin(L, 1);
	lua_pushinteger(L, (lua_Integer)strlen(h->pin));
	return 1;
}

/* same_pin(a, b): whether two PIN handles hold the same digits: one bit,
 * which a card tells on the first VERIFY anyway (the firewall test asks
 * it before sending one environment's PIN to the other; never a digit).
 * Digits compared without an early exit. */
static int k_same_pin(lua_State *L)
{
	const struct lsecret *a = check_pin(L, 1), *b = check_pin(L, 2);
	size_t n = strlen(a->pin);
	unsigned diff = 0;
	if (n != strlen(b->pin)) /* the lengths are public (digits) */
		diff = 1;
	else
		for (size_t i = 0; i < n; i++)
			diff |= (unsigned char)a->pin[i] ^ (unsigned char)b->pin[i];
	lua_pushboolean(L, diff == 0);
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
	                             {"temp_pin", k_temp_pin},
	                             {"verify_apdu", k_verify_apdu},
	                             {"change_pin_apdu", k_change_pin_apdu},
	                             {"pin_variant", k_pin_variant},
	                             {"flip_byte", k_flip_byte},
	                             {"label", k_label},
	                             {"digits", k_digits},
	                             {"same_pin", k_same_pin},
	                             {NULL, NULL}};
	luaL_newlib(L, f);
	return 1;
}
