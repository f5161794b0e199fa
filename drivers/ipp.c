/* The `ipp` driver: a card printer role as a Lua object (docs/drivers.md,
 * "## ipp"). Jobs are named so the simulated printer's scanner can deliver
 * <scan_dir>/<job name>.png; a real station points scan_dir at where its
 * scanner drops files under the same names. */
#include <lauxlib.h>
#include <lua.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "driver.h"
#include "bench/lib/printer/printer.h"
#include "ipp_io.h"

#define MT_PRINTER "bench.ipp.printer"
#define MT_JOB     "bench.ipp.job"
#define MAX_EVENTS 32

struct event {
	char name[64];
	int count;
};

struct pdev {
	struct ipp_printer *p;
	const struct drv_ctx *ctx;
	char role[64], scan_dir[4096];
	double job_timeout;
	int njobs;
	/* Suite settings from the role (printer:config()). */
	long cards, rate_cards;
	double soak_hours;
	char coercivity[16];
	struct event ev[MAX_EVENTS];
	int nev;
	char last_reasons[512]; /* printer-state-reasons last seen, for change notes */
};

static long usec_since(const struct timespec *t0)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t0->tv_sec) * 1000000L + (t.tv_nsec - t0->tv_nsec) / 1000;
}

/* Events are counted by reason keyword without its severity suffix, so
 * "media-jam-error" and "media-jam-report" both count as media-jam. */
static void count(struct pdev *d, const char *reason)
{
	char name[64];
	snprintf(name, sizeof name, "%s", reason);
	static const char *sfx[] = {"-report", "-warning", "-error"};
	for (int i = 0; i < 3; i++) {
		size_t n = strlen(name), k = strlen(sfx[i]);
		if (n > k && !strcmp(name + n - k, sfx[i]))
			name[n - k] = '\0';
	}
	for (int i = 0; i < d->nev; i++)
		if (!strcmp(d->ev[i].name, name)) {
			d->ev[i].count++;
			return;
		}
	if (d->nev < MAX_EVENTS) {
		snprintf(d->ev[d->nev].name, sizeof d->ev[0].name, "%s", name);
		d->ev[d->nev++].count = 1;
	}
}

static struct pdev *check_printer(lua_State *L, int i)
{
	struct pdev *d = luaL_checkudata(L, i, MT_PRINTER);
	if (!d->p)
		luaL_error(L, "printer role closed");
	return d;
}

static void join(char *out, size_t cap, char r[][64], int n)
{
	size_t used = 0;
	out[0] = '\0';
	for (int i = 0; i < n && used < cap; i++)
		used += (size_t)snprintf(out + used, cap - used, "%s%s", i ? "," : "", r[i]);
	if (!n)
		snprintf(out, cap, "none");
}

static void push_list(lua_State *L, char r[][64], int n)
{
	lua_createtable(L, n, 0);
	for (int i = 0; i < n; i++) {
		lua_pushstring(L, r[i]);
		lua_rawseti(L, -2, i + 1);
	}
}

/* Reads the printer; notes a change of its state reasons in the trace. */
static void attrs(lua_State *L, struct pdev *d, struct ipp_attrs *a)
{
	struct err e = {0};
	struct timespec t0;
	char rs[512];
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (ipp_attributes(d->p, a, &e) != 0)
		drv_error(L, d->ctx, d->role, "%s", e.msg);
	join(rs, sizeof rs, a->reasons, a->nreasons);
	if (d->ctx->trace && strcmp(rs, d->last_reasons) != 0) {
		char resp[700];
		snprintf(resp, sizeof resp, "state=%s reasons=%s", a->state, rs);
		trace_exchange(d->ctx->trace, d->role, "ipp", "Get-Printer-Attributes", resp,
		               usec_since(&t0));
	}
	snprintf(d->last_reasons, sizeof d->last_reasons, "%s", rs);
}

