/* Library modules suites reach as bench.<name>. Add one line per module. */
#include <stddef.h>

#include "bench/engine/lapi.h"

int atr_lua_open(lua_State *L);
int register_lua_open(lua_State *L);
int magstripe_lua_open(lua_State *L);
int tlv_lua_open(lua_State *L);
int cardnum_lua_open(lua_State *L);
int pcsc_lua_open_module(lua_State *L);
int bench_open_term(lua_State *L);
int lcrypto_open(lua_State *L);
int lkeys_open(lua_State *L);

const struct lmodule bench_modules[] = {
    {"atr", atr_lua_open},
    {"tlv", tlv_lua_open},
    {"cardnum", cardnum_lua_open},
    {"pcsc", pcsc_lua_open_module},
    {"term", bench_open_term},
    {"crypto", lcrypto_open},
    {"keys", lkeys_open},
    {"register", register_lua_open},
    {"magstripe", magstripe_lua_open},
    {NULL, NULL},
};
