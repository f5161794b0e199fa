/* Checks of the test object `t`. Every check records a verdict; a failing
 * check fails the test but lets it go on, so one run shows every fault. */
#include "internal.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "bench/base/base.h"
#include "bench/lua/lualib.h"
#include "engine.h"

static const char END_TAG = 0; /* address identifies the end-of-test error */

int ltest_end(lua_State *L)
{
	lua_pushlightuserdata(L, (void *)&END_TAG);
	return lua_error(L);
}

int ltest_is_end(lua_State *L, int idx)
{
	return lua_touserdata(L, idx) == &END_TAG;
}

struct tctx *ltest_check(lua_State *L)
{
	return *(struct tctx **)luaL_checkudata(L, 1, "bench.test");
}

const char *ltest_text(lua_State *L, int idx)
{
	idx = lua_absindex(L, idx);
	size_t n;
	const char *s = lua_tolstring(L, idx, &n);
	if (!s || strlen(s) == n)
		return s;
	luaL_Buffer b;
	luaL_buffinit(L, &b);
	for (size_t i = 0; i < n; i++)
		if (s[i])
			luaL_addchar(&b, s[i]);
		else
			luaL_addstring(&b, "\\0");
	luaL_pushresult(&b);
	lua_replace(L, idx);
	return lua_tostring(L, idx);
}

/* The string argument at idx as ltest_text shows it; def when absent. */
static const char *text_arg(lua_State *L, int idx, const char *def)
{
	if (lua_isnoneornil(L, idx))
		return def;
	luaL_checkstring(L, idx);
	return ltest_text(L, idx);
}

/* "file:line" of the suite code that called the check, and in which
 * branch of t:parallel: the same line runs once per reader there. */
static void where(lua_State *L, char *buf, size_t len)
{
	luaL_where(L, 1);
	const char *w = lua_tostring(L, -1);
	size_t n = strlen(w);
	const char *branch = par_branch(L);
	snprintf(buf, len, "%.*s%s%s%s", (int)(n > 2 ? n - 2 : n), w, /* drop ": " */
	         branch ? " (branch " : "", branch ? branch : "", branch ? ")" : "");
	lua_pop(L, 1);
}

void ltest_fail(struct tctx *c, const char *what, const char *got, const char *expected,
                const char *at, const char *extra_key, const char *extra)
{
	if (c->nfail++ == 0)
		snprintf(c->message, sizeof c->message, "%s", what);
	yaml_kv_str(&c->failures, 2, "- check", what);
	if (got)
		yaml_kv_str(&c->failures, 4, "got", got);
	if (expected)
		yaml_kv_str(&c->failures, 4, "expected", expected);
	if (extra_key && extra)
		yaml_kv_str(&c->failures, 4, extra_key, extra);
	if (at)
		yaml_kv_str(&c->failures, 4, "at", at);
}

/* A failure of the DUT is journaled as it is seen: a run killed before the
 * test's point is written keeps it, and bench resume fails the test with it
 * again whatever the rerun sees (exec.c). The first SEEN_MAX of an attempt:
 * more add nothing to the verdict. */
#define SEEN_MAX 20
static void journal_seen(struct tctx *c, const char *what, const char *got, const char *exp,
                         const char *at)
{
	if (!c->run->journal || c->nfail > SEEN_MAX)
		return;
	char text[1400], red[1400];
	snprintf(text, sizeof text, "%s%s%s%s%s (%s)", what, got ? ": got " : "", got ? got : "",
	         exp ? ", expected " : "", exp ? exp : "", at);
	redact(c->run->secrets, text, red, sizeof red);
	sb_add(&c->seen, red, strlen(red) + 1);
	struct err e = {0};
	if (journal_failure(c->run->journal, c->decl->id, red, strlen(red), &e))
		run_bail(c->run, "%s", e.msg);
}

/* Records the outcome of a check at the caller's line; returns it to Lua.
 * dut: a failure is the DUT's (not t:inconclusive's, nor a condition's). */
static int verdict(lua_State *L, int pass, int dut, const char *what, const char *got,
                   const char *exp, const char *xkey, const char *x)
{
	struct tctx *c = ltest_check(L);
	c->nchecks++;
	if (!pass) {
		char at[256];
		where(L, at, sizeof at);
		ltest_fail(c, what, got, exp, at, xkey, x);
		if (dut)
			journal_seen(c, what, got, exp, at);
	}
	lua_pushboolean(L, pass);
	return 1;
}

static const char *what_arg(lua_State *L, int idx, const char *def)
{
	return text_arg(L, idx, def);
}

