/* code-scanner: a bar code / QR code scanner (DB43/T 3.3 §6.3.4 表4 (10))
 * that sends what it reads over USB CDC serial or types it as a HID
 * keyboard (evdev). sc:show(png) puts a symbol on the station's screen
 * (the `display:` file a viewer on that screen shows) and returns true, or
 * false when the station has none (the suite then asks the operator to hold
 * the printed symbol to the scanner); sc:display() -> that file or nil;
 * sc:read([timeout_ms]) -> the text of the next symbol, or nil, "timeout";
 * sc:flush() drops what is waiting. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <lauxlib.h>

#include "codescan_io.h"
#include "driver.h"

#define MT "bench.code-scanner"

struct scanner {
	struct codescan c;
	char role[64];
	char display[4096]; /* "" when the station has no screen for symbols */
	int timeout_ms;
	const struct drv_ctx *ctx;
};

static struct scanner *check(lua_State *L)
{
	struct scanner *d = luaL_checkudata(L, 1, MT);
	if (d->c.fd < 0)
		luaL_error(L, "%s: closed", d->role);
	return d;
}

static int sc_read(lua_State *L)
{
	struct scanner *d = check(L);
	int ms = (int)luaL_optinteger(L, 2, d->timeout_ms);
	luaL_argcheck(L, ms >= 0 && ms <= 600000, 2, "timeout_ms 0..600000");
	char text[1024], req[32];
	struct err e = {0};
	long long t0 = mono_us();
	int r = cs_read(&d->c, text, sizeof text, ms, &e);
	snprintf(req, sizeof req, "read %d ms", ms);
	trace_exchange(d->ctx->trace, d->role, "scan", req,
	               r == 1 ? text
	               : r    ? e.msg
	                      : "timeout",
	               (long)(mono_us() - t0));
	/* No symbol in time is the scanner's verdict on that symbol, not a
	 * sign it is gone: only a dead link counts against the device. */
	if (r < 0 && e.code == EXIT_BAIL)
		d->ctx->health(d->ctx, d->role, DRV_LOST, e.msg);
	if (r < 0)
		return drv_error(L, d->ctx, d->role, "%s", e.msg);
	if (r)
		d->ctx->health(d->ctx, d->role, DRV_ANSWERED, "");
	if (!r) {
		lua_pushnil(L);
		lua_pushliteral(L, "timeout");
		return 2;
	}
	lua_pushstring(L, text);
	return 1;
}

static int sc_flush(lua_State *L)
{
	cs_flush(&check(L)->c);
	return 0;
}

/* Copies the PNG to the display file through a temporary and a rename, so
 * the screen never shows half a symbol. */
static int copy_file(const char *from, const char *to, struct err *e)
{
	char tmp[4200];
	snprintf(tmp, sizeof tmp, "%s.tmp", to);
	FILE *in = fopen(from, "rb"), *out = in ? fopen(tmp, "wb") : NULL;
	char buf[65536];
	size_t n;
	int bad = !in || !out;
	while (!bad && (n = fread(buf, 1, sizeof buf, in)) > 0)
		bad = fwrite(buf, 1, n, out) != n;
	bad |= in && ferror(in);
	if (in)
		fclose(in);
	if (out && fclose(out))
		bad = 1;
	if (bad || rename(tmp, to) < 0) {
		int err = errno;
		unlink(tmp);
		return err_set(e, EXIT_BAIL, "show %s on %s: %s", from, to, strerror(err));
	}
	return 0;
}

static int sc_show(lua_State *L)
{
	struct scanner *d = check(L);
	const char *png = luaL_checkstring(L, 2);
	struct err e = {0};
	if (!*d->display) {
		lua_pushboolean(L, 0);
		return 1;
	}
	if (copy_file(png, d->display, &e) < 0)
		return drv_error(L, d->ctx, d->role, "%s", e.msg);
	trace_note(d->ctx->trace, d->role, "display shows %s", png);
	lua_pushboolean(L, 1);
	return 1;
}

static int sc_display(lua_State *L)
{
	struct scanner *d = check(L);
	if (*d->display)
		lua_pushstring(L, d->display);
	else
		lua_pushnil(L);
	return 1;
}