static int p_attributes(lua_State *L)
{
	struct pdev *d = check_printer(L, 1);
	struct ipp_attrs a;
	attrs(L, d, &a);
	lua_createtable(L, 0, 8);
	lua_pushinteger(L, a.dpi_max);
	lua_setfield(L, -2, "resolution");
	lua_pushinteger(L, a.dpi_min);
	lua_setfield(L, -2, "resolution_min");
	lua_pushstring(L, a.state);
	lua_setfield(L, -2, "state");
	push_list(L, a.reasons, a.nreasons);
	lua_setfield(L, -2, "reasons");
	lua_pushboolean(L, a.color);
	lua_setfield(L, -2, "color");
	lua_pushstring(L, a.make_model);
	lua_setfield(L, -2, "model");
	lua_createtable(L, a.ntrays, 0);
	for (int i = 0; i < a.ntrays; i++) {
		lua_createtable(L, 0, 3);
		lua_pushstring(L, a.trays[i].name);
		lua_setfield(L, -2, "name");
		lua_pushinteger(L, a.trays[i].level);
		lua_setfield(L, -2, "level");
		lua_pushinteger(L, a.trays[i].max);
		lua_setfield(L, -2, "max");
		lua_rawseti(L, -2, i + 1);
	}
	lua_setfield(L, -2, "trays");
	return 1;
}

/* magstripe = { "track 1 data", "track 2", "track 3" }: encoded here and
 * handed to the printer's encoder as <scan_dir>/<job>.magw. */
static void write_stripe(lua_State *L, struct pdev *d, const char *job, const char *coerc)
{
	char path[4300], bits[2048];
	struct err e = {0};
	snprintf(path, sizeof path, "%s/%s.magw", d->scan_dir, job);
	FILE *f = fopen(path, "w");
	if (!f)
		drv_error(L, d->ctx, d->role, "cannot write %s", path);
	for (int t = 1; t <= 3; t++) {
		lua_rawgeti(L, -1, t);
		const char *data = lua_tostring(L, -1);
		if (data && ms_encode(t, data, bits, sizeof bits, &e) != 0) {
			fclose(f);
			luaL_error(L, "print{magstripe}: %s", e.msg);
		}
		if (data)
			fprintf(f, "track%d %s\n", t, bits);
		lua_pop(L, 1);
	}
	fprintf(f, "coercivity %s\n", coerc);
	if (fclose(f) != 0)
		drv_error(L, d->ctx, d->role, "cannot write %s", path);
}

static int p_print(lua_State *L)
{
	struct pdev *d = check_printer(L, 1);
	luaL_checktype(L, 2, LUA_TTABLE);
	lua_getfield(L, 2, "file");
	const char *file = luaL_checkstring(L, -1);
	lua_getfield(L, 2, "sides");
	const char *sides = luaL_optstring(L, -1, NULL);
	lua_getfield(L, 2, "copies");
	int copies = (int)luaL_optinteger(L, -1, 1);
	lua_getfield(L, 2, "format");
	const char *format = luaL_optstring(L, -1, NULL);
	lua_getfield(L, 2, "coercivity");
	const char *coerc = luaL_optstring(L, -1, "high");
	char name[128];
	snprintf(name, sizeof name, "bench-%s-%d", d->ctx->run_id, ++d->njobs);
	lua_getfield(L, 2, "magstripe");
	if (lua_istable(L, -1))
		write_stripe(L, d, name, coerc);
	lua_pop(L, 1);

	struct ipp_job *j = lua_newuserdatauv(L, sizeof *j, 1);
	struct err e = {0};
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	int rc = ipp_print(d->p, file, name, format, sides, copies, j, &e);
	if (d->ctx->trace) {
		char req[4400], resp[256];
		snprintf(req, sizeof req, "Print-Job job-name=%s file=%s", name, file);
		snprintf(resp, sizeof resp, rc ? "error" : "job-id=%d", j->id);
		trace_exchange(d->ctx->trace, d->role, "ipp", req, rc ? e.msg : resp,
		               usec_since(&t0));
	}
	if (rc != 0)
		return drv_error(L, d->ctx, d->role, "%s", e.msg);
	luaL_setmetatable(L, MT_JOB);
	lua_pushvalue(L, 1);
	lua_setiuservalue(L, -2, 1);
	return 1;
}

