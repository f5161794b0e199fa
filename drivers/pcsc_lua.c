/* The suite object of a pcsc role (docs/drivers.md "## pcsc"). Every device
 * failure raises a Lua error through lapi_device_error, so the running test
 * fails with the reader, the call and the reason. */
#include <stdlib.h>
#include <string.h>

#include <PCSC/pcsclite.h>

#include "bench/base/hex.h"
#include "bench/engine/lapi.h"
#include "bench/engine/par.h"
#include "bench/engine/run.h"
#include "bench/record/trace.h"
#include "pcsc.h"

#define META "bench.pcsc"

static struct pcsc *self(lua_State *L)
{
	return luaL_checkudata(L, 1, META);
}

/* The role object, not in the middle of another branch's exchange. */
static struct pcsc *check(lua_State *L)
{
	struct pcsc *c = self(L);
	if (c->busy)
		lapi_device_error(L, c->role, "in use by another branch of t:parallel");
	return c;
}

/* Like check(), and the card must still be connected. */
static struct pcsc *live(lua_State *L)
{
	struct pcsc *c = check(L);
	if (!c->connected)
		lapi_device_error(L, c->role, "card is disconnected (call reconnect first)");
	if (c->stuck)
		lapi_device_error(L, c->role, "an earlier call on '%s' never returned", c->reader);
	return c;
}

static int fail(lua_State *L, const struct pcsc *c, const struct err *e)
{
	return lapi_device_error(L, c->role, "%s", e->msg);
}

/* One card:transmit. In a t:parallel branch it may finish on the branch's
 * helper thread after a yield, so it lives in a userdata on the branch's
 * stack; elsewhere on the C stack (4 kB of garbage per APDU saved). */
struct xfer {
	struct pcsc *c;
	unsigned char apdu[PCSC_APDU_MAX];
	size_t n;
	int raw, rc;
	struct pcsc_resp r;
	struct err e;
};

static void xfer_run(void *arg)
{
	struct xfer *x = arg;
	x->rc = pcsc_exchange(x->c, x->apdu, x->n, x->raw, &x->r, &x->e);
}

static int xfer_done(lua_State *L, int status, lua_KContext ctx)
{
	(void)status;
	struct xfer *x = (struct xfer *)ctx;
	struct pcsc_resp *r = &x->r;
	x->c->busy = 0;
	if (x->rc < 0)
		return fail(L, x->c, &x->e);
	lua_createtable(L, 0, 6);
	unsigned char sw[2] = {(unsigned char)(r->sw >> 8), (unsigned char)r->sw};
	lapi_pushhex(L, sw, 2);
	lua_setfield(L, -2, "sw");
	lua_pushinteger(L, sw[0]);
	lua_setfield(L, -2, "sw1");
	lua_pushinteger(L, sw[1]);
	lua_setfield(L, -2, "sw2");
	lapi_pushhex(L, r->data, r->len);
	lua_setfield(L, -2, "data");
	lua_pushinteger(L, r->us);
	lua_setfield(L, -2, "us");
	lapi_pushhex(L, x->apdu, x->n);
	lua_setfield(L, -2, "apdu");
	return 1;
}

static int do_transmit(lua_State *L, int raw)
{
	struct pcsc *c = live(L);
	struct xfer here, *x = par_branch(L) ? lua_newuserdatauv(L, sizeof *x, 0) : &here;
	memset(x, 0, sizeof *x);
	if (lua_type(L, 2) == LUA_TTABLE) { /* bytes as a list of integers */
		x->n = (size_t)luaL_len(L, 2);
		luaL_argcheck(L, x->n <= sizeof x->apdu, 2, "APDU too long");
		for (size_t i = 0; i < x->n; i++) {
			lua_geti(L, 2, (lua_Integer)i + 1);
			x->apdu[i] = (unsigned char)luaL_checkinteger(L, -1);
			lua_pop(L, 1);
		}
	} else {
		x->n = lapi_checkhex(L, 2, x->apdu, sizeof x->apdu);
	}
	x->c = c;
	x->raw = raw;
	c->busy = 1;
	return par_call(L, xfer_run, x, xfer_done, (lua_KContext)x);
}

static int m_transmit(lua_State *L)
{
	return do_transmit(L, 0);
}

static int m_transmit_raw(lua_State *L)
{
	return do_transmit(L, 1);
}

