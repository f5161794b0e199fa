/* bench.register: scan measurement and card serials for suites (the
 * targets are written by printer:put_target, into the scan directory). */
#include <lauxlib.h>
#include <lua.h>
#include <stdio.h>
#include <stdlib.h>

#include "lualib.h"
#include "bench/lib/printer/printer.h"

/* Card serials are 10 hex digits in Lua: readable in diagnostics. */
static void push_serial(lua_State *L, unsigned long long s)
{
	char hex[24];
	snprintf(hex, sizeof hex, "%010llx", s);
	lua_pushstring(L, hex);
}

/* serial(name) -> the serial a job name's card carries (hex). */
static int l_serial(lua_State *L)
{
	push_serial(L, reg_serial_of(luaL_checkstring(L, 1)));
	return 1;
}

/* {{dx=, dy=} x 4}: marks or corners in reg_fiducial order. */
static void push_points(lua_State *L, const char *k, const double *dx, const double *dy)
{
	lua_createtable(L, 4, 0);
	for (int i = 0; i < 4; i++) {
		lua_createtable(L, 0, 2);
		lapi_setnum(L, "dx", dx[i]);
		lapi_setnum(L, "dy", dy[i]);
		lua_rawseti(L, -2, i + 1);
	}
	lua_setfield(L, -2, k);
}

static void push_result(lua_State *L, const struct reg_result *r)
{
	const struct {
		const char *k;
		double v;
	} f[] = {{"left", r->left},       {"right", r->right},     {"up", r->up},
	         {"down", r->down},       {"tx", r->tx},           {"ty", r->ty},
	         {"rot", r->rot_deg},     {"shear", r->shear_deg}, {"scale_x", r->scale_x},
	         {"scale_y", r->scale_y}, {"twist", r->twist_mm},  {"skew", r->skew_deg},
	         {"card_w", r->card_w},   {"card_h", r->card_h},   {"dpi", r->dpi}};
	lua_createtable(L, 0, 24);
	for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
		lapi_setnum(L, f[i].k, f[i].v);
	push_points(L, "marks", r->dx, r->dy);
	push_points(L, "corners", r->corner_dx, r->corner_dy);
	if (r->serial_ok)
		push_serial(L, r->serial);
	else
		lua_pushstring(L, r->serial_err);
	lua_setfield(L, -2, r->serial_ok ? "serial" : "serial_err");
}

static void push_lines(lua_State *L, const struct img *im, const struct reg_result *r,
                       double lp_dpi)
{
	struct reg_lines ln;
	struct err e = {0};
	if (reg_lines(im, r, lp_dpi, &ln, &e) != 0) {
		lua_pushstring(L, e.msg);
		lua_setfield(L, -2, "lines_err");
		return;
	}
	lua_createtable(L, 0, 7);
	lapi_setnum(L, "dpi", ln.lp_dpi);
	lapi_setnum(L, "x", ln.mtf_x);
	lapi_setnum(L, "y", ln.mtf_y);
	lapi_setnum(L, "fine_x", ln.fine_x);
	lapi_setnum(L, "fine_y", ln.fine_y);
	lapi_setnum(L, "coarse_x", ln.coarse_x);
	lapi_setnum(L, "coarse_y", ln.coarse_y);
	lua_setfield(L, -2, "lines");
}

/* measure(path [, dpi [, lp_dpi]]) -> result table, or nil and the reason.
 * With lp_dpi the line-pair patches are read too (lines or lines_err). */
static int l_measure(lua_State *L)
{
	const char *path = luaL_checkstring(L, 1);
	double dpi = luaL_optnumber(L, 2, 0), lp_dpi = luaL_optnumber(L, 3, 0);
	struct img im;
	struct reg_result r;
	struct err e = {0};
	int rc = img_load_png(path, &im, &e);
	if (rc == 0 && (rc = reg_measure(&im, dpi, &r, &e)) != 0)
		err_prefix(&e, "%s", path);
	if (rc != 0) {
		if (im.px)
			img_free(&im);
		lua_pushnil(L);
		lua_pushstring(L, e.msg);
		return 2;
	}
	push_result(L, &r);
	if (lp_dpi > 0)
		push_lines(L, &im, &r, lp_dpi);
	img_free(&im);
	return 1;
}

int luaopen_register(lua_State *L)
{
	static const luaL_Reg fns[] = {{"measure", l_measure}, {"serial", l_serial}, {NULL, NULL}};
	luaL_newlib(L, fns);
	return 1;
}