static int t_ok(lua_State *L)
{
	const char *what = what_arg(L, 3, "condition");
	const char *detail = text_arg(L, 4, NULL);
	return verdict(L, lua_toboolean(L, 2), 1, what, NULL, NULL, "detail", detail);
}

static int t_require(lua_State *L)
{
	t_ok(L);
	if (!lua_toboolean(L, -1))
		return ltest_end(L);
	return 1;
}

static int t_fail(lua_State *L)
{
	luaL_checkstring(L, 2);
	const char *msg = ltest_text(L, 2);
	return verdict(L, 0, 1, msg, NULL, NULL, "detail", text_arg(L, 3, NULL));
}

/* A check the test could not decide because its set-up failed (a climate
 * chamber that did not hold the condition), not the DUT: not ok, and when
 * every failure of the point is one, its clause is inconclusive, never
 * "does not conform" (docs/evidence.md). */
static int t_inconclusive(lua_State *L)
{
	struct tctx *c = ltest_check(L);
	luaL_checkstring(L, 2);
	const char *msg = ltest_text(L, 2);
	c->ninconclusive++;
	return verdict(L, 0, 0, msg, NULL, NULL, "detail", text_arg(L, 3, NULL));
}

/* t:inconclusive, then the test ends: what it goes on to check would rest on
 * something bench cannot know (a job the printer dropped, a key whose
 * algorithm bench cannot compute with). */
static int t_undecided(lua_State *L)
{
	t_inconclusive(L);
	return ltest_end(L);
}

static int t_eq(lua_State *L)
{
	const char *what = what_arg(L, 4, "value");
	int pass = lua_compare(L, 2, 3, LUA_OPEQ);
	luaL_tolstring(L, 2, NULL);
	const char *got = ltest_text(L, -1);
	luaL_tolstring(L, 3, NULL);
	const char *exp = ltest_text(L, -1);
	return verdict(L, pass, 1, what, got, exp, NULL, NULL);
}

/* Hex normalised: upper case, no spaces. Returns 0 on a non-hex string. */
static int norm_hex(const char *in, char *out, size_t cap)
{
	size_t o = 0;
	for (; *in; in++) {
		if (isspace((unsigned char)*in))
			continue;
		if (!isxdigit((unsigned char)*in) || o + 1 >= cap)
			return 0;
		out[o++] = (char)toupper((unsigned char)*in);
	}
	out[o] = '\0';
	return o % 2 == 0;
}

static int t_bytes(lua_State *L)
{
	size_t gl, el;
	const char *got = luaL_checklstring(L, 2, &gl), *exp = luaL_checklstring(L, 3, &el);
	const char *what = what_arg(L, 4, "bytes");
	size_t cap = strlen(got) + strlen(exp) + 2;
	char *g = malloc(cap), *x = malloc(cap);
	if (!g || !x) {
		free(g);
		free(x);
		return luaL_error(L, "out of memory");
	}
	/* A NUL byte would end the C string early: "9000\0junk" is not hex. */
	int ok = strlen(got) == gl && strlen(exp) == el && norm_hex(got, g, cap) &&
	         norm_hex(exp, x, cap);
	int pass = ok && strcmp(g, x) == 0;
	if (ok) {
		lua_pushstring(L, g);
		lua_pushstring(L, x);
	} else {
		lua_pushvalue(L, 2);
		lua_pushvalue(L, 3);
	}
	free(g);
	free(x);
	const char *gs = ltest_text(L, -2), *xs = ltest_text(L, -1);
	return verdict(L, pass, 1, what, gs, xs, NULL, ok ? NULL : "not hex");
}

static int t_match(lua_State *L)
{
	luaL_checkstring(L, 2);
	luaL_checkstring(L, 3);
	const char *what = what_arg(L, 4, "text");
	lua_getglobal(L, "string");
	lua_getfield(L, -1, "find");
	lua_pushvalue(L, 2);
	lua_pushvalue(L, 3);
	lua_call(L, 2, 1);
	int pass = !lua_isnil(L, -1);
	lua_pop(L, 2);
	const char *got = ltest_text(L, 2), *pat = ltest_text(L, 3);
	return verdict(L, pass, 1, what, got, pat, NULL, NULL);
}

/* Status word mask match: "61XX" accepts any second byte. */
static int sw_matches(const char *sw, const char *mask)
{
	if (strlen(sw) != 4 || strlen(mask) != 4)
		return 0;
	for (int i = 0; i < 4; i++)
		if (toupper((unsigned char)mask[i]) != 'X' &&
		    toupper((unsigned char)mask[i]) != toupper((unsigned char)sw[i]))
			return 0;
	return 1;
}