static int m_atr(lua_State *L)
{
	struct pcsc *c = live(L);
	unsigned char atr[MAX_ATR_SIZE];
	DWORD atrlen = sizeof atr, state = 0, proto = 0, rlen = 0;
	int watched = pcsc_watch_begin(c) == 0;
	LONG rv = SCardStatus(c->h, NULL, &rlen, &state, &proto, atr, &atrlen);
	if (watched && pcsc_watch_end(c))
		rv = SCARD_E_TIMEOUT;
	struct err e;
	if (rv != SCARD_S_SUCCESS)
		return pcsc_err(&e, c, "status", rv), fail(L, c, &e);
	char hex[2 * MAX_ATR_SIZE + 1];
	hex_encode(atr, atrlen, hex);
	/* The ATR is the card's first answer: traced like an exchange so a
	 * failing ATR check shows it in the test's diagnostics. */
	if (c->run && c->run->trace)
		trace_exchange(c->run->trace, c->role, "atr", "status", hex, -1);
	lua_pushstring(L, hex);
	return 1;
}

static int m_protocol(lua_State *L)
{
	struct pcsc *c = live(L);
	lua_pushstring(L, c->proto == SCARD_PROTOCOL_T1 ? "T=1" : "T=0");
	return 1;
}

static int reconnect_with(lua_State *L, struct pcsc *c, DWORD init, const char *what)
{
	struct err e;
	LONG rv = pcsc_reconnect(c, init);
	if (rv != SCARD_S_SUCCESS)
		return pcsc_err(&e, c, what, rv), fail(L, c, &e);
	pcsc_trace_note(c, "%s, T=%d", what, c->proto == SCARD_PROTOCOL_T1 ? 1 : 0);
	return 0;
}

/* card:reset("cold"|"warm"): cold powers the card off and on. */
static int m_reset(lua_State *L)
{
	struct pcsc *c = live(L);
	static const char *const kinds[] = {"warm", "cold", NULL};
	int cold = luaL_checkoption(L, 2, "warm", kinds);
	return reconnect_with(L, c, cold ? SCARD_UNPOWER_CARD : SCARD_RESET_CARD,
	                      cold ? "cold reset" : "warm reset");
}

static int m_reconnect(lua_State *L)
{
	struct pcsc *c = check(L);
	if (c->stuck)
		return lapi_device_error(L, c->role, "an earlier call never returned");
	if (c->connected)
		return reconnect_with(L, c, SCARD_LEAVE_CARD, "reconnect");
	struct err e = {0};
	if (pcsc_connect(c, &e) < 0)
		return fail(L, c, &e);
	return 0;
}

static int m_disconnect(lua_State *L)
{
	struct pcsc *c = check(L);
	if (c->connected && !c->stuck)
		SCardDisconnect(c->h, SCARD_LEAVE_CARD);
	c->connected = 0;
	pcsc_trace_note(c, "disconnected");
	return 0;
}

static void push_readers(lua_State *L, struct pcsc *c)
{
	DWORD len = 0;
	struct err e;
	LONG rv = SCardListReaders(c->ctx, NULL, NULL, &len);
	if (rv == SCARD_E_NO_READERS_AVAILABLE) {
		lua_newtable(L);
		return;
	}
	if (rv != SCARD_S_SUCCESS)
		pcsc_err(&e, c, "list readers", rv), fail(L, c, &e);
	char *names = lua_newuserdatauv(L, len + 1, 0);
	memset(names, 0, len + 1);
	rv = SCardListReaders(c->ctx, NULL, names, &len);
	if (rv != SCARD_S_SUCCESS)
		pcsc_err(&e, c, "list readers", rv), fail(L, c, &e);
	lua_newtable(L);
	int i = 1;
	for (char *p = names; *p; p += strlen(p) + 1) {
		lua_pushstring(L, p);
		lua_rawseti(L, -2, i++);
	}
	lua_remove(L, -2);
}

static int m_readers(lua_State *L)
{
	push_readers(L, check(L));
	return 1;
}

struct watch {
	struct pcsc *c;
	DWORD ms;
	SCARD_READERSTATE rs;
	LONG rv;
};

