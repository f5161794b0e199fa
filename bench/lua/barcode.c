/* bench.barcode: symbols for a code scanner to read, and the symbols a
 * scanned card shows (bench/lib/printer/barcode.c, barcode_read.c). */
#include "bench/lib/printer/printer.h"
#include "lualib.h"

/* render(symbology, data, path [, module_px]): writes the symbol as PNG. */
static int l_render(lua_State *L)
{
	const char *name = luaL_checkstring(L, 1), *data = luaL_checkstring(L, 2);
	const char *path = luaL_checkstring(L, 3);
	int px = (int)luaL_optinteger(L, 4, 3);
	int sym = barcode_find(name);
	luaL_argcheck(L, sym >= 0, 1,
	              "symbology: qr, ean13, upca, upce, ean8, code128, code39 or itf");
	luaL_argcheck(L, px >= 1 && px <= 20, 4, "module_px 1..20");
	struct img im;
	struct err e = {0};
	if (barcode_render(sym, data, px, &im, &e) != 0)
		return luaL_error(L, "barcode.render: %s", e.msg);
	int rc = img_save_png(path, &im, &e);
	img_free(&im);
	if (rc != 0)
		return luaL_error(L, "barcode.render: %s", e.msg);
	return 0;
}

static void push_symbol(void *ctx, int sym, const char *type, const char *text)
{
	lua_State *L = ctx;
	lua_createtable(L, 0, 3);
	lapi_setstr(L, "sym", sym >= 0 ? barcode_name(sym) : "other");
	lapi_setstr(L, "type", type);
	lapi_setstr(L, "text", text);
	lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
}

/* read(path) -> {{sym=, type=, text=}, ...}: every symbol zbar finds in
 * the PNG (sym as render names it, "other" for the rest; type zbar's
 * name), or nil and why. */
static int l_read(lua_State *L)
{
	const char *path = luaL_checkstring(L, 1);
	struct img im;
	struct err e = {0};
	lua_newtable(L);
	int rc = img_load_png(path, &im, &e);
	if (rc == 0) {
		rc = barcode_read_scan(&im, push_symbol, L, &e);
		img_free(&im);
	}
	if (rc < 0) {
		lua_pushnil(L);
		lua_pushstring(L, e.msg);
		return 2;
	}
	return 1;
}

int luaopen_barcode(lua_State *L)
{
	static const luaL_Reg fns[] = {{"render", l_render}, {"read", l_read}, {NULL, NULL}};
	luaL_newlib(L, fns);
	return 1;
}