static int t_sw(lua_State *L)
{
	luaL_checktype(L, 2, LUA_TTABLE);
	const char *mask = luaL_checkstring(L, 3);
	const char *what = what_arg(L, 4, "status word");
	lua_getfield(L, 2, "sw");
	lua_getfield(L, 2, "apdu");
	lua_getfield(L, 2, "data");
	const char *sw = lua_tostring(L, -3), *apdu = lua_tostring(L, -2);
	const char *data = lua_tostring(L, -1);
	if (!sw)
		return luaL_argerror(L, 2, "not a transmit response (no sw field)");
	char x[1024];
	snprintf(x, sizeof x, "%s -> %s%s", apdu ? apdu : "?", data ? data : "", sw);
	return verdict(L, sw_matches(sw, mask), 1, what, sw, mask, "exchange", x);
}

/* Reads min/gt/max/lt, or equal with tol, from the table at 2 into m. */
static void read_limits(lua_State *L, struct meas *m)
{
	static const struct {
		const char *key;
		int hi, strict;
	} lim[] = {{"min", 0, 0}, {"gt", 0, 1}, {"max", 1, 0}, {"lt", 1, 1}};
	for (size_t i = 0; i < sizeof lim / sizeof lim[0]; i++) {
		lua_getfield(L, 2, lim[i].key);
		if (lua_isnumber(L, -1)) {
			*(lim[i].hi ? &m->hi : &m->lo) = lua_tonumber(L, -1);
			*(lim[i].hi ? &m->has_hi : &m->has_lo) = 1;
			*(lim[i].hi ? &m->hi_strict : &m->lo_strict) = lim[i].strict;
		}
		lua_pop(L, 1);
	}
	lua_getfield(L, 2, "equal");
	lua_getfield(L, 2, "tol");
	if (lua_isnumber(L, -2)) {
		double eq = lua_tonumber(L, -2), tol = luaL_optnumber(L, -1, 0);
		m->lo = eq - tol, m->hi = eq + tol, m->has_lo = m->has_hi = 1;
	}
	lua_pop(L, 2);
}

/* The measurement's entry in the test's YAML diagnostics. */
static void measure_yaml(struct sbuf *b, const struct meas *m)
{
	yaml_kv_str(b, 2, "- name", m->name);
	yaml_kv_num(b, 4, "value", m->value);
	yaml_kv_str(b, 4, "unit", m->unit);
	if (m->has_lo)
		yaml_kv_num(b, 4, m->lo_strict ? "gt" : "min", m->lo);
	if (m->has_hi)
		yaml_kv_num(b, 4, m->hi_strict ? "lt" : "max", m->hi);
	if (m->has_lo || m->has_hi) /* every limit check states its rule */
		yaml_kv_str(b, 4, "rule", meas_rule(m));
	if (m->instrument)
		yaml_kv_str(b, 4, "instrument", m->instrument);
	if (m->has_u)
		yaml_kv_num(b, 4, "uncertainty", m->u);
	yaml_kv_str(b, 4, "verdict", meas_verdict(m));
}

const char *meas_rule(const struct meas *m)
{
	return !m->has_lo && !m->has_hi ? "" : m->rule == RULE_GUARDED ? "guarded" : "simple";
}

const char *meas_verdict(const struct meas *m)
{
	return m->pass ? "pass" : m->inconclusive ? "inconclusive" : "fail";
}

void meas_numbers(const struct meas *m, char v[MEAS_NUM], char lo[MEAS_NUM], char hi[MEAS_NUM])
{
	num_format(m->value, v, MEAS_NUM);
	lo[0] = hi[0] = '\0';
	if (m->has_lo)
		num_format(m->lo, lo, MEAS_NUM);
	if (m->has_hi)
		num_format(m->hi, hi, MEAS_NUM);
}

/* "850 ms" and ">= 0 and <= 1000 ms" for a failed measurement. */
static void measure_texts(const struct meas *m, char *got, size_t glen, char *exp, size_t elen)
{
	char v[MEAS_NUM], lo[MEAS_NUM], hi[MEAS_NUM];
	meas_numbers(m, v, lo, hi);
	snprintf(got, glen, "%s %s", v, m->unit);
	snprintf(exp, elen, "%s%s%s%s%s %s", m->has_lo ? (m->lo_strict ? "> " : ">= ") : "", lo,
	         m->has_lo && m->has_hi ? " and " : "",
	         m->has_hi ? (m->hi_strict ? "< " : "<= ") : "", hi, m->unit);
}

