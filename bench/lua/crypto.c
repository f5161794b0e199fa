/* bench.crypto: crypto.c for suites. Hex in, hex out; a key argument is a
 * key handle (bench.keys.get) or hex. Keys derived from a handle come back
 * as handles, so a secret never becomes a printable string; a handle either
 * derives or ciphers (lkeys_check), so no ciphertext is a derived key; an
 * APDU whose data is a PIN comes back sealed. See docs/keys.md. */
#include <string.h>

#include <lauxlib.h>

#include "bench/lib/crypto/crypto.h"
#include "lualib.h"

#define CTX_REG  "bench.crypto.ctx"
#define DATA_MAX 1008 /* MAC inputs are APDU-sized (crypto.c MAC_MAX - 16) */

struct lctx {
	struct crypto *c;
};

static int ctx_gc(lua_State *L)
{
	struct lctx *x = lua_touserdata(L, 1);
	crypto_free(x->c);
	x->c = NULL;
	return 0;
}

/* The state's crypto context, made on first use and freed with the state. */
static struct crypto *ctx(lua_State *L)
{
	lua_getfield(L, LUA_REGISTRYINDEX, CTX_REG);
	struct lctx *x = lua_touserdata(L, -1);
	lua_pop(L, 1);
	if (x && x->c)
		return x->c;
	x = lua_newuserdatauv(L, sizeof *x, 0);
	x->c = NULL;
	lua_newtable(L);
	lua_pushcfunction(L, ctx_gc);
	lua_setfield(L, -2, "__gc");
	lua_setmetatable(L, -2);
	lua_setfield(L, LUA_REGISTRYINDEX, CTX_REG);
	struct err e = {0};
	if (!(x->c = crypto_new(&e)))
		luaL_error(L, "%s", e.msg);
	return x->c;
}

static int fail(lua_State *L, const struct err *e)
{
	return luaL_error(L, "%s", e->msg);
}

static void key_arg(lua_State *L, int arg, int alg, struct lkey *k)
{
	lkeys_check(L, arg, alg, LKEY_CIPHER, k);
}

/* Derived keys keep secrecy: a handle in gives a handle out; derive: the
 * derived handle is a derivation key. */
static int push_derived(lua_State *L, const struct lkey *from, const struct crypto_key *k,
                        const char *how, int derive)
{
	if (!from->handle) {
		lapi_pushhex(L, k->b, k->len);
		return 1;
	}
	char label[112];
	size_t n = strlen(from->label);
	snprintf(label, sizeof label, "%.*s/%s>", (int)(n ? n - 1 : 0), from->label, how);
	lkeys_push(L, k, label, derive);
	return 1;
}

static int ecb(lua_State *L, int alg)
{
	struct lkey k;
	unsigned char in[DATA_MAX], out[DATA_MAX];
	key_arg(L, 1, alg, &k);
	size_t n = lapi_checkhex(L, 2, in, sizeof in);
	int decrypt = lua_toboolean(L, 3);
	struct err e = {0};
	if (crypto_ecb(ctx(L), &k.k, !decrypt, in, n, out, &e))
		return fail(L, &e);
	lapi_pushhex(L, out, n);
	return 1;
}

static int l_des_ecb(lua_State *L)
{
	return ecb(L, CRYPTO_DES);
}

static int l_tdes_ecb(lua_State *L)
{
	return ecb(L, CRYPTO_3DES);
}

static int l_sm4_ecb(lua_State *L)
{
	return ecb(L, CRYPTO_SM4);
}

/* auth_data(key, data [, decrypt]): GF 61/T §9.6's 8 bytes of
 * authentication data (crypto_auth_data); data, a challenge of up to 8
 * bytes, zero-padded to 8 as the card pads it. */
static int l_auth_data(lua_State *L)
{
	struct lkey k;
	unsigned char in[8] = {0}, out[8];
	key_arg(L, 1, -1, &k);
	lapi_checkhex(L, 2, in, sizeof in);
	struct err e = {0};
	if (crypto_auth_data(ctx(L), &k.k, lua_toboolean(L, 3), in, out, &e))
		return fail(L, &e);
	lapi_pushhex(L, out, 8);
	return 1;
}

/* Optional IV argument: nil or "" means zeros. */
static void iv_arg(lua_State *L, int arg, size_t bs, unsigned char *iv)
{
	memset(iv, 0, 16);
	if (lua_isnoneornil(L, arg))
		return;
	unsigned char b[16];
	size_t n = lapi_checkhex(L, arg, b, sizeof b);
	if (n != 0 && n != bs)
		luaL_argerror(L, arg, bs == 8 ? "IV must be 8 bytes" : "IV must be 16 bytes");
	memcpy(iv, b, n);
}

