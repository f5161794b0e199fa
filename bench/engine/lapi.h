/* Helpers for C code that talks to suites through Lua: drivers and library
 * modules (crypto, atr, tlv, ...). */
#ifndef BENCH_LAPI_H
#define BENCH_LAPI_H

#include <stddef.h>

#include <lauxlib.h>
#include <lua.h>

struct run;

/* The run a Lua state belongs to (set by the suite engine). */
struct run *lapi_run(lua_State *L);

/* Reads argument arg as hex ("00A40400", "00 a4 04 00"); raises a Lua error
 * naming the argument on odd length or a non-hex digit. Returns the length. */
size_t lapi_checkhex(lua_State *L, int arg, unsigned char *buf, size_t cap);
/* Pushes bytes as an upper-case hex string without spaces. */
void lapi_pushhex(lua_State *L, const unsigned char *b, size_t n);

/* Raises a Lua error for a device failure (timeout, card removed, no
 * answer): the running test fails with this message. Does not return. */
int lapi_device_error(lua_State *L, const char *role, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Installs the `bench` global (and, with a run, t.roles/t.station). */
void lapi_open(lua_State *L, struct run *r);

/* Library modules reachable from suites as bench.<name>; listed in
 * bench/modules.c. */
struct lmodule {
	const char *name;
	int (*open)(lua_State *L); /* pushes the module table */
};
extern const struct lmodule bench_modules[]; /* ended by {NULL, NULL} */

#endif