/* The failure of a measurement in its guard band: inconclusive, not pass. */
static int inconclusive(lua_State *L, struct tctx *c, const struct meas *m)
{
	char what[512], got[128], exp[256], u[MEAS_NUM];
	num_format(m->u, u, sizeof u);
	if (m->has_u)
		snprintf(what, sizeof what,
		         "%s inconclusive: within the guard band (uncertainty %s %s of %s) of a "
		         "limit",
		         m->name, u, m->unit, m->instrument);
	else
		snprintf(what, sizeof what,
		         "%s inconclusive: guarded acceptance, but no instrument states an "
		         "uncertainty in %s",
		         m->name, m->unit);
	/* Expected: the acceptance zone, the limits pulled in by the guard band. */
	struct meas zone = *m;
	zone.lo += m->has_u ? m->u : 0;
	zone.hi -= m->has_u ? m->u : 0;
	measure_texts(&zone, got, sizeof got, exp, sizeof exp);
	c->ninconclusive++;
	return verdict(L, 0, 0, what, got, exp, NULL, NULL);
}

/* t:measure{name=, value=, unit=, min=, max=, lt=, gt=, equal=, tol=,
 * rule=, role=, instrument=, condition=} */
static int t_measure(lua_State *L)
{
	struct tctx *c = ltest_check(L);
	luaL_checktype(L, 2, LUA_TTABLE);
	struct meas m = {0};
	lua_getfield(L, 2, "name");
	lua_getfield(L, 2, "unit");
	lua_getfield(L, 2, "value");
	if (!lua_isstring(L, -3))
		return luaL_error(L, "measure: name is required");
	if (!lua_isnumber(L, -1))
		return luaL_error(L, "measure %s: value must be a number", lua_tostring(L, -3));
	m.value = lua_tonumber(L, -1);
	m.at = run_elapsed(c->run);
	/* condition=true: a measurement of the condition the test needs (a
	 * chamber's temperature), not of the DUT: out of limits it leaves the
	 * point undecided (t:inconclusive), never failed. */
	lua_getfield(L, 2, "condition");
	int condition = lua_toboolean(L, -1);
	lua_pop(L, 1);
	int top = lua_gettop(L);
	const char *name = ltest_text(L, top - 2), *unit = text_arg(L, top - 1, "");
	/* The Lua strings until the last check that may raise an error. */
	m.name = (char *)name;
	m.unit = (char *)unit;
	read_limits(L, &m);
	decide_setup(L, c, &m);
	m.name = strdup(name);
	m.unit = strdup(unit);
	lua_pop(L, 3);
	enum meas_outcome out = decide(&m);
	m.pass = out == MEAS_PASS;
	m.inconclusive = out == MEAS_INCONCLUSIVE;
	struct meas *grown = realloc(c->meas, (c->nmeas + 1) * sizeof *grown);
	if (grown) /* even when a strdup failed: realloc may have moved it */
		c->meas = grown;
	if (!grown || !m.name || !m.unit) {
		free(m.name);
		free(m.unit);
		return luaL_error(L, "out of memory");
	}
	c->meas[c->nmeas++] = m;
	measure_yaml(&c->measures, &m);
	if (m.pass) {
		c->nchecks++;
		lua_pushboolean(L, 1);
		return 1;
	}
	if (m.inconclusive)
		return inconclusive(L, c, &m);
	if (condition)
		c->ninconclusive++;
	char what[512], got[128], exp[256];
	snprintf(what, sizeof what,
	         isfinite(m.value) ? "%s out of limits" : "%s is not a finite number", m.name);
	measure_texts(&m, got, sizeof got, exp, sizeof exp);
	if (!isfinite(m.value) && !m.has_lo && !m.has_hi)
		snprintf(exp, sizeof exp, "a finite number");
	return verdict(L, 0, !condition, what, got, exp, NULL, NULL);
}

static int t_skip(lua_State *L)
{
	struct tctx *c = ltest_check(L);
	luaL_checkstring(L, 2);
	c->dir = TAP_SKIP;
	snprintf(c->reason, sizeof c->reason, "%s", ltest_text(L, 2));
	return ltest_end(L);
}

static int t_todo(lua_State *L)
{
	struct tctx *c = ltest_check(L);
	luaL_checkstring(L, 2);
	if (c->dir != TAP_SKIP) {
		c->dir = TAP_TODO;
		snprintf(c->reason, sizeof c->reason, "%s", ltest_text(L, 2));
	}
	return 0;
}