static int mac(lua_State *L, int alg)
{
	struct lkey k;
	unsigned char iv[16], in[DATA_MAX], out[16];
	key_arg(L, 1, alg, &k);
	iv_arg(L, 2, crypto_block_size(k.k.alg), iv);
	size_t n = lapi_checkhex(L, 3, in, sizeof in), len;
	struct err e = {0};
	int r = alg == CRYPTO_DES ? crypto_mac1(ctx(L), &k.k, iv, in, n, out, &e)
	                          : crypto_mac(ctx(L), &k.k, iv, in, n, out, &len, &e);
	if (r)
		return fail(L, &e);
	lapi_pushhex(L, out, crypto_block_size(k.k.alg));
	return 1;
}

static int l_mac1(lua_State *L)
{
	return mac(L, CRYPTO_DES);
}

static int l_mac3(lua_State *L)
{
	return mac(L, CRYPTO_3DES);
}

static int l_sm4_mac(lua_State *L)
{
	return mac(L, CRYPTO_SM4);
}

static int l_mac(lua_State *L)
{
	return mac(L, -1);
}

static int hash(lua_State *L, int sm3)
{
	unsigned char in[8192], out[32];
	size_t n = lapi_checkhex(L, 1, in, sizeof in);
	struct err e = {0};
	if (sm3 ? crypto_sm3(ctx(L), in, n, out, &e) : crypto_sha256(ctx(L), in, n, out, &e))
		return fail(L, &e);
	lapi_pushhex(L, out, 32);
	return 1;
}

static int l_sm3(lua_State *L)
{
	return hash(L, 1);
}

static int l_sha256(lua_State *L)
{
	return hash(L, 0);
}

static int l_pad2(lua_State *L)
{
	unsigned char in[DATA_MAX], out[DATA_MAX + 16];
	size_t n = lapi_checkhex(L, 1, in, sizeof in);
	lua_Integer bs = luaL_optinteger(L, 2, 8);
	luaL_argcheck(L, bs == 8 || bs == 16, 2, "block size must be 8 or 16");
	lapi_pushhex(L, out, crypto_pad2(in, n, (size_t)bs, out, sizeof out));
	return 1;
}

static int l_sm_encrypt(lua_State *L)
{
	struct lkey k;
	unsigned char in[256], out[272];
	key_arg(L, 1, -1, &k);
	size_t n = lapi_checkhex(L, 2, in, sizeof in), len;
	struct err e = {0};
	if (crypto_sm_encrypt(ctx(L), &k.k, in, n, out, sizeof out, &len, &e))
		return fail(L, &e);
	lapi_pushhex(L, out, len);
	return 1;
}

static int l_sm_decrypt(lua_State *L)
{
	struct lkey k;
	unsigned char in[272], out[256];
	key_arg(L, 1, -1, &k);
	size_t n = lapi_checkhex(L, 2, in, sizeof in), len;
	struct err e = {0};
	if (crypto_sm_decrypt(ctx(L), &k.k, in, n, out, sizeof out, &len, &e))
		return fail(L, &e);
	lapi_pushhex(L, out, len);
	return 1;
}

static unsigned char byte_arg(lua_State *L, int arg)
{
	if (lua_type(L, arg) == LUA_TNUMBER) {
		lua_Integer v = luaL_checkinteger(L, arg);
		luaL_argcheck(L, v >= 0 && v <= 255, arg, "must be 0..255");
		return (unsigned char)v;
	}
	unsigned char b[2];
	if (lapi_checkhex(L, arg, b, sizeof b) != 1)
		luaL_argerror(L, arg, "must be one byte (number or 2 hex digits)");
	return b[0];
}

/* The data argument of sm_wrap: hex, or a PIN handle (its BCD block),
 * which seals the APDU. Returns 1 for a PIN. */
static int wrap_data(lua_State *L, struct sm_cmd *cmd, unsigned char *data, size_t cap, char *pin,
                     size_t pcap)
{
	if (lkeys_pin_block(L, 5, data, &cmd->n, pin, pcap))
		return 1;
	cmd->n = lapi_checkhex(L, 5, data, cap);
	return 0;
}

