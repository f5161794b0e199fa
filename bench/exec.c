/* Runs one declared test and turns what it recorded into a TAP point. */
#include "exec.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include <lauxlib.h>

#include "ltest.h"
#include "run.h"
#include "station.h"
#include "suite.h"
#include "trace.h"

static int traceback(lua_State *L)
{
	if (ltest_is_end(L, 1))
		return 1;
	const char *msg = lua_tostring(L, 1);
	luaL_traceback(L, L, msg ? msg : luaL_tolstring(L, 1, NULL), 1);
	return 1;
}

static const char *missing_role(const struct run *r, const struct testdecl *d)
{
	for (size_t i = 0; i < d->nroles; i++)
		if (!station_role(r->st, d->roles[i]))
			return d->roles[i];
	return NULL;
}

/* Calls run(t) under a traceback handler; a Lua error fails the test. */
static void call_test(struct run *r, struct suite *s, const struct testdecl *d, struct tctx *c)
{
	lua_State *L = s->L;
	int base = lua_gettop(L);
	lua_pushcfunction(L, traceback);
	lua_rawgeti(L, LUA_REGISTRYINDEX, d->fn_ref);
	ltest_push(L, c);
	if (lua_pcall(L, 1, 0, base + 1) != LUA_OK && !ltest_is_end(L, -1)) {
		const char *tb = lua_tostring(L, -1);
		char first[512];
		snprintf(first, sizeof first, "%.*s", (int)strcspn(tb ? tb : "", "\n"),
			 tb ? tb : "error object is not a string");
		char what[600];
		snprintf(what, sizeof what, "Lua error: %s", first);
		ltest_fail(c, what, NULL, NULL, NULL, "traceback", tb);
	}
	lua_settop(L, base);
	(void)r;
}

static void add_exchanges(struct run *r, struct sbuf *y)
{
	const char *lines[12];
	size_t n = trace_recent(r->trace, lines, 12);
	if (!n)
		return;
	yaml_key(y, 0, "exchanges");
	for (size_t i = 0; i < n; i++) {
		sb_add(y, "  - ", 4);
		yaml_quote(y, lines[i], strlen(lines[i]));
		sb_add(y, "\n", 1);
	}
}

static void build_yaml(struct run *r, const struct testdecl *d, struct tctx *c, struct sbuf *y)
{
	if (c->nfail) {
		yaml_kv_str(y, 0, "message", c->message);
		yaml_kv_str(y, 0, "severity", c->dir == TAP_TODO ? "todo" : "fail");
	}
	if (!c->nfail && !c->nmeas && !c->notes.len)
		return;
	yaml_kv_str(y, 0, "test", d->id);
	yaml_kv_str(y, 0, "clause", d->clause);
	if (c->nfail) {
		yaml_key(y, 0, "failures");
		sb_add(y, sb_str(&c->failures), c->failures.len);
	}
	if (c->nmeas) {
		yaml_key(y, 0, "measurements");
		sb_add(y, sb_str(&c->measures), c->measures.len);
	}
	sb_add(y, sb_str(&c->notes), c->notes.len);
	if (c->nfail)
		add_exchanges(r, y);
}

static void csv_field(FILE *f, const char *s)
{
	if (!strpbrk(s, ",\"\n")) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

static void write_csv(struct run *r, const struct testdecl *d, const struct tctx *c)
{
	if (!r->csv)
		return;
	char now[32];
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", &tm);
	for (size_t i = 0; i < c->nmeas; i++) {
		const struct meas *m = &c->meas[i];
		char v[64], lo[64] = "", hi[64] = "";
		num_format(m->value, v, sizeof v);
		if (m->has_lo)
			num_format(m->lo, lo, sizeof lo);
		if (m->has_hi)
			num_format(m->hi, hi, sizeof hi);
		csv_field(r->csv, d->id);
		fputc(',', r->csv);
		csv_field(r->csv, m->name);
		fprintf(r->csv, ",%s,", v);
		csv_field(r->csv, m->unit);
		fprintf(r->csv, ",%s,%s,%s,%s\n", lo, hi, m->pass ? "pass" : "fail", now);
	}
	fflush(r->csv);
}

int exec_test(struct run *r, struct suite *s, const struct testdecl *d, int num)
{
	struct tctx c = {.run = r, .suite = s, .decl = d};
	snprintf(r->current_test, sizeof r->current_test, "%s", d->id);
	trace_test_begin(r->trace, d->id);
	const char *miss = missing_role(r, d);
	if (miss) {
		c.dir = TAP_SKIP;
		snprintf(c.reason, sizeof c.reason, "role '%s' is not in the station", miss);
	} else {
		call_test(r, s, d, &c);
	}
	if (d->todo && c.dir == TAP_NONE) {
		c.dir = TAP_TODO;
		snprintf(c.reason, sizeof c.reason, "%s", d->todo);
	}
	struct sbuf y = {0};
	if (c.dir != TAP_SKIP)
		build_yaml(r, d, &c, &y);
	char desc[1024];
	snprintf(desc, sizeof desc, "%s: %s", d->id, d->title);
	int ok = c.dir == TAP_SKIP || c.nfail == 0;
	tap_point(r->tap, 4, ok, num, desc, c.dir, c.reason, sb_str(&y));
	if (c.dir != TAP_SKIP)
		write_csv(r, d, &c);
	if (c.dir == TAP_SKIP)
		r->counts.skip++;
	else if (c.dir == TAP_TODO)
		r->counts.todo++;
	else if (ok)
		r->counts.pass++;
	else
		r->counts.fail++;
	sb_free(&y);
	ltest_free(&c);
	r->current_test[0] = '\0';
	return ok || c.dir == TAP_TODO;
}
