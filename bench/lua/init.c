/* The modules suites reach as bench.<name>, like Lua's linit.c: add one
 * line here and its luaopen_<name> to lualib.h. (Drivers add their own
 * modules through struct driver's luaopen.) */
#include <stddef.h>

#include "lualib.h"

const struct lmodule bench_modules[] = {
    {"atr", luaopen_atr},           {"tlv", luaopen_tlv},
    {"cardnum", luaopen_cardnum},   {"term", luaopen_term},
    {"crypto", luaopen_crypto},     {"keys", luaopen_keys},
    {"register", luaopen_register}, {"magstripe", luaopen_magstripe},
    {"barcode", luaopen_barcode},   {NULL, NULL},
};
