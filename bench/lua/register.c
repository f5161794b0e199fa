/* bench.register: registration targets and scan measurement for suites. */
#include <lauxlib.h>
#include <lua.h>

#include "lualib.h"
#include "bench/lib/printer/printer.h"

/* target(path, dpi): writes the card-sized target PNG. */
static int l_target(lua_State *L)
{
	const char *path = luaL_checkstring(L, 1);
	double dpi = luaL_optnumber(L, 2, 600);
	struct img im;
	struct err e = {0};
	if (reg_target(&im, dpi, &e) != 0)
		return luaL_error(L, "register.target: %s", e.msg);
	int rc = img_save_png(path, &im, &e);
	img_free(&im);
	if (rc != 0)
		return luaL_error(L, "register.target: %s", e.msg);
	return 0;
}

/* measure(path [, dpi]) -> result table, or nil and the reason. */
static int l_measure(lua_State *L)
{
	const char *path = luaL_checkstring(L, 1);
	double dpi = luaL_optnumber(L, 2, 0);
	struct img im;
	struct reg_result r;
	struct err e = {0};
	int rc = img_load_png(path, &im, &e);
	if (rc == 0) {
		rc = reg_measure(&im, dpi, &r, &e);
		img_free(&im);
		if (rc != 0)
			err_prefix(&e, "%s", path);
	}
	if (rc != 0) {
		lua_pushnil(L);
		lua_pushstring(L, e.msg);
		return 2;
	}
	const struct {
		const char *k;
		double v;
	} f[] = {{"left", r.left},     {"right", r.right},  {"up", r.up},
	         {"down", r.down},     {"rot", r.rot_deg},  {"skew", r.skew_deg},
	         {"card_w", r.card_w}, {"card_h", r.card_h}};
	lua_createtable(L, 0, 8);
	for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
		lua_pushnumber(L, f[i].v);
		lua_setfield(L, -2, f[i].k);
	}
	return 1;
}

int luaopen_register(lua_State *L)
{
	static const luaL_Reg fns[] = {{"target", l_target}, {"measure", l_measure}, {NULL, NULL}};
	luaL_newlib(L, fns);
	return 1;
}