static struct ipp_job *check_job(lua_State *L, int i, struct pdev **d)
{
	struct ipp_job *j = luaL_checkudata(L, i, MT_JOB);
	lua_getiuservalue(L, i, 1);
	*d = check_printer(L, -1);
	lua_pop(L, 1);
	return j;
}

/* job:wait([timeout]) -> state, reasons (job's and printer's), message. */
static int j_wait(lua_State *L)
{
	struct pdev *d;
	struct ipp_job *j = check_job(L, 1, &d);
	double timeout = luaL_optnumber(L, 2, d->job_timeout);
	struct err e = {0};
	struct ipp_attrs a;
	int was_done = ipp_job_done(j);
	if (ipp_job_wait(d->p, j, timeout, &e) != 0)
		return drv_error(L, d->ctx, d->role, "%s", e.msg);
	attrs(L, d, &a);
	if (!was_done) {
		char ev[64], rs[512];
		snprintf(ev, sizeof ev, "job-%s", j->state);
		count(d, ev);
		for (int i = 0; i < a.nreasons; i++)
			count(d, a.reasons[i]);
		join(rs, sizeof rs, a.reasons, a.nreasons);
		trace_note(d->ctx->trace, d->role, "job %d %s %s: %s; printer reasons %s", j->id,
		           j->name, j->state, j->message, rs);
	}
	lua_pushstring(L, j->state);
	lua_createtable(L, j->nreasons + a.nreasons, 0);
	for (int i = 0; i < j->nreasons + a.nreasons; i++) {
		lua_pushstring(L, i < j->nreasons ? j->reasons[i] : a.reasons[i - j->nreasons]);
		lua_rawseti(L, -2, i + 1);
	}
	lua_pushstring(L, j->message);
	return 3;
}

/* job:poll() -> state, without waiting: lets a suite keep a card busy while
 * the printer prints. */
static int j_poll(lua_State *L)
{
	struct pdev *d;
	struct ipp_job *j = check_job(L, 1, &d);
	struct err e = {0};
	if (!ipp_job_done(j) && ipp_job_update(d->p, j, &e) != 0)
		return drv_error(L, d->ctx, d->role, "%s", e.msg);
	lua_pushstring(L, j->state);
	return 1;
}

static int j_index(lua_State *L)
{
	struct pdev *d;
	struct ipp_job *j = check_job(L, 1, &d);
	const char *k = luaL_checkstring(L, 2);
	if (!strcmp(k, "id"))
		lua_pushinteger(L, j->id);
	else if (!strcmp(k, "name"))
		lua_pushstring(L, j->name);
	else if (!strcmp(k, "state"))
		lua_pushstring(L, j->state);
	else if (!strcmp(k, "wait"))
		lua_pushcfunction(L, j_wait);
	else if (!strcmp(k, "poll"))
		lua_pushcfunction(L, j_poll);
	else
		lua_pushnil(L);
	return 1;
}

static int p_events(lua_State *L)
{
	struct pdev *d = check_printer(L, 1);
	lua_createtable(L, 0, d->nev);
	for (int i = 0; i < d->nev; i++) {
		lua_pushinteger(L, d->ev[i].count);
		lua_setfield(L, -2, d->ev[i].name);
	}
	return 1;
}

/* printer:scan(job) -> path, or nil and why. */
static int p_scan(lua_State *L)
{
	struct pdev *d = check_printer(L, 1);
	struct pdev *jd;
	struct ipp_job *j = check_job(L, 2, &jd);
	char path[4400];
	snprintf(path, sizeof path, "%s/%s.png", d->scan_dir, j->name);
	if (access(path, R_OK) != 0) {
		lua_pushnil(L);
		lua_pushfstring(L, "no scan of job %d: %s not delivered", j->id, path);
		return 2;
	}
	lua_pushstring(L, path);
	return 1;
}