static int sc_gc(lua_State *L)
{
	struct scanner *d = luaL_checkudata(L, 1, MT);
	cs_close(&d->c);
	return 0;
}

/* device and display: the station's, or the simulated scanner's. */
static int where(const struct drv_ctx *ctx, const struct role *ro, char *dev, size_t len,
                 char *disp, size_t dlen, struct err *e)
{
	const char *d = role_str(ro, "device", NULL), *s = role_str(ro, "display", NULL);
	if (ro->sim && (station_sim_get(ctx->st, ro->sim, "device", dev, len, e) < 0 ||
	                station_sim_get(ctx->st, ro->sim, "display", disp, dlen, e) < 0))
		return -1;
	if (!ro->sim) {
		station_path(ctx->st, d, dev, len);
		if (s)
			station_path(ctx->st, s, disp, dlen);
	}
	return 0;
}

static int open_sc(lua_State *L, const struct drv_ctx *ctx, const struct role *ro, struct err *e)
{
	struct scanner *d = lua_newuserdatauv(L, sizeof *d, 0);
	memset(d, 0, sizeof *d);
	d->c.fd = -1;
	char dev[4096];
	if (where(ctx, ro, dev, sizeof dev, d->display, sizeof d->display, e) < 0) {
		lua_pop(L, 1);
		return -1;
	}
	snprintf(d->role, sizeof d->role, "%s", ro->name);
	d->ctx = ctx;
	d->timeout_ms = (int)role_int(ro, "timeout_ms", 5000);
	enum cs_iface i = strcmp(role_str(ro, "interface", "serial"), "hid") ? CS_SERIAL : CS_HID;
	if (cs_open(&d->c, dev, i, (int)role_int(ro, "baud", 9600), e) < 0) {
		lua_pop(L, 1);
		return -1;
	}
	trace_note(ctx->trace, ro->name, "%s opened%s%s", d->c.desc,
	           *d->display ? ", display " : "", d->display);
	static const luaL_Reg m[] = {{"read", sc_read},
	                             {"flush", sc_flush},
	                             {"show", sc_show},
	                             {"display", sc_display},
	                             {NULL, NULL}};
	lapi_setclass(L, MT, m, sc_gc, NULL);
	return 0;
}

static int check_sc(const struct station *st, const struct role *ro, struct err *e)
{
	(void)st;
	const char *i = role_str(ro, "interface", "serial");
	long baud = role_int(ro, "baud", 9600), t = role_int(ro, "timeout_ms", 5000);
	if (strcmp(i, "serial") && strcmp(i, "hid"))
		return err_set(e, EXIT_USAGE, "role %s: interface '%s': serial or hid", ro->name,
		               i);
	if (baud != 1200 && baud != 2400 && baud != 4800 && baud != 9600 && baud != 19200 &&
	    baud != 38400 && baud != 57600 && baud != 115200)
		return err_set(e, EXIT_USAGE, "role %s: baud %ld: 1200..115200 (a standard rate)",
		               ro->name, baud);
	if (t < 100 || t > 600000)
		return err_set(e, EXIT_USAGE, "role %s: timeout_ms %ld: 100..600000", ro->name, t);
	if (!ro->sim && !role_str(ro, "device", NULL))
		return err_set(e, EXIT_USAGE,
		               "role %s: code-scanner needs device: (a tty or /dev/input/eventN)",
		               ro->name);
	return 0;
}

static const struct opt_spec sc_opts[] = {
    {"device", OPT_STRING, 0, "the scanner's tty (/dev/ttyACM0) or evdev node (/dev/input/eventN)"},
    {"interface", OPT_STRING, 0, "serial (USB CDC, default) or hid (keyboard via evdev)"},
    {"baud", OPT_INT, 0, "serial: 9600 (default) .. 115200"},
    {"timeout_ms", OPT_INT, 0, "how long a read waits for a symbol (5000)"},
    {"display", OPT_STRING, 0, "file the station's screen shows: symbols are put there"},
    {NULL, 0, 0, NULL},
};

const struct driver code_scanner_driver = {
    .name = "code-scanner",
    .doc = "bar code / QR code scanner over USB CDC serial or HID keyboard (evdev)",
    .opts = sc_opts,
    .open = open_sc,
    .check = check_sc,
};
