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
#include "bench/engine/run.h"
#include "bench/fixtures/supervisor/sim.h"
#include "pcsc.h"

int pcsc_lua_push(lua_State *L, struct pcsc *c); /* pcsc_lua.c */
int pcsc_lua_open_module(lua_State *L);

static const struct opt_spec pcsc_opts[] = {
    {"reader", OPT_STRING, 0,
     "reader name or fnmatch glob (default: the simulator's, else the first)"},
    {"protocol", OPT_STRING, 0, "T=0, T=1 or any (default any)"},
    {"share", OPT_STRING, 0, "shared or exclusive (default shared)"},
    {"timeout_ms", OPT_INT, 0, "bound of every reader call, ms (default 5000)"},
    {NULL, 0, 0, NULL},
};

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
	return 0;
}

/* Chooses the reader whose name equals or matches `want` (NULL: the first). */
static int pick_reader(struct pcsc *c, const char *want, struct err *e)
{
	DWORD len = 0;
	LONG rv = SCardListReaders(c->ctx, NULL, NULL, &len);
	if (rv != SCARD_S_SUCCESS)
		return pcsc_err(e, c, "list readers", rv);
	char *names = calloc(1, len + 1);
	if (!names)
		return err_set(e, EXIT_BAIL, "out of memory");
	rv = SCardListReaders(c->ctx, NULL, names, &len);
	int found = 0;
	for (char *p = names; rv == SCARD_S_SUCCESS && *p && !found; p += strlen(p) + 1)
		if (!want || strcmp(p, want) == 0 || fnmatch(want, p, 0) == 0) {
			snprintf(c->reader, sizeof c->reader, "%s", p);
			found = 1;
		}
	free(names);
	if (rv != SCARD_S_SUCCESS)
		return pcsc_err(e, c, "list readers", rv);
	if (!found)
		return err_set(e, EXIT_BAIL, "role %s: no reader matches '%s'", c->role,
		               want ? want : "*");
	return 0;
}

/* Waits for a card in c->reader, at most timeout_ms. */
static int wait_card(struct pcsc *c, struct err *e)
{
	SCARD_READERSTATE rs = {.szReader = c->reader, .dwCurrentState = SCARD_STATE_UNAWARE};
	LONG rv = SCardGetStatusChange(c->ctx, 0, &rs, 1);
	if (rv == SCARD_S_SUCCESS && !(rs.dwEventState & SCARD_STATE_PRESENT)) {
		rs.dwCurrentState = rs.dwEventState;
		rv = SCardGetStatusChange(c->ctx, (DWORD)c->timeout_ms, &rs, 1);
	}
	if (rv == SCARD_E_TIMEOUT)
		return err_set(e, EXIT_FAILED, "reader '%s': no card within %ld ms", c->reader,
		               c->timeout_ms);
	if (rv != SCARD_S_SUCCESS)
		return pcsc_err(e, c, "status", rv);
	if (!(rs.dwEventState & SCARD_STATE_PRESENT))
		return err_set(e, EXIT_FAILED, "reader '%s': no card", c->reader);
	return 0;
}

int pcsc_connect(struct pcsc *c, struct err *e)
{
	if (wait_card(c, e) < 0)
		return -1;
	DWORD proto = 0;
	/* Bounded by the watch where there is one: a reader that hangs while
	 * powering the card must not hang the run. */
	int watched = pcsc_watch_begin(c) == 0;
	LONG rv = SCardConnect(c->ctx, c->reader, c->share, c->prefer, &c->h, &proto);
	if (watched && pcsc_watch_end(c))
		rv = SCARD_E_TIMEOUT;
	if (rv != SCARD_S_SUCCESS)
		return pcsc_err(e, c, "connect", rv);
	c->proto = proto;
	c->connected = 1;
	pcsc_trace_note(c, "connected to '%s', T=%d", c->reader,
	                proto == SCARD_PROTOCOL_T1 ? 1 : 0);
	return 0;
}

void pcsc_close(struct pcsc *c)
{
	pcsc_worker_stop(c);
	pcsc_watch_stop(c);
	/* A stuck context is still in use by an abandoned worker, or dead after
	 * the watch cut its socket: leave it to process exit. */
	if (c->stuck)
		return;
	if (c->connected)
		SCardDisconnect(c->h, SCARD_LEAVE_CARD);
	c->connected = 0;
	if (c->has_ctx)
		pcsc_release(c);
}

static int point_at_sim(const struct role *role, const struct station *st, char *reader, size_t len,
                        struct err *e)
{
	char sock[4096];
	if (sim_get(st, role->sim, "socket", sock, sizeof sock, e) < 0)
		return err_prefix(e, "role %s", role->name);
	/* pcsc-lite reads this once, at the first context of the process. */
	setenv("PCSCLITE_CSOCK_NAME", sock, 1);
	if (sim_get(st, role->sim, "reader", reader, len, e) < 0)
		reader[0] = 0;
	return 0;
}

static int pcsc_open(lua_State *L, struct run *run, const struct role *role, struct err *e)
{
	struct pcsc c = {.run = run};
	snprintf(c.role, sizeof c.role, "%s", role->name);
	if (parse_opts(role, &c, e) < 0)
		return -1;
	char simreader[256] = "";
	if (role->sim && run && point_at_sim(role, run->st, simreader, sizeof simreader, e) < 0)
		return -1;
	LONG rv = pcsc_establish(&c);
	if (rv != SCARD_S_SUCCESS)
		return pcsc_err(e, &c, "establish context (is pcscd running?)", rv);
	const char *want = role_str(role, "reader", simreader[0] ? simreader : NULL);
	if (pick_reader(&c, want, e) < 0 || pcsc_connect(&c, e) < 0) {
		pcsc_close(&c);
		return -1;
	}
	return pcsc_lua_push(L, &c);
}

static int pcsc_check(const struct role *role, struct err *e)
{
	struct pcsc c = {0};
	return parse_opts(role, &c, e) < 0 ? -1 : 0;
}

const struct driver pcsc_driver = {
    .name = "pcsc",
    .doc = "PC/SC reader and card (libpcsclite): transmit APDUs, ATR, reset, events",
    .opts = pcsc_opts,
    .open = pcsc_open,
    .check = pcsc_check,
};