/* printer:read_mag(job) -> { [1]=, [2]=, [3]=, errors = {..}, coercivity = } */
static int p_read_mag(lua_State *L)
{
	struct pdev *d = check_printer(L, 1);
	struct pdev *jd;
	struct ipp_job *j = check_job(L, 2, &jd);
	char path[4400], line[2200], data[256];
	snprintf(path, sizeof path, "%s/%s.mag", d->scan_dir, j->name);
	FILE *f = fopen(path, "r");
	if (!f)
		return drv_error(L, d->ctx, d->role, "job %d: stripe not read back (%s missing)",
		                 j->id, path);
	lua_createtable(L, 3, 2);
	lua_newtable(L); /* errors */
	int nerr = 0;
	while (fgets(line, sizeof line, f)) {
		int t;
		char val[2100];
		struct err e = {0};
		if (sscanf(line, "coercivity %63s", val) == 1) {
			lua_pushstring(L, val);
			lua_setfield(L, -3, "coercivity");
		} else if (sscanf(line, "track%d %2099s", &t, val) == 2 && t >= 1 && t <= 3) {
			if (ms_decode(t, val, data, sizeof data, &e) == 0) {
				lua_pushstring(L, data);
				lua_rawseti(L, -3, t);
			} else {
				lua_pushstring(L, e.msg);
				lua_rawseti(L, -2, ++nerr);
			}
		}
	}
	fclose(f);
	lua_setfield(L, -2, "errors");
	return 1;
}

static int p_config(lua_State *L)
{
	struct pdev *d = check_printer(L, 1);
	lua_createtable(L, 0, 4);
	lua_pushinteger(L, d->cards);
	lua_setfield(L, -2, "cards");
	lua_pushinteger(L, d->rate_cards);
	lua_setfield(L, -2, "rate_cards");
	lua_pushnumber(L, d->soak_hours);
	lua_setfield(L, -2, "soak_hours");
	lua_pushstring(L, d->coercivity);
	lua_setfield(L, -2, "coercivity");
	lua_pushstring(L, d->scan_dir);
	lua_setfield(L, -2, "scan_dir");
	return 1;
}

/* printer:put(name, data) -> path: writes a document a test prints into
 * <scan_dir>/<name>. Suites have no file access of their own (the sandbox,
 * docs/suite-api.md): this is where the documents they make go. */
