/* Runs one declared test and turns what it recorded into a TAP point. */
#include "internal.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <lauxlib.h>

#include "bench/record/record.h"
#include "bench/lib/crypto/crypto.h"
#include "engine.h"
#include "bench/base/base.h"

static int traceback(lua_State *L)
{
	if (ltest_is_end(L, 1))
		return 1;
	const char *msg = ltest_text(L, 1);
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

/* Why the test does not apply to this station's DUT (its dut_class is
 * another's), in reason; 0 when it does. bench plan counts it alike. */
static int other_class(const struct run *r, const struct testdecl *d, char *reason, size_t len)
{
	const char *c = r->st->dut.class;
	if (testdecl_for_class(d, c))
		return 0;
	snprintf(reason, len, "for %s DUTs only (dut_class); this DUT's class is %s", d->dut_class,
	         c ? c : "not set (station dut: class:)");
	return 1;
}

double run_timeout(const struct run *r, const struct testdecl *d)
{
	double st = r && r->st->test_timeout > 0 ? r->st->test_timeout : 0;
	if (d && d->timeout > 0) /* a station may lengthen it (slow devices), never shorten */
		return d->timeout > st ? d->timeout : st;
	return st > 0 ? st : TEST_TIMEOUT_DEFAULT;
}

/* run(t) under a traceback handler and the test's timeout, then what it
 * set up put back, even after a timeout or a signal; a Lua error (the
 * timeout's too) fails the test. */
static void run_fn(lua_State *L, const struct testdecl *d, struct tctx *c, double limit,
                   double put_back)
{
	int base = lua_gettop(L);
	lua_pushcfunction(L, traceback);
	lua_rawgeti(L, LUA_REGISTRYINDEX, d->fn_ref);
	ltest_push(L, c);
	lhook_arm(L, limit);
	int rc = lua_pcall(L, 1, 0, base + 1);
	lhook_arm(L, 0);
	int top = lua_gettop(L);
	lfinally_run(L, c, put_back);
	lua_settop(L, top);
	if (rc != LUA_OK && !ltest_is_end(L, -1)) {
		const char *tb = lua_tostring(L, -1);
		char first[512];
		snprintf(first, sizeof first, "%.*s", (int)strcspn(tb ? tb : "", "\n"),
		         tb ? tb : "error object is not a string");
		char what[600];
		snprintf(what, sizeof what, "Lua error: %s", first);
		ltest_fail(c, what, NULL, NULL, NULL, "traceback", tb);
	}
	lua_settop(L, base);
}

/* A failure the test saw before bench stopped (replay_seen) stands, unless
 * its rerun saw the same again: a failure is told once (an attempt killed
 * after it saw one again journaled it twice). */
static void seen_before(void *arg, const char *text, size_t len)
{
	struct tctx *c = arg;
	const char *p = c->seen.s, *end = p ? p + c->seen.len : NULL;
	for (; p && p < end; p += strlen(p) + 1)
		if (strlen(p) == len && !memcmp(p, text, len))
			return;
	char what[1500];
	snprintf(what, sizeof what, "before bench stopped: %.*s", (int)len, text);
	ltest_fail(c, what, NULL, NULL, NULL, NULL, NULL);
	sb_add(&c->seen, text, len);
	sb_add(&c->seen, "", 1);
	c->carried++;
}

/* Runs the test as its current one: its rest first where bench resume
 * found the run died in it with the station changed (a rest that raised
 * there keeps run from running), then run. */
static void call_test(struct run *r, struct suite *s, const struct testdecl *d, struct tctx *c)
{
	lua_State *L = s->L;
	lua_pushlightuserdata(L, c);
	lua_setfield(L, LUA_REGISTRYINDEX, LTEST_CURRENT);
	double limit = run_timeout(r, d),
	       put_back = limit < FINALLY_TIMEOUT ? limit : FINALLY_TIMEOUT;
	int resumed = lfinally_was_left(r->finally_left, d->id);
	if (!lfinally_rest(L, c, d->rest_ref, resumed, put_back))
		run_fn(L, d, c, limit, put_back);
	lua_pushnil(L);
	lua_setfield(L, LUA_REGISTRYINDEX, LTEST_CURRENT);
}

/* The test's last exchanges; side by side (--jobs) only those of its
 * suite's roles, not its neighbour's. */
static void add_exchanges(struct run *r, const struct suite *s, unsigned long since, struct sbuf *y)
{
	char *lines[12];
	const struct roleset *rs = s->lane ? &s->roles : NULL;
	size_t n = trace_recent(r->trace, since, rs ? rs->v : NULL, rs ? rs->n : 0, lines, 12);
	if (n)
		yaml_key(y, 0, "exchanges");
	for (size_t i = 0; i < n; i++) {
		sb_add(y, "  - ", 4);
		yaml_quote(y, lines[i], strlen(lines[i]));
		sb_add(y, "\n", 1);
		free(lines[i]);
	}
}

static void build_yaml(struct run *r, const struct suite *s, unsigned long since,
                       const struct testdecl *d, struct tctx *c, struct sbuf *y)
{
	if (c->nfail) {
		yaml_kv_str(y, 0, "message", c->message);
		yaml_kv_str(y, 0, "severity", c->dir == TAP_TODO ? "todo" : "fail");
		/* Every failure a measurement in its guard band or a check the
		 * set-up could not decide (t:inconclusive): the point is not ok,
		 * and the clause inconclusive (docs/evidence.md). */
		if (c->nfail == c->ninconclusive)
			yaml_kv_str(y, 0, "decision", "inconclusive");
	}
	if (!c->nfail && !c->nmeas && !c->notes.len && !c->output.len)
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
	if (c->output.len) {
		yaml_key(y, 0, "output");
		sb_add(y, sb_str(&c->output), c->output.len);
	}
	if (c->nfail)
		add_exchanges(r, s, since, y);
}

/* One field of measurements.csv (RFC 4180): quoted when it holds a comma or
 * a quote; a control character becomes a space (one row, one line) and a
 * byte that is not UTF-8 U+FFFD, so the file is always valid UTF-8 text. */
static void csv_field(FILE *f, const char *s)
{
	int quote = strpbrk(s, ",\"") != NULL;
	if (quote)
		fputc('"', f);
	for (size_t i = 0, n = strlen(s); i < n;) {
		unsigned char c = (unsigned char)s[i];
		size_t l = utf8_seq(s + i, n - i);
		if (c == '"')
			fputs("\"\"", f);
		else if (c < 0x20 || c == 0x7F)
			fputc(' ', f);
		else if (!l)
			fputs(UTF8_REPLACEMENT, f);
		else
			fwrite(s + i, 1, l, f);
		i += l ? l : 1;
	}
	if (quote)
		fputc('"', f);
}

static void write_csv(FILE *csv, const struct testdecl *d, const struct tctx *c)
{
	char now[32];
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", &tm);
	for (size_t i = 0; i < c->nmeas; i++) {
		const struct meas *m = &c->meas[i];
		char v[MEAS_NUM], lo[MEAS_NUM], hi[MEAS_NUM];
		meas_numbers(m, v, lo, hi);
		csv_field(csv, d->id);
		fputc(',', csv);
		csv_field(csv, m->name);
		fprintf(csv, ",%s,", v);
		csv_field(csv, m->unit);
		fprintf(csv, ",%s,%s,%s,%s,%.6f,%s,", lo, hi, meas_verdict(m), now, m->at,
		        meas_rule(m));
		if (m->has_u)
			fprintf(csv, "%.6g", m->u);
		fputc('\n', csv);
	}
}

/* Writes a finished point (fresh or replayed) to results.tap, stdout,
 * measurements.csv and the LAVA stream, and counts it. */
static void emit_point(struct run *r, const struct suite *s, const struct jrec *j)
{
	struct tap *tap = lane_tap(r, s);
	for (int i = 0; i < tap->nsinks; i++) {
		FILE *f = tap->sink[i];
		if ((fwrite(j->tap, 1, j->taplen, f) != j->taplen || fflush(f)) && !tap->err[i])
			tap->err[i] = errno ? errno : EIO; /* runfiles_check ends the run */
	}
	pthread_mutex_lock(&r->mu); /* suites side by side share the file and the counts */
	int csv_err =
	    r->csv && (fwrite(j->csv, 1, j->csvlen, r->csv) != j->csvlen || fflush(r->csv))
	        ? (errno ? errno : EIO)
	        : 0;
	if (strcmp(j->verdict, "skip") == 0)
		r->counts.skip++;
	else if (strcmp(j->verdict, "todo") == 0)
		r->counts.todo++;
	else if (strcmp(j->verdict, "pass") == 0)
		r->counts.pass++;
	else
		r->counts.fail++;
	pthread_mutex_unlock(&r->mu);
	if (csv_err)
		run_lost(r, "measurements.csv: %s", strerror(csv_err));
	if (r->lava && lava_point(lane_stdout(s), j, r->secrets))
		run_bail(r, "out of memory writing the LAVA signals of %s", j->id);
	if (j->bail && *j->bail && !r->bailed)
		run_bail(r, "%s", j->bail);
}

/* Writes the TAP point to a buffer instead of the sinks, so the same bytes
 * go to the journal first and to the sinks after. */
static char *capture_point(struct run *r, int ok, int num, const char *desc, const struct tctx *c,
                           const char *yaml, size_t *len)
{
	char *buf = NULL;
	FILE *m = open_memstream(&buf, len);
	if (!m)
		return NULL;
	struct tap t = {
	    .sink = {m}, .nsinks = 1, .version = r->tap->version, .secrets = r->secrets};
	tap_point(&t, 4, ok, num, desc, c->dir, c->reason, yaml);
	if (fclose(m)) {
		free(buf);
		return NULL;
	}
	return buf;
}

static char *capture_csv(const struct testdecl *d, const struct tctx *c, size_t *len)
{
	char *buf = NULL;
	FILE *m = open_memstream(&buf, len);
	if (!m)
		return NULL;
	if (c->dir != TAP_SKIP)
		write_csv(m, d, c);
	if (fclose(m)) {
		free(buf);
		return NULL;
	}
	return buf;
}

static const char *verdict(const struct tctx *c, int ok)
{
	return c->dir == TAP_SKIP ? "skip" : c->dir == TAP_TODO ? "todo" : ok ? "pass" : "fail";
}

/* Journals the point (fsync'd), then writes it out. */
static int finish(struct run *r, int sidx, const struct suite *s, const struct testdecl *d,
                  struct tctx *c, int num, int ok, const char *yaml, double t0)
{
	char desc[1024], title[2048];
	snprintf(desc, sizeof desc, "%s: %s", d->id, d->title);
	/* The journal carries both titles, split on a US (record.h) */
	snprintf(title, sizeof title, "%s%s%s", d->title, d->title_zh ? "\x1f" : "",
	         d->title_zh ? d->title_zh : "");
	struct jrec j = {.kind = 'R',
	                 .suite = sidx,
	                 .num = num,
	                 .ok = ok || c->dir == TAP_TODO,
	                 .dur = run_mono() - t0,
	                 .suite_path = s->path,
	                 .id = (char *)d->id,
	                 .clause = (char *)d->clause,
	                 .title = title,
	                 .bail = r->bailed ? r->bail_reason : ""};
	snprintf(j.verdict, sizeof j.verdict, "%s", verdict(c, ok));
	j.tap = capture_point(r, ok, num, desc, c, yaml, &j.taplen);
	j.csv = capture_csv(d, c, &j.csvlen);
	if (r->secrets && j.csv) { /* before journal and sinks (the TAP writer redacts its own) */
		char *csv = redact_dup(r->secrets, j.csv);
		free(j.csv);
		j.csv = csv;
		j.csvlen = csv ? strlen(csv) : 0;
	}
	if (!j.tap || !j.csv)
		run_bail(r, "out of memory writing the result of %s", d->id);
	/* A point whose exchanges did not all reach trace.log, or which the
	 * journal did not take, has no verdict: the run ends before it. */
	struct err e = {0};
	int kept = j.tap && j.csv && !runfiles_check(r);
	pthread_mutex_lock(&r->mu); /* one journal, records whole, for every suite */
	int jerr = kept && r->journal && journal_append(r->journal, &j, &e);
	pthread_mutex_unlock(&r->mu);
	if (jerr) {
		run_lost(r, "journal: %s", e.msg);
		kept = 0;
	}
	if (kept) {
		emit_point(r, s, &j);
		/* A long point's verdict is on disk before the next begins; short
		 * ones are synced in groups (docs/evidence.md). */
		if (j.dur * 1000 >= SYNC_PERIOD_MS)
			runfiles_sync(r);
		else
			runfiles_check(r);
	}
	free(j.tap);
	free(j.csv);
	return kept && j.ok;
}

/* A signal ends the run in (or before) test d. The point is not journaled,
 * so bench resume runs it again; where the test was stopped (ran: its
 * run() was called) goes to the Bail out! line and trace.log. */
static int interrupt(struct run *r, const struct suite *s, const struct testdecl *d, int ran)
{
	int sig = run_signal();
	const char *at = ran ? lhook_where(s->L) : "";
	r->interrupted = sig;
	run_bail(r, "interrupted by %s %s %s%s%s", run_signal_name(sig), ran ? "in" : "before",
	         d->id, *at ? " at " : "", at);
	trace_note(r->trace, "bench", "%s; the point is not journaled: bench resume runs it again",
	           r->bail_reason);
	run_set_current(r, "");
	return 0;
}

int exec_test(struct run *r, struct suite *s, int sidx, const struct testdecl *d, int num)
{
	if (run_signal())
		return interrupt(r, s, d, 0);
	if (r->lava) /* before the point's own lines: LAVA links them to the case */
		lava_case_start(lane_stdout(s), d->id, r->secrets);
	const struct jrec *old = replay_match(r->replay, sidx, d->id, r->secrets);
	if (old) {
		run_clock_replay(r, old->csv);
		emit_point(r, s, old);
		runfiles_check(r);
		return old->ok;
	}
	if (replay_bail(r->replay)) { /* the run ended here, it lost evidence */
		run_bail(r, "%s", replay_bail(r->replay));
		return 0;
	}
	double t0 = run_mono();
	struct tctx c = {.run = r, .suite = s, .decl = d};
	run_set_current(r, d->id);
	unsigned long since = trace_test_begin(r->trace, d->id);
	const struct roleset *rs = s->lane ? &s->roles : NULL;
	/* Another class's test first: its roles are beside the point. */
	const char *miss = missing_role(r, d);
	if (other_class(r, d, c.reason, sizeof c.reason)) {
		c.dir = TAP_SKIP;
	} else if (miss) {
		c.dir = TAP_SKIP;
		snprintf(c.reason, sizeof c.reason, "role '%s' is not in the station", miss);
	} else {
		lbench_health_begin(r, rs);
		/* A test that has the whole station holds simulated time on a
		 * leash: it stands still while the run does (simclock.c). */
		if (r->clock && d->exclusive)
			simclock_leash(r->clock, 1);
		call_test(r, s, d, &c);
		if (r->clock && d->exclusive)
			simclock_leash(r->clock, 0);
		replay_seen(r->replay, d->id, r->secrets, seen_before, &c);
		if (c.carried)
			trace_note(r->trace, "bench",
			           "%s: %d failure(s) seen before bench stopped stand", d->id,
			           c.carried);
		if (!run_signal())
			lbench_health_end(r, rs);
	}
	if (run_signal()) {
		ltest_free(&c);
		return interrupt(r, s, d, !miss);
	}
	/* A skip after a failed check (t:skip, an operator step with no
	 * answer) would hide the failure: the point fails, the skip noted. */
	if (c.dir == TAP_SKIP && c.nfail > 0) {
		c.dir = TAP_NONE;
		yaml_kv_str(&c.notes, 0, "skipped_after_failure", c.reason);
		c.reason[0] = '\0';
	}
	if (d->todo && c.dir == TAP_NONE) {
		c.dir = TAP_TODO;
		snprintf(c.reason, sizeof c.reason, "%s", d->todo);
	}
	/* A pass is earned by a check: a test that ran to its end without making
	 * one (an empty loop, a forgotten t:ok) has shown nothing. */
	if (c.dir == TAP_NONE && !c.nchecks && !c.nfail) {
		char at[4200];
		snprintf(at, sizeof at, "%s:%d", s->path, d->line);
		ltest_fail(&c, "no check made", NULL, NULL, at, NULL, NULL);
	}
	if (lfinally_was_left(r->finally_left, d->id)) {
		char note[256];
		snprintf(note, sizeof note,
		         "the run died in this test with the station changed and its t:finally not "
		         "run; %s",
		         c.rested > 0   ? "its rest put the station back before it ran again"
		         : c.rested < 0 ? "its rest failed, so it did not run again"
		                        : "bench resume warned to check the station");
		yaml_kv_str(&c.notes, 0, "station_left", note);
	}
	struct sbuf y = {0};
	if (c.dir != TAP_SKIP)
		build_yaml(r, s, since, d, &c, &y);
	int ok = c.dir == TAP_SKIP || c.nfail == 0;
	int rc = finish(r, sidx, s, d, &c, num, ok, sb_str(&y), t0);
	sb_free(&y);
	ltest_free(&c);
	run_set_current(r, "");
	return rc;
}