/* Whether the notes hold a line starting with the n bytes of text. */
static int has_line(const struct sbuf *b, const char *text, size_t n)
{
	for (size_t at = 0; at + n <= b->len; at++) {
		if ((at == 0 || b->s[at - 1] == '\n') && memcmp(b->s + at, text, n) == 0)
			return 1;
		const char *nl = memchr(b->s + at, '\n', b->len - at);
		if (!nl)
			break;
		at = (size_t)(nl - b->s);
	}
	return 0;
}

/* t:note(key, value). A note given again with the same value is kept
 * once; with another value it is kept as key_2, key_3, ... (a YAML map
 * holds each key once, and the later value is as much evidence). */
static int t_note(lua_State *L)
{
	struct tctx *c = ltest_check(L);
	const char *k = luaL_checkstring(L, 2);
	for (const char *p = k; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '_')
			return luaL_argerror(L, 2, "note keys are [A-Za-z0-9_]+");
	if (strcmp(k, "decision") == 0) /* the engine's: it makes a failure inconclusive */
		return luaL_argerror(L, 2, "note key 'decision' is reserved");
	int num = lua_type(L, 3) == LUA_TNUMBER;
	const char *text = num ? NULL : ltest_text(L, (luaL_tolstring(L, 3, NULL), -1));
	char key[128];
	struct sbuf line = {0};
	snprintf(key, sizeof key, "%s", k);
	for (int n = 2;; n++) {
		line.len = 0;
		if (num)
			yaml_kv_num(&line, 0, key, lua_tonumber(L, 3));
		else
			yaml_kv_str(&line, 0, key, text);
		if (line.oom || has_line(&c->notes, line.s, line.len))
			break; /* the same note again: kept once */
		if (!has_line(&c->notes, line.s, strlen(key) + 1)) { /* "key:" is free */
			sb_add(&c->notes, line.s, line.len);
			break;
		}
		snprintf(key, sizeof key, "%s_%d", k, n);
	}
	sb_free(&line);
	return 0;
}

/* t:key(id [, role]): a handle for key id of role (default "card") from the
 * station's key file; it prints as <key:ROLE/ID>, never as its value. */
static int t_key(lua_State *L)
{
	ltest_check(L);
	return lkeys_push_key(L, luaL_optstring(L, 3, "card"), luaL_checkstring(L, 2), -1);
}

static int t_index(lua_State *L)
{
	struct tctx *c = ltest_check(L);
	const char *k = luaL_checkstring(L, 2);
	if (strcmp(k, "id") == 0) {
		lua_pushstring(L, c->decl->id);
		return 1;
	}
	if (strcmp(k, "roles") == 0 || strcmp(k, "station") == 0) {
		lua_getfield(L, LUA_REGISTRYINDEX,
		             strcmp(k, "roles") == 0 ? "bench.roles" : "bench.station");
		return 1;
	}
	luaL_getmetafield(L, 1, "methods");
	lua_getfield(L, -1, k);
	return 1;
}

static const luaL_Reg methods[] = {
    {"ok", t_ok},
    {"require", t_require},
    {"fail", t_fail},
    {"inconclusive", t_inconclusive},
    {"undecided", t_undecided},
    {"eq", t_eq},
    {"bytes", t_bytes},
    {"match", t_match},
    {"sw", t_sw},
    {"measure", t_measure},
    {"skip", t_skip},
    {"todo", t_todo},
    {"note", t_note},
    {"ask", ltest_ask},
    {"key", t_key},
    {"checkpoint", ltest_checkpoint},
    {"restore", ltest_restore}, /* lcheckpoint.c */
    {"parallel", par_t_parallel},
    {"finally", ltest_finally}, /* lfinally.c */
    {"wait", lbench_wait},      /* lbench.c */
    {NULL, NULL},
};

void ltest_push(lua_State *L, struct tctx *ctx)
{
	*(struct tctx **)lua_newuserdatauv(L, sizeof ctx, 0) = ctx;
	if (luaL_newmetatable(L, "bench.test")) {
		luaL_newlib(L, methods);
		lua_setfield(L, -2, "methods");
		lua_pushcfunction(L, t_index);
		lua_setfield(L, -2, "__index");
	}
	lua_setmetatable(L, -2);
}

void ltest_free(struct tctx *c)
{
	sb_free(&c->failures);
	sb_free(&c->measures);
	sb_free(&c->notes);
	sb_free(&c->output);
	sb_free(&c->seen);
	for (size_t i = 0; i < c->nmeas; i++) {
		free(c->meas[i].name);
		free(c->meas[i].unit);
	}
	free(c->meas);
}
