/* usb: the DUT's USB devices as the host sees them (drivers/usb_io.c
 * reads sysfs): which are plugged in, their interfaces' classes and the
 * drivers the host bound to them, for the "driver-free" clauses
 * (suites/terminal/usb.lua). usb:devices() -> one table per `devices:`
 * entry. */
#include <stdio.h>
#include <string.h>

#include <lauxlib.h>

#include "driver.h"
#include "usb_io.h"

#define MT "bench.usb"

struct usbrole {
	char root[4096]; /* the sysfs mount */
	char role[64];
	const struct role *ro;
	const struct drv_ctx *ctx;
};

static void push_if(lua_State *L, const struct usb_if *i)
{
	lua_createtable(L, 0, 6);
	lapi_setstr(L, "name", i->name);
	lapi_setint(L, "class", i->cls);
	lapi_setint(L, "subclass", i->sub);
	lapi_setint(L, "protocol", i->proto);
	const char *cn = usb_class_name(i->cls);
	lapi_setstr(L, "class_name", cn ? cn : i->cls == 0xff ? "vendor-specific" : "unknown");
	lapi_setstr(L, "driver", i->driver);
	lua_pushboolean(L, i->out_of_tree);
	lua_setfield(L, -2, "out_of_tree");
}

/* One devices: entry, traced: {id=, found=, name=, product=,
 * manufacturer=, interfaces={...}}. */
static int push_dev(lua_State *L, struct usbrole *r, const char *id)
{
	struct usb_dev d;
	struct err e = {0};
	int found = usb_find(r->root, id, &d, &e);
	if (found < 0)
		return drv_error(L, r->ctx, r->role, "%s", e.msg);
	char resp[USB_MAX_IFS * 64]; /* every interface: a trace line is evidence, not cut short */
	snprintf(resp, sizeof resp, "%s", found ? d.name : "not found");
	for (int i = 0; found && i < d.nifs; i++) {
		size_t n = strlen(resp);
		snprintf(resp + n, sizeof resp - n, " %s class %02x %s", d.ifs[i].name,
		         d.ifs[i].cls, d.ifs[i].driver[0] ? d.ifs[i].driver : "(no driver)");
	}
	trace_exchange(r->ctx->trace, r->role, "sysfs", id, resp, -1);
	lua_createtable(L, 0, 6);
	lapi_setstr(L, "id", id);
	lua_pushboolean(L, found);
	lua_setfield(L, -2, "found");
	if (!found)
		return 0;
	lapi_setstr(L, "name", d.name);
	lapi_setstr(L, "product", d.product);
	lapi_setstr(L, "manufacturer", d.manufacturer);
	lua_createtable(L, d.nifs, 0);
	for (int i = 0; i < d.nifs; i++) {
		push_if(L, &d.ifs[i]);
		lua_rawseti(L, -2, i + 1);
	}
	lua_setfield(L, -2, "interfaces");
	return 0;
}

static int usb_devices(lua_State *L)
{
	struct usbrole *r = luaL_checkudata(L, 1, MT);
	const struct ynode *list = ynode_get(r->ro->node, "devices");
	lua_createtable(L, list ? list->nkids : 0, 0);
	for (size_t i = 0; list && i < list->nkids; i++) {
		push_dev(L, r, list->kids[i].str);
		lua_rawseti(L, -2, i + 1);
	}
	return 1;
}

/* Each devices: entry is vvvv:pppp, hex. */
static int id_ok(const char *s)
{
	return s && strlen(s) == 9 && s[4] == ':' && strspn(s, "0123456789abcdefABCDEF") == 4 &&
	       strspn(s + 5, "0123456789abcdefABCDEF") == 4;
}

static int usb_check(const struct station *st, const struct role *ro, struct err *e)
{
	(void)st;
	const struct ynode *list = ynode_get(ro->node, "devices");
	if (!list || list->nkids == 0)
		return ynode_err(e, list ? list : ro->node,
		                 "role %s: usb needs devices: [vvvv:pppp, ...]", ro->name);
	for (size_t i = 0; i < list->nkids; i++)
		if (list->kids[i].kind != YN_SCALAR || !id_ok(list->kids[i].str))
			return ynode_err(e, &list->kids[i],
			                 "devices: '%s' is not vvvv:pppp (USB vendor:product, hex)",
			                 list->kids[i].str ? list->kids[i].str : "");
	return 0;
}

/* The station was checked (usb_check) before any role opens. */
static int open_usb(lua_State *L, const struct drv_ctx *ctx, const struct role *ro, struct err *e)
{
	(void)e;
	struct usbrole *r = lua_newuserdatauv(L, sizeof *r, 0);
	memset(r, 0, sizeof *r);
	station_path(ctx->st, role_str(ro, "sysfs", "/sys"), r->root, sizeof r->root);
	snprintf(r->role, sizeof r->role, "%s", ro->name);
	r->ro = ro;
	r->ctx = ctx;
	static const luaL_Reg m[] = {{"devices", usb_devices}, {NULL, NULL}};
	lapi_setclass(L, MT, m, NULL, NULL);
	return 0;
}

static const struct opt_spec usb_opts[] = {
    {"devices", OPT_LIST, 1, "the DUT's USB devices, vvvv:pppp (vendor:product, hex)"},
    {"sysfs", OPT_STRING, 0, "where sysfs is mounted (/sys; tests: a tree of their own)"},
    {NULL, 0, 0, NULL},
};

const struct driver usb_driver = {
    .name = "usb",
    .doc = "the DUT's USB devices, their interface classes and bound drivers (sysfs)",
    .opts = usb_opts,
    .open = open_usb,
    .check = usb_check,
};