/* sm_wrap(cla, ins, p1, p2, data, key, challenge [, {le=, enc=}]) */
static int l_sm_wrap(lua_State *L)
{
	unsigned char data[256], ch[16], out[LKEYS_APDU_MAX];
	char pin[112];
	struct sm_cmd cmd = {
	    byte_arg(L, 1), byte_arg(L, 2), byte_arg(L, 3), byte_arg(L, 4), data, 0, -1};
	int sealed = wrap_data(L, &cmd, data, sizeof data, pin, sizeof pin);
	struct lkey mk, ek;
	key_arg(L, 6, -1, &mk);
	size_t chlen = lapi_checkhex(L, 7, ch, sizeof ch), len;
	int has_enc = 0;
	if (lua_istable(L, 8)) {
		if (lua_getfield(L, 8, "le") != LUA_TNIL) {
			lua_Integer le = luaL_checkinteger(L, -1);
			luaL_argcheck(L, le >= 0 && le <= 256, 8, "le must be 0..256");
			cmd.le = (int)(le & 0xff);
		}
		if (lua_getfield(L, 8, "enc") != LUA_TNIL) {
			key_arg(L, lua_gettop(L), -1, &ek);
			has_enc = 1;
		}
	}
	struct err e = {0};
	int r = crypto_sm_wrap(ctx(L), &cmd, &mk.k, ch, chlen, has_enc ? &ek.k : NULL, out,
	                       sizeof out, &len, &e);
	crypto_wipe(data, sizeof data);
	if (r)
		return fail(L, &e);
	if (sealed)
		lkeys_push_sealed(L, out, len, pin);
	else
		lapi_pushhex(L, out, len);
	crypto_wipe(out, sizeof out);
	return 1;
}

static int l_diversify(lua_State *L)
{
	struct lkey k;
	unsigned char f[8];
	lkeys_check(L, 1, -1, LKEY_DERIVE, &k);
	if (lapi_checkhex(L, 2, f, sizeof f) != 8)
		return luaL_argerror(L, 2, "the diversification factor is 8 bytes");
	struct crypto_key out;
	struct err e = {0};
	if (crypto_diversify(ctx(L), &k.k, f, &out, &e))
		return fail(L, &e);
	return push_derived(L, &k, &out, "div", 0);
}

static int l_process_key(lua_State *L)
{
	struct lkey k;
	unsigned char d[8];
	lkeys_check(L, 1, -1, LKEY_ANY, &k);
	size_t n = lapi_checkhex(L, 2, d, sizeof d);
	struct crypto_key out;
	struct err e = {0};
	if (crypto_process_key(&k.k, d, n, &out, &e))
		return fail(L, &e);
	/* KA xor 00.. is KA: a process key of a derivation key must not cipher */
	return push_derived(L, &k, &out, "process", k.derive);
}

static int l_session_key(lua_State *L)
{
	struct lkey k;
	unsigned char in[8];
	lkeys_check(L, 1, CRYPTO_3DES, LKEY_DERIVE, &k);
	if (lapi_checkhex(L, 2, in, sizeof in) != 8)
		return luaL_argerror(L, 2, "the session key input is 8 bytes");
	struct crypto_key out;
	struct err e = {0};
	if (crypto_session_key(ctx(L), &k.k, in, &out, &e))
		return fail(L, &e);
	return push_derived(L, &k, &out, "session", 0);
}

static int l_tac_key(lua_State *L)
{
	struct lkey k;
	lkeys_check(L, 1, CRYPTO_3DES, LKEY_ANY, &k);
	struct crypto_key out;
	struct err e = {0};
	if (crypto_tac_key(&k.k, &out, &e))
		return fail(L, &e);
	return push_derived(L, &k, &out, "tac", 0);
}

int luaopen_crypto(lua_State *L)
{
	static const luaL_Reg f[] = {{"des_ecb", l_des_ecb},
	                             {"tdes_ecb", l_tdes_ecb},
	                             {"sm4_ecb", l_sm4_ecb},
	                             {"auth_data", l_auth_data},
	                             {"mac1", l_mac1},
	                             {"mac3", l_mac3},
	                             {"sm4_mac", l_sm4_mac},
	                             {"mac", l_mac},
	                             {"sm3", l_sm3},
	                             {"sha256", l_sha256},
	                             {"pad2", l_pad2},
	                             {"sm_encrypt", l_sm_encrypt},
	                             {"sm_decrypt", l_sm_decrypt},
	                             {"sm_wrap", l_sm_wrap},
	                             {"diversify", l_diversify},
	                             {"process_key", l_process_key},
	                             {"session_key", l_session_key},
	                             {"tac_key", l_tac_key},
	                             {"purse", lcrypto_purse},
	                             {NULL, NULL}};
	luaL_newlib(L, f);
	return 1;
}
