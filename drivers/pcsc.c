/* The `pcsc` driver: a station role that is a PC/SC reader with a card.
 * Opens lazily (first test using the role), picks the reader by name or
 * glob, waits up to timeout_ms for a card and connects. */
#include <fnmatch.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <PCSC/pcsclite.h>

#include "driver.h"
#include "pcsc_io.h"

static const struct opt_spec pcsc_opts[] = {
    {"reader", OPT_STRING, 0,
     "reader name or fnmatch glob (default: the simulator's, else the first)"},
    {"protocol", OPT_STRING, 0, "T=0, T=1 or any (default any)"},
    {"share", OPT_STRING, 0, "shared or exclusive (default shared)"},
    {"timeout_ms", OPT_INT, 0, "bound of every reader call, ms (default 5000)"},
    /* Not the driver's: bench reads it for suites (t.station.card_profile). */
    {"card_profile", OPT_STRING, 0,
     "the card's profile (its issuer choices), for suites; default: the simulator's"},
    /* Read by the card suites through t.station.roles (docs/drivers.md). */
    {"max_response_ms", OPT_INT, 0,
     "suites/card/timing.lua: response-time limit, ms (default: ISO 7816-3 WT/BWT)"},
    {"repeat", OPT_INT, 0, "suites/card/timing.lua: times each command is sent (default 10)"},
    {"challenges", OPT_INT, 0, "suites/card/random.lua: GET CHALLENGEs of each length (256)"},
    {"in_service", OPT_STRING, 0,
     "suites/card/data.lua: yes: cards delivered for use, an expired one fails (default no)"},
    {"read_time_ms", OPT_INT, 0,
     "suites/terminal/read_time.lua: read time limit, ms (default: 1000 on a self-service "
     "DUT's contactless reader, else none)"},
    {"event_latency_ms", OPT_INT, 0,
     "suites/terminal/events.lua: insertion/removal latency limit, ms (default: none)"},
    {"rf_type", OPT_STRING, 0,
     "suites/terminal: ISO/IEC 14443 type of the contactless card put on this reader, A or B"},
    {"mifare", OPT_STRING, 0,
     "suites/terminal: the MIFARE Classic card put on this reader: mini, 1k or 4k"},
    {"mifare_key", OPT_STRING, 0,
     "suites/terminal: its sector key (12 hex digits, default the transport key FF..FF)"},
    {"memory_card", OPT_STRING, 0,
     "suites/terminal: the memory card in this slot: at24c02, at24c16, sle4442 or sle4428"},
    {"memory_code", OPT_STRING, 0,
     "suites/terminal: its security code (hex: 6 digits SLE4442, 4 SLE4428; default all F)"},
    {"memory_cmds", OPT_STRING, 0,
     "suites/terminal: the reader family's memory card commands: acs (ACR38U/ACR39U)"},
    {"in_card_path", OPT_BOOL, 0,
     "suites/printer: the module sits in the card path of a single-path printer, where it holds "
     "the card being printed (default false)"},
    {"psam_class", OPT_STRING, 0,
     "suites/terminal: supply class of the PSAM put in this slot, A (5 V), B (3 V), C (1.8 V)"},
    {NULL, 0, 0, NULL},
};

/* The suites' options: checked here so a bad value names its line. */
static const struct {
	const char *key;
	long lo, hi;
} suite_opts[] = {{"max_response_ms", 1, 600000},
                  {"repeat", 2, 1000},
                  {"challenges", 16, 100000},
                  {"event_latency_ms", 1, 60000},
                  {"read_time_ms", 1, 60000}};

