/* The `ipp` driver: a card printer role as a Lua object (docs/drivers.md,
 * "## ipp"). Jobs are named so the scanner can deliver <scan_dir>/<job
 * name>.png; the names come from the run's ledger in scan_dir
 * (ipp_ledger.c), unique across the whole run. A real station points
 * scan_dir at where its scanner drops files under the same names. */
#include <lauxlib.h>
#include <limits.h>
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
	struct ipp_ledger ledger;
	char role[64], scan_dir[4096];
	double job_timeout, scan_timeout;
	/* Suite settings from the role (printer:config()). */
	long cards, soak_check;
	double rate_hours, rate_window, soak_hours;
	char coercivity[16];
	int mag_files; /* mag_encoder: files (the stripe goes by <job>.magw/.mag) */
	struct event ev[MAX_EVENTS];
	int nev;
	char last_reasons[512]; /* printer-state-reasons last seen, for change notes */
	/* document-format-supported, read once (the first print or attributes). */
	char formats[IPP_MAX_FORMATS][64];
	int nformats, formats_known;
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

/* Notes a change of the printer's state reasons in the trace. */
static void note_reasons(void *arg, const struct ipp_attrs *a)
{
	struct pdev *d = arg;
	char rs[512], resp[700];
	join(rs, sizeof rs, (char(*)[64])a->reasons, a->nreasons);
	if (d->ctx->trace && strcmp(rs, d->last_reasons) != 0) {
		snprintf(resp, sizeof resp, "state=%s reasons=%s", a->state, rs);
		trace_exchange(d->ctx->trace, d->role, "ipp", "Get-Printer-Attributes", resp,
		               a->us);
	}
	snprintf(d->last_reasons, sizeof d->last_reasons, "%s", rs);
}

static void attrs(lua_State *L, struct pdev *d, struct ipp_attrs *a)
{
	struct err e = {0};
	if (ipp_attributes(d->p, a, &e) != 0)
		drv_error(L, d->ctx, d->role, "%s", e.msg);
	note_reasons(d, a);
	memcpy(d->formats, a->formats, sizeof d->formats);
	d->nformats = a->nformats, d->formats_known = 1;
}

static void push_resolution(lua_State *L, const struct ipp_attrs *a)
{
	const struct ipp_res *b = a->best >= 0 ? &a->res[a->best] : NULL;
	lua_pushinteger(L, b ? (b->x < b->y ? b->x : b->y) : 0);
	lua_setfield(L, -2, "resolution");
	lua_pushinteger(L, b ? b->x : 0);
	lua_setfield(L, -2, "resolution_x");
	lua_pushinteger(L, b ? b->y : 0);
	lua_setfield(L, -2, "resolution_y");
	lua_createtable(L, a->nres, 0);
	for (int i = 0; i < a->nres; i++) {
		lua_pushstring(L, a->res[i].text);
		lua_rawseti(L, -2, i + 1);
	}
	lua_setfield(L, -2, "resolutions");
	lua_pushstring(L, b ? b->text : "");
	lua_setfield(L, -2, "resolution_finest");
	lua_pushstring(L, a->res_default);
	lua_setfield(L, -2, "resolution_default");
}

/* capacities = { input = {count=, attr=, record=, why=, kind=}, output=,
 * reject=, ribbon=, film= }: count nil where the printer gives no count. */
static void push_capacities(lua_State *L, const struct ipp_attrs *a)
{
	lua_createtable(L, 0, PCAP_N);
	for (int i = 0; i < PCAP_N; i++) {
		const struct pcap *c = &a->cap[i];
		lua_createtable(L, 0, 5);
		if (c->count >= 0) {
			lua_pushinteger(L, c->count);
			lua_setfield(L, -2, "count");
		}
		const char *k[] = {"attr", "record", "why", "kind"};
		const char *v[] = {c->attr, c->record, c->why, c->kind};
		for (int j = 0; j < 4; j++) {
			lua_pushstring(L, v[j]);
			lua_setfield(L, -2, k[j]);
		}
		lua_setfield(L, -2, pcap_name((enum pcap_item)i));
	}
	lua_setfield(L, -2, "capacities");
}

