/* The Lua face of bench's libraries: one thin binding per module over the
 * pure C of bench/lib (bench.atr, bench.crypto, ...), each opened by a
 * luaopen_<name> declared here and listed once in init.c, as Lua's own
 * lualib.h and linit.c do; and the helpers every binding and driver uses. */
#ifndef BENCH_LUALIB_H
#define BENCH_LUALIB_H

#include <stddef.h>

#include <lauxlib.h>
#include <lua.h>

#include "bench/lib/crypto/crypto.h"

int luaopen_atr(lua_State *L);       /* bench.atr: ISO 7816-3 ATR parser */
int luaopen_tlv(lua_State *L);       /* bench.tlv: BER-TLV and FCI */
int luaopen_cardnum(lua_State *L);   /* bench.cardnum: number and data-element rules */
int luaopen_term(lua_State *L);      /* bench.term: is stderr a terminal, write to it */
int luaopen_crypto(lua_State *L);    /* bench.crypto: ciphers, MACs, derivations */
int luaopen_keys(lua_State *L);      /* bench.keys: key handles */
int luaopen_register(lua_State *L);  /* bench.register: print registration */
int luaopen_magstripe(lua_State *L); /* bench.magstripe: ISO 7811 tracks */
int luaopen_barcode(lua_State *L);   /* bench.barcode: symbols for code scanners */

/* The modules above, by their name under `bench` (init.c). */
struct lmodule {
	const char *name;
	lua_CFunction open; /* pushes the module table */
};
extern const struct lmodule bench_modules[]; /* ended by {NULL, NULL} */

/* Reads argument arg as hex ("00A40400", "00 a4 04 00"); raises a Lua error
 * naming the argument on odd length or a non-hex digit. Returns the length. */
size_t lapi_checkhex(lua_State *L, int arg, unsigned char *buf, size_t cap);
/* Pushes bytes as an upper-case hex string without spaces. */
void lapi_pushhex(lua_State *L, const unsigned char *b, size_t n);
/* t[k] = v for the table at the top of the stack: a string, a number, an
 * integer (the fields of the result tables drivers and modules build). */
void lapi_setstr(lua_State *L, const char *k, const char *v);
void lapi_setnum(lua_State *L, const char *k, double v);
void lapi_setint(lua_State *L, const char *k, lua_Integer v);
/* Makes the metatable `name` of a userdata class once (methods as __index,
 * gc as __gc and tostring as __tostring where not NULL) and sets it on the
 * value at the top of the stack, like createmeta() in Lua's liolib.c. */
void lapi_setclass(lua_State *L, const char *name, const luaL_Reg *methods, lua_CFunction gc,
                   lua_CFunction tostring);
/* The same with nup upvalues shared by every method: the nup values on top
 * of the stack, above the object; pops them. */
void lapi_setclass_up(lua_State *L, const char *name, const luaL_Reg *methods, int nup,
                      lua_CFunction gc, lua_CFunction tostring);

/* Key handles (keys.c): `bench.keys.get(role, id [, version])` returns a
 * userdata whose tostring is "<key:ROLE/ID>"; bench.crypto functions take
 * it wherever they take a hex key, so a key's value never passes through
 * Lua strings (and so never reaches a diagnostic). Keys derived from a
 * handle (diversify, session_key, ...) are handles too. A PIN handle
 * (`bench.keys.pin`) goes to the card only inside a sealed APDU. */
struct secrets;

/* Makes s the key store of this Lua state (s must outlive L). The suite
 * engine calls it after secrets_load at run start; without it bench.keys
 * has no key to give. bench.keys.temp_pin adds PINs to s. */
void lkeys_set_secrets(lua_State *L, struct secrets *s);

/* Pushes the string at idx (any length, embedded zeros kept) with every key
 * and PIN of the store replaced by its label, and returns it; without a
 * store, the string itself. For what a suite writes outside the TAP,
 * trace and journal writers (print, stderr), which redact on their own. */
const char *lkeys_redact(lua_State *L, int idx, size_t *len);

/* Pushes the handle of key role/id (version < 0: highest), or raises a Lua
 * error naming role/id (never a value). For t:key(). */
int lkeys_push_key(lua_State *L, const char *role, const char *id, long version);

/* What a key argument may be used for. A derivation key (usage purchase,
 * load, unload, overdraft, tac, derive: secret_derives) only derives; every
 * other key handle only encrypts, decrypts and MACs: else a suite could
 * encrypt with a master key what diversify or session_key encrypt, and
 * print the derived key (docs/keys.md "Derivation keys"). */
enum lkey_use {
	LKEY_CIPHER, /* ECB, MACs, secure messaging */
	LKEY_DERIVE, /* diversify, session_key: the derived key is a ciphertext */
	LKEY_ANY,    /* process_key, tac_key: XOR derivations */
};

/* A key argument read by lkeys_check. */
struct lkey {
	struct crypto_key k;
	int handle; /* came from a handle: keys derived from it stay handles */
	int derive; /* a derivation key */
	char label[112];
};

/* Reads argument arg as a key: a handle, or hex. For hex, alg (or, when
 * alg < 0, the length: 8 DES, 16/24 3DES) gives the algorithm; a handle of
 * another algorithm, a PIN handle or a handle not fit for use is a Lua
 * error naming its label. */
void lkeys_check(lua_State *L, int arg, int alg, enum lkey_use use, struct lkey *out);

/* Pushes k as a handle labelled label; derive: a derivation key. */
void lkeys_push(lua_State *L, const struct crypto_key *k, const char *label, int derive);

/* Sealed APDUs: the APDUs that carry a PIN (VERIFY, CHANGE PIN, a secure-
 * messaging APDU whose data is a PIN) are userdata only a card's transmit
 * reads (lapi_checkapdu); tostring gives "<apdu CLAINSP1P2 WHAT>". */
#define LKEYS_APDU_MAX 300
void lkeys_push_sealed(lua_State *L, const unsigned char *b, size_t n, const char *what);

/* When argument arg is a PIN handle: its BCD block (F-padded) into out,
 * its length into *n, its label into label, and returns 1. 0 when arg is no
 * handle; a Lua error for a key handle. */
int lkeys_pin_block(lua_State *L, int arg, unsigned char out[6], size_t *n, char *label,
                    size_t cap);

/* Reads argument arg as an APDU to send: hex (label gets "") or a sealed
 * APDU (its bytes, and its label for where a suite would see the APDU,
 * e.g. the answer's `apdu`). Only drivers that send APDUs call it. */
size_t lapi_checkapdu(lua_State *L, int arg, unsigned char *buf, size_t cap, char *label,
                      size_t lcap);

/* bench.crypto.purse (purse.c, part of bench.crypto). */
int lcrypto_purse(lua_State *L);

#endif