static int p_put(lua_State *L)
{
	struct pdev *d = check_printer(L, 1);
	const char *name = luaL_checkstring(L, 2);
	size_t n;
	const char *data = luaL_checklstring(L, 3, &n);
	luaL_argcheck(L,
	              name[0] && name[0] != '.' &&
	                  strspn(name, "abcdefghijklmnopqrstuvwxyz"
	                               "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	                               "0123456789._:-") == strlen(name),
	              2, "a file name of [A-Za-z0-9._:-], not starting with '.'");
	char path[4400];
	snprintf(path, sizeof path, "%s/%s", d->scan_dir, name);
	FILE *f = fopen(path, "wb");
	if (!f)
		return drv_error(L, d->ctx, d->role, "cannot write %s", path);
	size_t w = fwrite(data, 1, n, f);
	if (fclose(f) != 0 || w != n)
		return drv_error(L, d->ctx, d->role, "cannot write %s", path);
	lua_pushstring(L, path);
	return 1;
}

static int p_gc(lua_State *L)
{
	struct pdev *d = luaL_checkudata(L, 1, MT_PRINTER);
	ipp_close(d->p);
	d->p = NULL;
	return 0;
}

static const luaL_Reg printer_methods[] = {
    {"attributes", p_attributes}, {"print", p_print},   {"events", p_events}, {"scan", p_scan},
    {"read_mag", p_read_mag},     {"config", p_config}, {"put", p_put},       {NULL, NULL},
};

static int resolve(const struct drv_ctx *ctx, const struct role *ro, char *uri, size_t ulen,
                   char *dir, size_t dlen, struct err *e)
{
	const char *u = role_str(ro, "uri", NULL), *s = role_str(ro, "scan_dir", NULL);
	if (u)
		snprintf(uri, ulen, "%s", u);
	else if (!ro->sim || station_sim_get(ctx->st, ro->sim, "uri", uri, ulen, e) != 0)
		return ro->sim ? -1
		               : err_set(e, EXIT_USAGE, "role %s: needs uri: or sim:", ro->name);
	if (s)
		station_path(ctx->st, s, dir, dlen);
	else if (!ro->sim || station_sim_get(ctx->st, ro->sim, "scan_dir", dir, dlen, e) != 0)
		return ro->sim
		           ? -1
		           : err_set(e, EXIT_USAGE, "role %s: needs scan_dir: or sim:", ro->name);
	return 0;
}

static int ipp_open_role(lua_State *L, const struct drv_ctx *ctx, const struct role *ro,
                         struct err *e)
{
	char uri[1024], dir[4096];
	if (resolve(ctx, ro, uri, sizeof uri, dir, sizeof dir, e) != 0)
		return err_prefix(e, "role %s", ro->name);
	struct ipp_printer *p = ipp_open(uri, role_num(ro, "timeout", 10), e);
	if (!p)
		return err_prefix(e, "role %s", ro->name);
	struct pdev *d = lua_newuserdatauv(L, sizeof *d, 0);
	memset(d, 0, sizeof *d);
	d->p = p;
	d->ctx = ctx;
	d->job_timeout = role_num(ro, "job_timeout", 120);
	d->cards = role_int(ro, "cards", 5);
	d->rate_cards = role_int(ro, "rate_cards", 5);
	d->soak_hours = role_num(ro, "soak_hours", 24);
	snprintf(d->coercivity, sizeof d->coercivity, "%s", role_str(ro, "coercivity", "high"));
	snprintf(d->role, sizeof d->role, "%s", ro->name);
	snprintf(d->scan_dir, sizeof d->scan_dir, "%s", dir);
	lapi_setclass(L, MT_PRINTER, printer_methods, p_gc, NULL);
	if (luaL_newmetatable(L, MT_JOB)) {
		lua_pushcfunction(L, j_index);
		lua_setfield(L, -2, "__index");
	}
	lua_pop(L, 1);
	return 0;
}

static const struct opt_spec ipp_opts[] = {
    {"uri", OPT_STRING, 0, "printer URI, ipp://host:port/ipp/print (or from sim:)"},
    {"scan_dir", OPT_STRING, 0, "where the scanner delivers <job name>.png (or from sim:)"},
    {"timeout", OPT_NUMBER, 0, "seconds per IPP request and to connect (10)"},
    {"job_timeout", OPT_NUMBER, 0, "default seconds job:wait() waits (120)"},
    {"cards", OPT_INT, 0, "cards printed for registration (5)"},
    {"rate_cards", OPT_INT, 0, "cards in the print-rate batch (5)"},
    {"soak_hours", OPT_NUMBER, 0, "reliability run length in (scaled) hours (24)"},
    {"coercivity", OPT_STRING, 0, "mag stripe: high, low or both (high)"},
    {NULL, 0, 0, NULL},
};

/* Values, not just types: a typo in coercivity or a non-IPP uri is a station
 * error at its line, not a failure hours into a run. */
static int ipp_check(const struct role *ro, struct err *e)
{
	const char *c = role_str(ro, "coercivity", "high"), *u = role_str(ro, "uri", NULL);
	if (strcmp(c, "high") && strcmp(c, "low") && strcmp(c, "both"))
		return ynode_err(e, ynode_get(ro->node, "coercivity"),
		                 "coercivity must be high, low or both, not '%s'", c);
	if (u && strncmp(u, "ipp://", 6) && strncmp(u, "ipps://", 7))
		return ynode_err(e, ynode_get(ro->node, "uri"),
		                 "uri must be ipp://... or ipps://..., not '%s'", u);
	if (!u && !ro->sim)
		return ynode_err(e, ro->node, "role %s: needs uri: or sim:", ro->name);
	return 0;
}

const struct driver ipp_driver = {
    .name = "ipp",
    .doc = "card printer over IPP (libcups)",
    .opts = ipp_opts,
    .open = ipp_open_role,
    .check = ipp_check,
};
