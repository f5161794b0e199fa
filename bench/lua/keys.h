/* Key handles for suites: `bench.keys.get(role, id [, version])` returns a
 * userdata whose tostring is "<key:ROLE/ID>"; bench.crypto functions take
 * it wherever they take a hex key, so a key's value never passes through
 * Lua strings (and so never reaches a diagnostic). Keys derived from a
 * handle (diversify, session_key, ...) are handles too. */
#ifndef BENCH_LKEYS_H
#define BENCH_LKEYS_H

#include <stddef.h>

#include <lua.h>

#include "bench/lib/crypto/crypto.h"

struct secrets;

/* Makes s the key store of this Lua state (s must outlive L). The suite
 * engine calls it after secrets_load at run start. Without it, bench.keys
 * loads station.keys of lapi_run(L) on first use. */
void lkeys_set_secrets(lua_State *L, const struct secrets *s);

/* Pushes the handle of key role/id (version < 0: highest), or raises a Lua
 * error naming role/id (never a value). For t:key(). */
int lkeys_push_key(lua_State *L, const char *role, const char *id, long version);

/* Reads argument arg as a key: a handle, or hex. For hex, alg (or, when
 * alg < 0, the length: 8 DES, 16/24 3DES) gives the algorithm. Sets
 * *handle when it was a handle and copies its label (cap bytes). Raises a
 * Lua error on anything else. */
void lkeys_check(lua_State *L, int arg, int alg, struct crypto_key *out, int *handle, char *label,
                 size_t cap);

/* Pushes k as a handle labelled label. */
void lkeys_push(lua_State *L, const struct crypto_key *k, const char *label);

/* bench.keys */
int lkeys_open(lua_State *L);

#endif
