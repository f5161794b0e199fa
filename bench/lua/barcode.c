/* bench.barcode: symbols for a code scanner to read (bench/lib/printer/barcode.c). */
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

int luaopen_barcode(lua_State *L)
{
	static const luaL_Reg fns[] = {{"render", l_render}, {NULL, NULL}};
	luaL_newlib(L, fns);
	return 1;
}