static int p_attributes(lua_State *L)
{
	struct pdev *d = check_printer(L, 1);
	struct ipp_attrs a;
	attrs(L, d, &a);
	lua_createtable(L, 0, 10);
	push_resolution(L, &a);
	lua_pushstring(L, a.state);
	lua_setfield(L, -2, "state");
	push_list(L, a.reasons, a.nreasons);
	lua_setfield(L, -2, "reasons");
	if (a.color >= 0) {
		lua_pushboolean(L, a.color);
		lua_setfield(L, -2, "color");
	}
	push_list(L, a.color_modes, a.ncolor_modes);
	lua_setfield(L, -2, "color_modes");
	push_list(L, a.sides, a.nsides);
	lua_setfield(L, -2, "sides");
	push_list(L, a.formats, a.nformats);
	lua_setfield(L, -2, "formats");
	if (a.color_default[0]) {
		lua_pushstring(L, a.color_default);
		lua_setfield(L, -2, "color_default");
	}
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
	push_capacities(L, &a);
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

/* printer:reserve() -> the name the next card can print under (so its
 * target can carry the name's serial before it is printed). */
static int p_reserve(lua_State *L)
{
	struct pdev *d = check_printer(L, 1);
	char name[128];
	struct err e = {0};
	if (ipp_ledger_name(&d->ledger, name, sizeof name, &e) != 0)
		return drv_error(L, d->ctx, d->role, "%s", e.msg);
	lua_pushstring(L, name);
	return 1;
}

/* The job's name: spec.name if the ledger reserved it and nothing printed
 * under it yet, else a fresh one. */
static void job_name(lua_State *L, struct pdev *d, char *name, size_t cap)
{
	struct err e = {0};
	lua_getfield(L, 2, "name");
	const char *want = luaL_optstring(L, -1, NULL);
	int rc = want ? ipp_ledger_use(&d->ledger, want, &e)
	              : ipp_ledger_name(&d->ledger, name, cap, &e);
	if (rc < 0)
		drv_error(L, d->ctx, d->role, "%s", e.msg);
	if (want && rc == 0)
		luaL_error(L,
		           "print{name=%s}: not a name printer:reserve() gave, or printed already",
		           want);
	if (want)
		snprintf(name, cap, "%s", want);
	else if (ipp_ledger_use(&d->ledger, name, &e) < 0)
		drv_error(L, d->ctx, d->role, "%s", e.msg);
	lua_pop(L, 1);
}

static int p_print(lua_State *L)
{
	struct pdev *d = check_printer(L, 1);
	luaL_checktype(L, 2, LUA_TTABLE);
	lua_getfield(L, 2, "file");
	const char *file = luaL_checkstring(L, -1);
	struct ipp_print_opts o = {0};
	lua_getfield(L, 2, "sides");
	o.sides = luaL_optstring(L, -1, NULL);
	lua_getfield(L, 2, "copies");
	o.copies = (int)luaL_optinteger(L, -1, 1);
	lua_getfield(L, 2, "format");
	o.format = luaL_optstring(L, -1, NULL);
	lua_getfield(L, 2, "color_mode");
	o.color_mode = luaL_optstring(L, -1, NULL);
	lua_getfield(L, 2, "coercivity");
	const char *coerc = luaL_optstring(L, -1, "high");
	lua_getfield(L, 2, "resolution");
	const char *res = luaL_optstring(L, -1, NULL);
	luaL_argcheck(L, !res || ipp_res_parse(res, &o.res_x, &o.res_y, &o.res_per_cm) == 0, 2,
	              "resolution: 600dpi, 600x300dpi or 236dpcm");
	lua_getfield(L, 2, "busy_wait");
	int busy_given = !lua_isnil(L, -1);
	double busy_wait = luaL_optnumber(L, -1, d->job_timeout);
	luaL_argcheck(L, busy_wait >= 0 && busy_wait <= 86400, 2, "busy_wait: 0..86400 s");
	char name[128];
	job_name(L, d, name, sizeof name);
	lua_getfield(L, 2, "magstripe");
	if (lua_istable(L, -1) && !d->mag_files)
		return drv_error(L, d->ctx, d->role,
		                 "no way to hand stripe data to the encoder (mag_encoder: none)");
	if (lua_istable(L, -1))
		write_stripe(L, d, name, coerc);
	lua_pop(L, 1);

	if (!d->formats_known) {
		struct ipp_attrs a;
		attrs(L, d, &a);
	}
	char doc[4200];
	struct err e = {0};
	if (ipp_doc((const char(*)[64])d->formats, d->nformats, file, o.format, d->scan_dir, doc,
	            sizeof doc, &o.format, &e) != 0)
		return drv_error(L, d->ctx, d->role, "print %s: %s", file, e.msg);
	file = doc;
	struct ipp_job *j = lua_newuserdatauv(L, sizeof *j, 1);
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	int rc = ipp_print(d->p, file, name, &o, busy_wait, j, &e);
	if (d->ctx->trace) {
		char req[4500], resp[512];
		snprintf(req, sizeof req,
		         "Print-Job job-name=%s file=%s document-format=%s%s%s%s%s%s%s", name, file,
		         o.format, o.sides ? " sides=" : "", o.sides ? o.sides : "",
		         o.color_mode ? " print-color-mode=" : "", o.color_mode ? o.color_mode : "",
		         res ? " printer-resolution=" : "", res ? res : "");
		snprintf(resp, sizeof resp, rc ? "error" : "job-id=%d%s%s", j->id,
		         j->ignored[0] ? " ignored=" : "", j->ignored);
		trace_exchange(d->ctx->trace, d->role, "ipp", req, rc ? e.msg : resp,
		               usec_since(&t0));
	}
	if (rc == 1 && busy_given) {
		lua_pushnil(L);
		lua_pushliteral(L, "busy");
		return 2;
	}
	if (rc != 0)
		return drv_error(L, d->ctx, d->role, "%s", e.msg);
	luaL_setmetatable(L, MT_JOB);
	lua_pushvalue(L, 1);
	lua_setiuservalue(L, -2, 1);
	if (!j->ignored[0])
		return 1;
	lua_pushstring(L, j->ignored);
	return 2;
}

static struct ipp_job *check_job(lua_State *L, int i, struct pdev **d)
{
	struct ipp_job *j = luaL_checkudata(L, i, MT_JOB);
	lua_getiuservalue(L, i, 1);
	*d = check_printer(L, -1);
	lua_pop(L, 1);
	return j;
}

/* The job's state as suites judge it: IPP's, except that a job completed
 * with the reason job-completed-with-errors (RFC 8011 §5.3.8) is
 * "completed-with-errors": the printer says the card came out wrong, and a
 * suite comparing with "completed" must not count it printed. Warnings
 * (job-completed-with-warnings) leave it completed. */
static const char *job_state(const struct ipp_job *j)
{
	if (strcmp(j->state, "completed") != 0)
		return j->state;
	for (int i = 0; i < j->nreasons; i++)
		if (!strcmp(j->reasons[i], "job-completed-with-errors"))
			return "completed-with-errors";
	return j->state;
}

/* The printer now: {state=, reasons={...}}. */
static void push_now(lua_State *L, const struct ipp_attrs *a)
{
	lua_createtable(L, 0, 2);
	lua_pushstring(L, a->state);
	lua_setfield(L, -2, "state");
	push_list(L, (char(*)[64])a->reasons, a->nreasons);
	lua_setfield(L, -2, "reasons");
}

static void wait_note(struct pdev *d, const struct ipp_job *j, const struct ipp_watch *w,
                      int timed_out, double timeout)
{
	char ev[64], rs[512], now[512];
	snprintf(ev, sizeof ev, "job-%s", timed_out ? "timeout" : job_state(j));
	count(d, ev);
	for (int i = 0; i < w->nseen; i++)
		count(d, w->seen[i]);
	join(rs, sizeof rs, (char(*)[64])w->seen, w->nseen);
	join(now, sizeof now, (char(*)[64])w->now.reasons, w->now.nreasons);
	if (timed_out)
		trace_note(d->ctx->trace, d->role,
		           "job %d %s still %s after %.1f s: printer %s, reasons now %s, seen %s",
		           j->id, j->name, j->state, timeout, w->now.state, now, rs);
	else
		trace_note(d->ctx->trace, d->role, "job %d %s %s: %s; printer reasons seen %s",
		           j->id, j->name, job_state(j), j->message, rs);
}

/* job:wait([timeout]) -> state, reasons, message, now. state is the job's
 * end (completed, aborted, canceled) or "timeout"; reasons are the job's
 * and every printer reason seen while waiting; now = the printer at the
 * end ({state=, reasons=}), what a timeout is classified by. */
static int j_wait(lua_State *L)
{
	struct pdev *d;
	struct ipp_job *j = check_job(L, 1, &d);
	double timeout = luaL_optnumber(L, 2, d->job_timeout);
	struct err e = {0};
	struct ipp_watch w = {.on_attrs = note_reasons, .arg = d};
	int was_done = ipp_job_done(j);
	int rc = ipp_job_watch(d->p, j, timeout, &w, &e);
	if (rc < 0)
		return drv_error(L, d->ctx, d->role, "%s", e.msg);
	if (!was_done)
		wait_note(d, j, &w, rc == 1, timeout);
	lua_pushstring(L, rc == 1 ? "timeout" : job_state(j));
	lua_createtable(L, j->nreasons + w.nseen, 0);
	for (int i = 0; i < j->nreasons + w.nseen; i++) {
		lua_pushstring(L, i < j->nreasons ? j->reasons[i] : w.seen[i - j->nreasons]);
		lua_rawseti(L, -2, i + 1);
	}
	if (rc == 1)
		lua_pushfstring(L, "job %d still %s after %f s; printer %s", j->id, j->state,
		                timeout, w.now.state);
	else
		lua_pushstring(L, j->message);
	push_now(L, &w.now);
	return 4;
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
	lua_pushstring(L, job_state(j));
	return 1;
}

/* job:cancel(): asks the printer to drop the job (after a timeout). A job
 * that ended meanwhile is no error: the printer refuses to cancel it, and
 * job.state says how it ended. */
static int j_cancel(lua_State *L)
{
	struct pdev *d;
	struct ipp_job *j = check_job(L, 1, &d);
	struct err e = {0};
	if (ipp_job_done(j))
		return 0;
	int rc = ipp_cancel(d->p, j, &e);
	trace_note(d->ctx->trace, d->role, "Cancel-Job %d %s: %s%s", j->id, j->name,
	           rc < 0 ? e.msg
	           : rc   ? "the job had ended, "
	                  : "ok",
	           rc > 0 ? j->state : "");
	if (rc < 0)
		return drv_error(L, d->ctx, d->role, "%s", e.msg);
	return 0;
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
		lua_pushstring(L, job_state(j));
	else if (!strcmp(k, "done")) /* the job ended, as last read: the driver's own test */
		lua_pushboolean(L, ipp_job_done(j));
	else if (!strcmp(k, "wait"))
		lua_pushcfunction(L, j_wait);
	else if (!strcmp(k, "poll"))
		lua_pushcfunction(L, j_poll);
	else if (!strcmp(k, "cancel"))
		lua_pushcfunction(L, j_cancel);
	else
		lua_pushnil(L);
	return 1;
}

/* printer:job(id, name): a job this printer was sent before bench stopped
 * (a resumed soak's card in hand), its state read now. A printer that
 * restarted may give its id to another job: the name is checked, and a job
 * of another name is "purged" (its end unknown), as one it dropped is. */
static int p_job(lua_State *L)
{
	struct pdev *d = check_printer(L, 1);
	lua_Integer id = luaL_checkinteger(L, 2);
	luaL_argcheck(L, id > 0 && id <= INT_MAX, 2, "job-id 1..2147483647");
	const char *name = luaL_checkstring(L, 3);
	struct ipp_job *j = lua_newuserdatauv(L, sizeof *j, 1);
	*j = (struct ipp_job){.id = (int)id};
	struct err e = {0};
	if (ipp_job_update(d->p, j, &e) != 0)
		return drv_error(L, d->ctx, d->role, "job %d %s: %s", j->id, name, e.msg);
	if (strcmp(j->state, "purged") && strcmp(j->name, name)) {
		snprintf(j->message, sizeof j->message,
		         "job %d is now the printer's job %s, not %s: how %s ended is unknown",
		         j->id, j->name[0] ? j->name : "(no name)", name, name);
		snprintf(j->state, sizeof j->state, "purged");
		j->nreasons = 0;
	}
	snprintf(j->name, sizeof j->name, "%s", name);
	trace_note(d->ctx->trace, d->role, "job %d %s looked up: %s %s", j->id, j->name,
	           job_state(j), j->message);
	luaL_setmetatable(L, MT_JOB);
	lua_pushvalue(L, 1);
	lua_setiuservalue(L, -2, 1);
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

/* printer:scan(job [, timeout]) -> path, sha256; or nil and why. Waits for
 * the scanner, then refuses a file identical to any earlier scan of the run
 * (a stale or repeated scan is no evidence of this card). */
static int p_scan(lua_State *L)
{
	struct pdev *d = check_printer(L, 1);
	struct pdev *jd;
	struct ipp_job *j = check_job(L, 2, &jd);
	double timeout = luaL_optnumber(L, 3, d->scan_timeout);
	char path[4400], sha[SHA256_HEX], dup[256];
	struct err e = {0};
	int rc = ipp_scan_wait(d->scan_dir, j->name, timeout, 0.5, path, sizeof path, &e);
	if (rc == 0 && (rc = sha256_file(path, sha, &e)) == 0)
		rc = ipp_ledger_scan(&d->ledger, j->name, sha, dup, sizeof dup, &e);
	if (rc < 0 && e.code == EXIT_BAIL)
		return drv_error(L, d->ctx, d->role, "%s", e.msg);
	if (rc == 0)
		trace_note(d->ctx->trace, d->role, "scan of job %d: %s sha256 %s", j->id, path,
		           sha);
	lua_pushnil(L);
	if (rc < 0)
		lua_pushfstring(L, "job %d: %s", j->id, e.msg);
	else if (rc == 1)
		lua_pushfstring(L,
		                "scan %s of job %d is identical to the scan of job %s (sha256 %s): "
		                "a stale or repeated scan, not this card",
		                path, j->id, dup, sha);
	if (rc != 0)
		return 2;
	lua_pop(L, 1);
	lua_pushstring(L, path);
	lua_pushstring(L, sha);
	return 2;
}

/* One track line of the read-back: [t] = data or errors[] += why, and
 * tracks[t] = {data=, error=, reversed=}. Tables: -1 tracks, -2 errors, -3
 * the result. */
static void read_track(lua_State *L, int t, const char *bits, int *nerr)
{
	char data[256];
	int rev = 0;
	struct err e = {0};
	int rc = ms_read(t, bits, data, sizeof data, &rev, &e);
	lua_createtable(L, 0, 3);
	lua_pushstring(L, rc == 0 ? data : e.msg);
	lua_setfield(L, -2, rc == 0 ? "data" : "error");
	lua_pushboolean(L, rev);
	lua_setfield(L, -2, "reversed");
	lua_rawseti(L, -2, t);
	lua_pushstring(L, rc == 0 ? data : e.msg);
	lua_rawseti(L, rc == 0 ? -4 : -3, rc == 0 ? t : ++*nerr);
}

/* printer:read_mag(job) -> { [1]=, [2]=, [3]=, errors = {..}, coercivity =,
 * tracks = { [t] = {data=, error=, reversed=} } } */
static int p_read_mag(lua_State *L)
{
	struct pdev *d = check_printer(L, 1);
	struct pdev *jd;
	struct ipp_job *j = check_job(L, 2, &jd);
	char path[4400], line[2200], val[2100];
	snprintf(path, sizeof path, "%s/%s.mag", d->scan_dir, j->name);
	FILE *f = fopen(path, "r");
	if (!f)
		return drv_error(L, d->ctx, d->role, "job %d: stripe not read back (%s missing)",
		                 j->id, path);
	int nerr = 0, t;
	lua_createtable(L, 3, 3);
	lua_newtable(L); /* errors */
	lua_newtable(L); /* tracks */
	while (fgets(line, sizeof line, f)) {
		if (sscanf(line, "coercivity %63s", val) == 1) {
			lua_pushstring(L, val);
			lua_setfield(L, -4, "coercivity");
		} else if (sscanf(line, "track%d %2099s", &t, val) == 2 && t >= 1 && t <= 3) {
			read_track(L, t, val, &nerr);
		}
	}
	fclose(f);
	lua_setfield(L, -3, "tracks");
	lua_setfield(L, -2, "errors");
	return 1;
}

static int p_config(lua_State *L)
{
	struct pdev *d = check_printer(L, 1);
	const struct {
		const char *k;
		double v;
	} n[] = {{"cards", (double)d->cards},          {"rate_hours", d->rate_hours},
	         {"rate_window", d->rate_window},      {"soak_hours", d->soak_hours},
	         {"job_timeout", d->job_timeout},      {"scan_timeout", d->scan_timeout},
	         {"soak_check", (double)d->soak_check}};
	lua_createtable(L, 0, 8);
	for (size_t i = 0; i < sizeof n / sizeof n[0]; i++) {
		lua_pushnumber(L, n[i].v);
		lua_setfield(L, -2, n[i].k);
	}
	lua_pushstring(L, d->coercivity);
	lua_setfield(L, -2, "coercivity");
	lua_pushstring(L, d->mag_files ? "files" : "none");
	lua_setfield(L, -2, "mag_encoder");
	lua_pushstring(L, d->scan_dir);
	lua_setfield(L, -2, "scan_dir");
	return 1;
}

/* <scan_dir>/<name> for argument arg: a name of [A-Za-z0-9._:-], not
 * starting with '.', so a suite writes nowhere else (docs/suite-api.md
 * "Sandbox"). */
static void doc_path(lua_State *L, const struct pdev *d, int arg, char *path, size_t cap)
{
	const char *name = luaL_checkstring(L, arg);
	luaL_argcheck(L,
	              name[0] && name[0] != '.' &&
	                  strspn(name, "abcdefghijklmnopqrstuvwxyz"
	                               "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	                               "0123456789._:-") == strlen(name),
	              arg, "a file name of [A-Za-z0-9._:-], not starting with '.'");
	snprintf(path, cap, "%s/%s", d->scan_dir, name);
}

/* The codes table of put_target, {qr = text, code128 = text}, each
 * optional (bench/lib/printer/target_codes.c): its texts, left on the
 * stack while they are used; checked before any image exists, so a bad
 * argument leaks nothing. */
static void codes_arg(lua_State *L, int arg, const char **qr, const char **c128)
{
	*qr = *c128 = NULL;
	if (lua_isnoneornil(L, arg))
		return;
	luaL_checktype(L, arg, LUA_TTABLE);
	lua_getfield(L, arg, "qr");
	lua_getfield(L, arg, "code128");
	*qr = luaL_optstring(L, -2, NULL);
	*c128 = luaL_optstring(L, -1, NULL);
}

/* printer:put_target(name, dpi [, serial [, codes]]) -> path: the
 * registration target PNG (bench/lib/printer/target.c) carrying serial
 * (hex), with the bar codes of codes ({qr =, code128 =}) on it. */
static int p_put_target(lua_State *L)
{
	struct pdev *d = check_printer(L, 1);
	char path[4400], *end;
	doc_path(L, d, 2, path, sizeof path);
	double dpi = luaL_checknumber(L, 3);
	const char *hex = luaL_optstring(L, 4, "0");
	unsigned long long serial = strtoull(hex, &end, 16);
	luaL_argcheck(L, *hex && !*end, 4, "serial must be hex digits");
	const char *qr, *c128;
	codes_arg(L, 5, &qr, &c128);
	struct img im;
	struct err e = {0};
	int rc = reg_target(&im, dpi, serial, &e);
	if (rc == 0 && (qr || c128) && reg_target_codes(&im, qr, c128, &e) != 0) {
		img_free(&im);
		rc = -1;
	}
	if (rc == 0) {
		rc = img_save_png(path, &im, &e);
		img_free(&im);
	}
	if (rc != 0)
		return drv_error(L, d->ctx, d->role, "target %s: %s", path, e.msg);
	lua_pushstring(L, path);
	return 1;
}

/* printer:put_card(name, dpi) -> path: the full-colour card of
 * suites/lib/carddoc.lua as PWG raster, for a printer that takes no PDF. */
static int p_put_card(lua_State *L)
{
	struct pdev *d = check_printer(L, 1);
	char path[4400];
	doc_path(L, d, 2, path, sizeof path);
	int dpi = (int)luaL_checkinteger(L, 3);
	static const unsigned char ink[3] = {230, 51, 26}; /* the PDF's 0.9 0.2 0.1 rg */
	struct err e = {0};
	if (pwg_save_card(path, dpi, ink, &e) != 0)
		return drv_error(L, d->ctx, d->role, "card %s: %s", path, e.msg);
	lua_pushstring(L, path);
	return 1;
}

/* printer:put(name, data) -> path: writes a document a test prints into
 * <scan_dir>/<name>. Suites have no file access of their own (the sandbox,
 * docs/suite-api.md): this is where the documents they make go. */
static int p_put(lua_State *L)
{
	struct pdev *d = check_printer(L, 1);
	size_t n;
	char path[4400];
	doc_path(L, d, 2, path, sizeof path);
	const char *data = luaL_checklstring(L, 3, &n);
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
    {"attributes", p_attributes}, {"print", p_print}, {"reserve", p_reserve},
    {"events", p_events},         {"scan", p_scan},   {"read_mag", p_read_mag},
    {"config", p_config},         {"put", p_put},     {"put_target", p_put_target},
    {"put_card", p_put_card},     {"job", p_job},     {NULL, NULL},
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

/* How stripe data reach the encoder: IPP carries none, so a real printer
 * needs the lab's bridge (files); a simulated one has it. */
static const char *mag_encoder(const struct role *ro)
{
	return role_str(ro, "mag_encoder", ro->sim ? "files" : "none");
}

static void settings(struct pdev *d, const struct role *ro)
{
	d->job_timeout = role_num(ro, "job_timeout", 120);
	d->scan_timeout = role_num(ro, "scan_timeout", 60);
	d->cards = role_int(ro, "cards", 5);
	d->rate_hours = role_num(ro, "rate_hours", 2);
	d->rate_window = role_num(ro, "rate_window", 1);
	d->soak_hours = role_num(ro, "soak_hours", 24);
	d->soak_check = role_int(ro, "soak_check", 50);
	snprintf(d->coercivity, sizeof d->coercivity, "%s", role_str(ro, "coercivity", "both"));
	d->mag_files = !strcmp(mag_encoder(ro), "files");
	snprintf(d->role, sizeof d->role, "%s", ro->name);
}

static int ipp_open_role(lua_State *L, const struct drv_ctx *ctx, const struct role *ro,
                         struct err *e)
{
	char uri[1024], dir[4096];
	struct ipp_ledger ledger;
	if (resolve(ctx, ro, uri, sizeof uri, dir, sizeof dir, e) != 0 ||
	    ipp_ledger_open(&ledger, dir, ctx->run_id, e) != 0)
		return err_prefix(e, "role %s", ro->name);
	struct ipp_printer *p = ipp_open(uri, role_num(ro, "timeout", 10), e);
	if (!p)
		return err_prefix(e, "role %s", ro->name);
	struct pdev *d = lua_newuserdatauv(L, sizeof *d, 0);
	memset(d, 0, sizeof *d);
	d->p = p;
	d->ctx = ctx;
	d->ledger = ledger;
	settings(d, ro);
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
    {"scan_timeout", OPT_NUMBER, 0, "seconds printer:scan() waits for the scanner (60)"},
    {"cards", OPT_INT, 0, "cards printed for registration (5)"},
    {"rate_hours", OPT_NUMBER, 0, "print rate: length of the timed batch, (scaled) hours (2)"},
    {"rate_window", OPT_NUMBER, 0, "print rate: hours per judged window (1)"},
    {"soak_hours", OPT_NUMBER, 0, "reliability run length in (scaled) hours (24)"},
    {"soak_check", OPT_INT, 0, "reliability: every Nth card a target, scanned (50; 0: none)"},
    {"coercivity", OPT_STRING, 0,
     "mag stripe coercivities the encoder offers: high, low or "
     "both (both)"},
    {"mag_encoder", OPT_STRING, 0,
     "how stripe data reach the encoder: files (<scan_dir>/<job>.magw, read back from "
     "<job>.mag) or none (default: files with sim:, else none)"},
    {NULL, 0, 0, NULL},
};

/* Values, not just types: a typo in coercivity or a non-IPP uri is a station
 * error at its line, not a failure hours into a run. */
static int ipp_check(const struct station *st, const struct role *ro, struct err *e)
{
	(void)st;
	const char *c = role_str(ro, "coercivity", "both"), *u = role_str(ro, "uri", NULL);
	double rh = role_num(ro, "rate_hours", 2), rw = role_num(ro, "rate_window", 1);
	if (strcmp(c, "high") && strcmp(c, "low") && strcmp(c, "both"))
		return ynode_err(e, ynode_get(ro->node, "coercivity"),
		                 "coercivity must be high, low or both, not '%s'", c);
	if (strcmp(mag_encoder(ro), "files") && strcmp(mag_encoder(ro), "none"))
		return ynode_err(e, ynode_get(ro->node, "mag_encoder"),
		                 "mag_encoder must be files or none, not '%s'", mag_encoder(ro));
	if (u && strncmp(u, "ipp://", 6) && strncmp(u, "ipps://", 7))
		return ynode_err(e, ynode_get(ro->node, "uri"),
		                 "uri must be ipp://... or ipps://..., not '%s'", u);
	if (!u && !ro->sim)
		return ynode_err(e, ro->node, "role %s: needs uri: or sim:", ro->name);
	if (!role_str(ro, "scan_dir", NULL) && !ro->sim)
		return ynode_err(e, ro->node, "role %s: needs scan_dir: or sim:", ro->name);
	/* `cards: -3` would print nothing and pass; a NaN timeout never ends. */
	const struct ynode *n = ro->node;
	if (opt_num_range(n, "timeout", 0.1, 3600, e) ||
	    opt_num_range(n, "job_timeout", 1, 86400, e) || opt_int_range(n, "cards", 1, 1000, e) ||
	    opt_num_range(n, "scan_timeout", 0.1, 86400, e) ||
	    opt_num_range(n, "rate_hours", 0.001, 8760, e) ||
	    opt_num_range(n, "rate_window", 0.001, 8760, e) ||
	    opt_num_range(n, "soak_hours", 0.001, 8760, e) ||
	    opt_int_range(n, "soak_check", 0, 100000, e))
		return -1;
	if (rw <= 0 || rh < rw)
		return ynode_err(e,
		                 ynode_get(ro->node, ynode_get(ro->node, "rate_window")
		                                         ? "rate_window"
		                                         : "rate_hours"),
		                 "rate_window (%g h) must be > 0 and <= rate_hours (%g h)", rw, rh);
	return 0;
}

const struct driver ipp_driver = {
    .name = "ipp",
    .doc = "card printer over IPP (libcups)",
    .opts = ipp_opts,
    .open = ipp_open_role,
    .check = ipp_check,
};