/* Bounded by ms itself: SCardGetStatusChange has a timeout of its own. */
static void watch_run(void *arg)
{
	struct watch *w = arg;
	w->rs =
	    (SCARD_READERSTATE){.szReader = w->c->reader, .dwCurrentState = SCARD_STATE_UNAWARE};
	w->rv = SCardGetStatusChange(w->c->ctx, 0, &w->rs, 1);
	if (w->rv == SCARD_S_SUCCESS) {
		w->rs.dwCurrentState = w->rs.dwEventState & ~SCARD_STATE_CHANGED;
		w->rv = SCardGetStatusChange(w->c->ctx, w->ms, &w->rs, 1);
	}
}

static int watch_done(lua_State *L, int status, lua_KContext ctx)
{
	(void)status;
	struct watch *w = (struct watch *)ctx;
	struct pcsc *c = w->c;
	struct err e;
	c->busy = 0;
	if (w->rv == SCARD_E_TIMEOUT) {
		lua_pushstring(L, "timeout");
		return 1;
	}
	if (w->rv != SCARD_S_SUCCESS)
		return pcsc_err(&e, c, "status change", w->rv), fail(L, c, &e);
	int present = (w->rs.dwEventState & SCARD_STATE_PRESENT) != 0;
	pcsc_trace_note(c, "status change: card %s", present ? "inserted" : "removed");
	lua_pushstring(L, present ? "inserted" : "removed");
	return 1;
}

/* card:wait_change(ms) -> "inserted" | "removed" | "timeout" */
static int m_wait_change(lua_State *L)
{
	struct pcsc *c = check(L);
	lua_Integer ms = luaL_checkinteger(L, 2);
	luaL_argcheck(L, ms >= 0 && ms <= 3600000, 2, "0..3600000 ms");
	struct watch *w = lua_newuserdatauv(L, sizeof *w, 0);
	memset(w, 0, sizeof *w);
	w->c = c;
	w->ms = (DWORD)ms;
	c->busy = 1;
	return par_call(L, watch_run, w, watch_done, (lua_KContext)w);
}

/* card:control(code, hex) -> hex answer (SCardControl). */
static int m_control(lua_State *L)
{
	struct pcsc *c = live(L);
	DWORD code = (DWORD)luaL_checkinteger(L, 2);
	unsigned char in[1024], out[1024];
	size_t n = lua_isnoneornil(L, 3) ? 0 : lapi_checkhex(L, 3, in, sizeof in);
	DWORD outlen = sizeof out;
	struct err e;
	LONG rv = pcsc_control(c, code, in, n, out, &outlen);
	if (rv != SCARD_S_SUCCESS)
		return pcsc_err(&e, c, "control", rv), fail(L, c, &e);
	lapi_pushhex(L, out, outlen);
	return 1;
}

static int m_gc(lua_State *L)
{
	pcsc_close(self(L));
	return 0;
}

static int m_tostring(lua_State *L)
{
	struct pcsc *c = self(L);
	lua_pushfstring(L, "pcsc role %s on '%s'", c->role, c->reader);
	return 1;
}

int pcsc_lua_push(lua_State *L, struct pcsc *c)
{
	static const luaL_Reg methods[] = {{"transmit", m_transmit},
	                                   {"transmit_raw", m_transmit_raw},
	                                   {"atr", m_atr},
	                                   {"protocol", m_protocol},
	                                   {"reset", m_reset},
	                                   {"reconnect", m_reconnect},
	                                   {"disconnect", m_disconnect},
	                                   {"readers", m_readers},
	                                   {"wait_change", m_wait_change},
	                                   {"control", m_control},
	                                   {NULL, NULL}};
	struct pcsc *u = lua_newuserdatauv(L, sizeof *u, 0);
	*u = *c;
	if (luaL_newmetatable(L, META)) {
		luaL_newlib(L, methods);
		lua_setfield(L, -2, "__index");
		lua_pushcfunction(L, m_gc);
		lua_setfield(L, -2, "__gc");
		lua_pushcfunction(L, m_tostring);
		lua_setfield(L, -2, "__tostring");
	}
	lua_setmetatable(L, -2);
	return 0;
}

/* bench.pcsc.readers(role_object) -> list of reader names. */
static int l_readers(lua_State *L)
{
	push_readers(L, check(L));
	return 1;
}

int pcsc_lua_open_module(lua_State *L)
{
	static const luaL_Reg fns[] = {{"readers", l_readers}, {NULL, NULL}};
	luaL_newlib(L, fns);
	return 1;
}