/* A bad option value, at the option's file:line:col in the station file. */
static int bad_opt(struct err *e, const struct role *role, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int bad_opt(struct err *e, const struct role *role, const char *key, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	const struct ynode *n = role->node ? ynode_get(role->node, key) : NULL;
	if (n)
		return ynode_err(e, n, "%s", msg);
	return err_set(e, EXIT_USAGE, "%s", msg);
}

/* The memory card options: names bench knows, a code of the card's length. */
static int check_memory_opts(const struct role *role, struct err *e)
{
	static const char *const kinds[] = {"at24c02", "at24c16", "sle4442", "sle4428", NULL};
	const char *k = role_str(role, "memory_card", "at24c02"),
	           *code = role_str(role, "memory_code", "");
	int i = 0;
	while (kinds[i] && strcmp(kinds[i], k))
		i++;
	if (!kinds[i])
		return bad_opt(
		    e, role, "memory_card",
		    "role %s: memory_card '%s' is not at24c02, at24c16, sle4442 or sle4428",
		    role->name, k);
	size_t want = strcmp(k, "sle4442") == 0 ? 6 : strcmp(k, "sle4428") == 0 ? 4 : 0;
	if (*code && (strlen(code) != want || code[strspn(code, "0123456789abcdefABCDEF")]))
		return bad_opt(e, role, "memory_code",
		               "role %s: memory_code of a %s is %zu hex digits", role->name, k,
		               want);
	if (strcmp(role_str(role, "memory_cmds", "acs"), "acs"))
		return bad_opt(e, role, "memory_cmds",
		               "role %s: memory_cmds: only acs (ACR38U/ACR39U) is implemented",
		               role->name);
	return 0;
}

static int parse_opts(const struct role *role, struct pcsc *c, struct err *e)
{
	const char *p = role_str(role, "protocol", "any");
	if (strcmp(p, "T=0") == 0)
		c->prefer = SCARD_PROTOCOL_T0;
	else if (strcmp(p, "T=1") == 0)
		c->prefer = SCARD_PROTOCOL_T1;
	else if (strcmp(p, "any") == 0)
		c->prefer = SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1;
	else
		return bad_opt(e, role, "protocol",
		               "role %s: protocol '%s' must be T=0, T=1 or any", role->name, p);
	const char *s = role_str(role, "share", "shared");
	if (strcmp(s, "shared") == 0)
		c->share = SCARD_SHARE_SHARED;
	else if (strcmp(s, "exclusive") == 0)
		c->share = SCARD_SHARE_EXCLUSIVE;
	else
		return bad_opt(e, role, "share", "role %s: share '%s' must be shared or exclusive",
		               role->name, s);
	c->timeout_ms = role_int(role, "timeout_ms", 5000);
	if (c->timeout_ms <= 0 || c->timeout_ms > 600000)
		return bad_opt(e, role, "timeout_ms", "role %s: timeout_ms %ld out of 1..600000",
		               role->name, c->timeout_ms);
	for (size_t i = 0; i < sizeof suite_opts / sizeof suite_opts[0]; i++) {
		long v = role_int(role, suite_opts[i].key, suite_opts[i].lo);
		if (v < suite_opts[i].lo || v > suite_opts[i].hi)
			return bad_opt(e, role, suite_opts[i].key,
			               "role %s: %s %ld out of %ld..%ld", role->name,
			               suite_opts[i].key, v, suite_opts[i].lo, suite_opts[i].hi);
	}
	const char *is = role_str(role, "in_service", "no");
	if (strcmp(is, "yes") && strcmp(is, "no"))
		return bad_opt(e, role, "in_service", "role %s: in_service '%s' is not yes or no",
		               role->name, is);
	const char *rf = role_str(role, "rf_type", "A");
	if (strcmp(rf, "A") && strcmp(rf, "B"))
		return bad_opt(e, role, "rf_type", "role %s: rf_type '%s' is not A or B",
		               role->name, rf);
	const char *mf = role_str(role, "mifare", "1k"), *mk = role_str(role, "mifare_key", "");
	if (strcmp(mf, "mini") && strcmp(mf, "1k") && strcmp(mf, "4k"))
		return bad_opt(e, role, "mifare", "role %s: mifare '%s' is not mini, 1k or 4k",
		               role->name, mf);
	if (*mk && (strlen(mk) != 12 || mk[strspn(mk, "0123456789abcdefABCDEF")]))
		return bad_opt(e, role, "mifare_key", "role %s: mifare_key is not 12 hex digits",
		               role->name);
	if (check_memory_opts(role, e) < 0)
		return -1;
	const char *cl = role_str(role, "psam_class", "A");
	if (strlen(cl) != 1 || *cl < 'A' || *cl > 'C')
		return bad_opt(e, role, "psam_class", "role %s: psam_class '%s' is not A, B or C",
		               role->name, cl);
	return 0;
}

static int point_at_sim(const struct role *role, const struct station *st, char *reader, size_t len,
                        struct err *e)
{
	char sock[4096];
	if (station_sim_get(st, role->sim, "socket", sock, sizeof sock, e) < 0)
		return err_prefix(e, "role %s", role->name);
	/* pcsc-lite reads this once, at the first context of the process. */
	setenv("PCSCLITE_CSOCK_NAME", sock, 1);
	if (station_sim_get(st, role->sim, "reader", reader, len, e) < 0)
		reader[0] = 0;
	return 0;
}

/* The suite object of a role (docs/drivers.md "## pcsc"). Every device
 * failure raises a Lua error through drv_error, so the running test fails
 * with the reader, the call and the reason. */
#define META "bench.pcsc"

static struct pcsc *self(lua_State *L)
{
	return luaL_checkudata(L, 1, META);
}

/* A device failure: the engine learns whether the reader is gone for good
 * (EXIT_BAIL from pcsc_err: the run bails out) or the card gave no answer
 * (docs/drivers.md "Lost devices"); the test fails with the message. */
static int fail(lua_State *L, struct pcsc *c, const struct err *e)
{
	if (e->code == EXIT_BAIL)
		c->drv->health(c->drv, c->role, DRV_LOST, e->msg);
	else if (e->code == EXIT_FAILED && c->missed)
		c->drv->health(c->drv, c->role, DRV_NO_ANSWER, e->msg);
	c->missed = 0;
	return drv_error(L, c->drv, c->role, "%s", e->msg);
}

static void answered(const struct pcsc *c)
{
	c->drv->health(c->drv, c->role, DRV_ANSWERED, "");
}

/* The role object, not in the middle of another branch's exchange, with a
 * live context: after a call was cut, a new one. */
static struct pcsc *check(lua_State *L)
{
	struct pcsc *c = self(L);
	if (c->busy)
		drv_error(L, c->drv, c->role, "in use by another branch of t:parallel");
	if (c->stuck) { /* the 1 kB error only where it may be needed */
		struct err e = {0};
		if (pcsc_revive(c, &e) < 0)
			fail(L, c, &e);
	}
	return c;
}

/* Like check(), and the card must be connected: again after a revive, not
 * after the suite's own disconnect. */
static struct pcsc *live(lua_State *L)
{
	struct pcsc *c = check(L);
	if (!c->connected && c->reconnect) {
		struct err e = {0};
		if (pcsc_connect(c, &e) < 0)
			fail(L, c, &e);
	}
	c->reconnect = 0;
	if (!c->connected)
		drv_error(L, c->drv, c->role, "card is disconnected (call reconnect first)");
	return c;
}

/* One card:transmit. In a t:parallel branch it may finish on the branch's
 * helper thread after a yield, so it lives in a userdata on the branch's
 * stack; elsewhere on the C stack (4 kB of garbage per APDU saved). */
struct xfer {
	struct pcsc *c;
	unsigned char apdu[PCSC_APDU_MAX];
	char sealed[200]; /* label of a sealed APDU (it holds a PIN), else "" */
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

/* An error may quote the bytes sent ("transmit <hex>: ..."): in an error
 * about a sealed APDU every run of 10 or more hex digits becomes its label,
 * so a suite never gets the PIN back from pcall. */
static void seal_msg(struct err *e, const char *label)
{
	char out[sizeof e->msg];
	size_t o = 0;
	for (const char *p = e->msg; *p;) {
		size_t run = strspn(p, "0123456789ABCDEFabcdef");
		const char *put = run >= 10 ? label : p;
		size_t n = run >= 10 ? strlen(label) : run ? run : 1;
		n = n < sizeof out - 1 - o ? n : sizeof out - 1 - o;
		memcpy(out + o, put, n);
		o += n;
		p += run ? run : 1;
	}
	out[o] = '\0';
	crypto_wipe(e->msg, sizeof e->msg); /* the tail a shorter message leaves */
	memcpy(e->msg, out, o + 1);
	crypto_wipe(out, sizeof out);
}

/* The fields of a transmit's result, each method's upvalues (push_card):
 * set with lua_rawset, a result costs no look-up of its keys by name in
 * Lua's string cache (six strcmp per APDU, docs/perf.md). */
static const char *const RESULT_KEYS[] = {"sw", "sw1", "sw2", "data", "us", "apdu"};
enum { K_SW = 1, K_SW1, K_SW2, K_DATA, K_US, K_APDU, NKEYS = K_APDU };
_Static_assert(sizeof RESULT_KEYS / sizeof *RESULT_KEYS == NKEYS, "one key per field");

static void key(lua_State *L, int k)
{
	lua_pushvalue(L, lua_upvalueindex(k));
}

static int xfer_done(lua_State *L, int status, lua_KContext ctx)
{
	(void)status;
	struct xfer *x = (struct xfer *)ctx;
	struct pcsc_resp *r = &x->r;
	x->c->busy = 0;
	if (x->rc < 0 && r->heard) { /* it answered, just not well: the card's fault */
		x->c->missed = 0;
		answered(x->c);
		crypto_wipe(x->apdu, x->n);
		if (x->sealed[0])
			seal_msg(&x->e, x->sealed);
		return drv_error(L, x->c->drv, x->c->role, "%s", x->e.msg);
	}
	if (x->rc < 0) {
		crypto_wipe(x->apdu, x->n);
		if (x->sealed[0])
			seal_msg(&x->e, x->sealed);
		return fail(L, x->c, &x->e);
	}
	answered(x->c);
	lua_createtable(L, 0, NKEYS);
	unsigned char sw[2] = {(unsigned char)(r->sw >> 8), (unsigned char)r->sw};
	key(L, K_SW);
	lapi_pushhex(L, sw, 2);
	lua_rawset(L, -3);
	key(L, K_SW1);
	lua_pushinteger(L, sw[0]);
	lua_rawset(L, -3);
	key(L, K_SW2);
	lua_pushinteger(L, sw[1]);
	lua_rawset(L, -3);
	key(L, K_DATA);
	lapi_pushhex(L, r->data, r->len);
	lua_rawset(L, -3);
	key(L, K_US);
	lua_pushinteger(L, r->us);
	lua_rawset(L, -3);
	key(L, K_APDU);
	if (x->sealed[0]) /* its bytes never reach Lua: the label stands for them */
		lua_pushstring(L, x->sealed);
	else
		lapi_pushhex(L, x->apdu, x->n);
	lua_rawset(L, -3);
	crypto_wipe(x->apdu, x->n); /* the rest of the buffer held no byte of it */
	return 1;
}

static int do_transmit(lua_State *L, int raw)
{
	struct pcsc *c = live(L);
	struct xfer here, *x = c->drv->branch(L) ? lua_newuserdatauv(L, sizeof *x, 0) : &here;
	/* Field by field, not a memset: the 5 kB of buffers are written before
	 * they are read, and zeroing them cost ~90 cold cache lines per APDU. */
	x->sealed[0] = '\0';
	x->rc = 0;
	x->r.len = x->r.sw = 0;
	x->r.us = 0;
	x->r.heard = 0;
	x->e.code = 0;
	x->e.msg[0] = '\0';
	if (lua_type(L, 2) == LUA_TTABLE) { /* bytes as a list of integers */
		x->n = (size_t)luaL_len(L, 2);
		luaL_argcheck(L, x->n <= sizeof x->apdu, 2, "APDU too long");
		for (size_t i = 0; i < x->n; i++) {
			lua_geti(L, 2, (lua_Integer)i + 1);
			x->apdu[i] = (unsigned char)luaL_checkinteger(L, -1);
			lua_pop(L, 1);
		}
	} else {
		x->n = lapi_checkapdu(L, 2, x->apdu, sizeof x->apdu, x->sealed, sizeof x->sealed);
	}
	x->c = c;
	x->raw = raw;
	c->busy = 1;
	return c->drv->call(L, xfer_run, x, xfer_done, (lua_KContext)x);
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
	answered(c);
	char hex[2 * MAX_ATR_SIZE + 1];
	hex_encode(atr, atrlen, hex);
	/* The ATR is the card's first answer: traced like an exchange so a
	 * failing ATR check shows it in the test's diagnostics. */
	trace_exchange(c->trace, c->role, "atr", "status", hex, -1);
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
	answered(c);
	trace_note(c->trace, c->role, "%s, T=%d", what, c->proto == SCARD_PROTOCOL_T1 ? 1 : 0);
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
	if (c->connected)
		return reconnect_with(L, c, SCARD_LEAVE_CARD, "reconnect");
	struct err e = {0};
	if (pcsc_connect(c, &e) < 0)
		return fail(L, c, &e);
	c->reconnect = 0;
	answered(c);
	return 0;
}

/* card:disconnect(["leave"|"unpower"]): "unpower" asks the reader to cut
 * the card's power (power-off, as pulling it out does for its state). */
static int m_disconnect(lua_State *L)
{
	struct pcsc *c = self(L); /* no revive just to disconnect */
	if (c->busy)
		return drv_error(L, c->drv, c->role, "in use by another branch of t:parallel");
	static const char *const how[] = {"leave", "unpower", NULL};
	int off = luaL_checkoption(L, 2, "leave", how);
	if (c->connected && !c->stuck)
		SCardDisconnect(c->h, off ? SCARD_UNPOWER_CARD : SCARD_LEAVE_CARD);
	c->connected = 0;
	c->reconnect = 0;
	trace_note(c->trace, c->role, off ? "disconnected, card powered off" : "disconnected");
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
	trace_note(c->trace, c->role, "status change: card %s", present ? "inserted" : "removed");
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
	return c->drv->call(L, watch_run, w, watch_done, (lua_KContext)w);
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
	answered(c);
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

static int push_card(lua_State *L, struct pcsc *c)
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
	for (int k = 0; k < NKEYS; k++)
		lua_pushstring(L, RESULT_KEYS[k]);
	lapi_setclass_up(L, META, methods, NKEYS, m_gc, m_tostring);
	return 0;
}

/* bench.pcsc.readers(role_object) -> list of reader names. */
static int l_readers(lua_State *L)
{
	push_readers(L, check(L));
	return 1;
}

static int luaopen_pcsc(lua_State *L)
{
	static const luaL_Reg fns[] = {{"readers", l_readers}, {NULL, NULL}};
	luaL_newlib(L, fns);
	return 1;
}

static int pcsc_open(lua_State *L, const struct drv_ctx *ctx, const struct role *role,
                     struct err *e)
{
	struct pcsc c = {.trace = ctx->trace, .drv = ctx};
	snprintf(c.role, sizeof c.role, "%s", role->name);
	if (parse_opts(role, &c, e) < 0)
		return -1;
	char simreader[256] = "";
	if (role->sim && point_at_sim(role, ctx->st, simreader, sizeof simreader, e) < 0)
		return -1;
	LONG rv = pcsc_establish(&c);
	if (rv != SCARD_S_SUCCESS)
		return pcsc_err(e, &c, "establish context (is pcscd running?)", rv);
	const char *want = role_str(role, "reader", simreader[0] ? simreader : NULL);
	if (pcsc_pick_reader(&c, want, e) < 0 || pcsc_connect(&c, e) < 0) {
		pcsc_close(&c);
		return -1;
	}
	return push_card(L, &c);
}

static int pcsc_check(const struct station *st, const struct role *role, struct err *e)
{
	(void)st;
	struct pcsc c = {0};
	return parse_opts(role, &c, e) < 0 ? -1 : 0;
}

const struct driver pcsc_driver = {
    .name = "pcsc",
    .doc = "PC/SC reader and card (libpcsclite): transmit APDUs, ATR, reset, events",
    .opts = pcsc_opts,
    .open = pcsc_open,
    .check = pcsc_check,
    .luaopen = luaopen_pcsc,
};
