#include "engine.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "bench/base/base.h"
#include "bench/record/record.h"
#include "bench/report/report.h"

static void iso_now(char *buf, size_t len)
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Run ids sort by start time; the suffix keeps parallel runs apart. */
static int make_dir(struct run *r, const char *outdir, struct err *e)
{
	if (mkdir_p(outdir))
		return err_set(e, EXIT_USAGE, "%s: %s", outdir, strerror(errno));
	for (int attempt = 0; attempt < 100; attempt++) {
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		struct tm tm;
		gmtime_r(&ts.tv_sec, &tm);
		char stamp[32];
		strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);
		snprintf(r->id, sizeof r->id, "%s-%04x", stamp,
		         (unsigned)((ts.tv_nsec / 1000 + getpid() + attempt) & 0xffff));
		snprintf(r->dir, sizeof r->dir, "%s/%s", outdir, r->id);
		if (mkdir(r->dir, 0755) == 0)
			return 0;
		if (errno != EEXIST)
			return err_set(e, EXIT_USAGE, "%s: %s", r->dir, strerror(errno));
	}
	return err_set(e, EXIT_USAGE, "%s: cannot make a unique run directory", outdir);
}

static FILE *open_in(struct run *r, const char *name, const char *mode, struct err *e)
{
	char p[4200];
	snprintf(p, sizeof p, "%s/%s", r->dir, name);
	FILE *f = fopen(p, mode);
	if (!f)
		err_set(e, EXIT_BAIL, "%s: %s", p, strerror(errno));
	return f;
}

void run_lost(struct run *r, const char *fmt, ...)
{
	if (atomic_exchange(&r->lost, 1)) /* the first loss is the reason; later ones follow */
		return;
	char why[400], reason[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(why, sizeof why, fmt, ap);
	va_end(ap);
	snprintf(reason, sizeof reason, "evidence lost: %s", why);
	run_bail(r, "%s", reason);
	fprintf(stderr, "bench: %s; the run stops here (exit 3)\n", reason);
	struct err e = {0};
	pthread_mutex_lock(&r->mu);
	int jerr = r->journal && journal_bail(r->journal, r->current_test, reason, &e);
	pthread_mutex_unlock(&r->mu);
	if (jerr)
		fprintf(stderr, "bench: the journal cannot record it either: %s\n", e.msg);
}

int runfiles_check(struct run *r)
{
	char name[64];
	int err = trace_error(r->trace), serr = syncer_error(r->sync, name, sizeof name);
	pthread_mutex_lock(&r->mu); /* --jobs: the sinks are written by whole suites */
	int tap_err = r->tap && r->tap->nsinks > 1 ? r->tap->err[1] : 0;
	pthread_mutex_unlock(&r->mu);
	if (err)
		run_lost(r, "trace.log: %s", trace_strerror(r->trace));
	else if (serr)
		run_lost(r, "%s: fsync: %s", name, strerror(serr));
	else if (tap_err)
		run_lost(r, "results.tap: %s", strerror(tap_err));
	return r->lost ? -1 : 0;
}

int runfiles_sync(struct run *r)
{
	syncer_now(r->sync);
	return runfiles_check(r);
}

static off_t trace_bytes(void *t)
{
	return trace_written(t);
}

/* Grouped fsync (docs/evidence.md "Kill -9 and power cuts"): the journal
 * last, since a point it holds must have its trace lines on disk too.
 * trace.log grows inside its length while a window is mapped: the trace
 * says what it holds. */
static int start_sync(struct run *r, struct err *e)
{
	if (!(r->sync = syncer_start(SYNC_PERIOD_MS, e)))
		return -1;
	journal_set_syncer(r->journal, r->sync);
	if (syncer_add(r->sync, trace_fd(r->trace), "trace.log", trace_bytes, r->trace) ||
	    syncer_add(r->sync, fileno(r->tap->sink[1]), "results.tap", NULL, NULL) ||
	    syncer_add(r->sync, fileno(r->csv), "measurements.csv", NULL, NULL) ||
	    syncer_add(r->sync, journal_fd(r->journal), "journal", NULL, NULL))
		return err_set(e, EXIT_BAIL, "%s: cannot sync the run files: %s", r->dir,
		               strerror(errno));
	return 0;
}

static int write_json(struct run *r, int code, struct err *e);

int runfiles_open(struct run *r, const char *outdir, struct err *e)
{
	if (!r->replay && make_dir(r, outdir, e))
		return -1;
	char who[128];
	snprintf(who, sizeof who, "bench run %s", r->id);
	if (!r->dir_lock.held && run_lock_dir(r, r->dir, who, e)) /* resume took it already */
		return -1;
	if (!r->start_time[0])
		iso_now(r->start_time, sizeof r->start_time);
	/* run.json first: from here on the run can be resumed. */
	if (!r->replay && write_json(r, -1, e))
		return -1;
	r->tap = calloc(1, sizeof *r->tap);
	if (!r->tap)
		return err_set(e, EXIT_USAGE, "out of memory");
	r->tap->sink[0] = stdout;
	r->tap->sink[1] = open_in(r, "results.tap", "w", e);
	r->tap->nsinks = 2;
	r->tap->version = r->tap_version;
	r->tap->secrets = r->secrets;
	r->csv = open_in(r, "measurements.csv", "w", e);
	char p[4200];
	snprintf(p, sizeof p, "%s/trace.log", r->dir);
	if (!r->tap->sink[1] || !r->csv || !(r->trace = trace_open_run(p, r->id, e)))
		return -1;
	trace_set_secrets(r->trace, r->secrets);
	snprintf(p, sizeof p, "%s/journal", r->dir);
	if (!(r->journal = journal_open(p, e)))
		return -1;
	journal_set_secrets(r->journal, r->secrets);
	if (start_sync(r, e))
		return -1;
	if (fputs("test_id,name,value,unit,min,max,verdict,time,elapsed,rule,uncertainty\n",
	          r->csv) < 0 ||
	    fflush(r->csv))
		return err_set(e, EXIT_BAIL, "%s/measurements.csv: %s", r->dir, strerror(errno));
	if (!r->start_time[0])
		iso_now(r->start_time, sizeof r->start_time);
	if (r->replay)
		trace_note(r->trace, "bench",
		           "resume %d of run %s: lines after the last finished point and before "
		           "this one belong to an interrupted point, which is run again",
		           r->resumes, r->id);
	if (trace_error(r->trace))
		return err_set(e, EXIT_BAIL, "%s/trace.log: %s", r->dir, trace_strerror(r->trace));
	return write_json(r, -1, e);
}

/* A JSON string: quotes, backslashes and control characters escaped, bytes
 * that are not UTF-8 (a file name, a --filter) written as U+FFFD. */
void json_value(struct sbuf *b, const char *v)
{
	sb_add(b, "\"", 1);
	for (size_t i = 0, n = strlen(v); i < n;) {
		unsigned char c = (unsigned char)v[i];
		size_t l = utf8_seq(v + i, n - i);
		if (c == '"' || c == '\\')
			sb_printf(b, "\\%c", c);
		else if (c < 0x20)
			sb_printf(b, "\\u%04x", c);
		else if (!l)
			sb_add(b, UTF8_REPLACEMENT, 3);
		else
			sb_add(b, v + i, l);
		i += l ? l : 1;
	}
	sb_add(b, "\"", 1);
}

static void json_str(struct sbuf *b, const char *k, const char *v, int last)
{
	sb_printf(b, "  \"%s\": ", k);
	if (v)
		json_value(b, v);
	else
		sb_add(b, "null", 4);
	sb_printf(b, "%s\n", last ? "" : ",");
}

/* "jobs" and, of a --jobs run, "side_by_side": the pairs of suites that
 * ran at the same time (docs/evidence.md), for the reports. */
static void json_side_by_side(struct sbuf *b, const struct run *r)
{
	sb_printf(b, "  \"jobs\": %d,\n", r->jobs > 1 ? r->jobs : 1);
	if (r->jobs <= 1)
		return;
	sb_printf(b, "  \"side_by_side\": [");
	for (size_t i = 0; i < r->noverlap; i++) {
		sb_printf(b, "%s\n    [", i ? "," : "");
		json_value(b, r->suite_paths[r->overlap[i][0]]);
		sb_add(b, ", ", 2);
		json_value(b, r->suite_paths[r->overlap[i][1]]);
		sb_add(b, "]", 1);
	}
	sb_printf(b, "%s],\n", r->noverlap ? "\n  " : "");
}

static int write_json(struct run *r, int code, struct err *e)
{
	struct sbuf b = {0};
	char end[32];
	iso_now(end, sizeof end);
	const struct dut *d = &r->st->dut;
	sb_add(&b, "{\n", 2);
	json_str(&b, "run_id", r->id, 0);
	json_str(&b, "started", r->start_time, 0);
	json_str(&b, "finished", code < 0 ? NULL : end, 0);
	char abs[PATH_MAX];
	json_str(&b, "station", realpath(r->st->path, abs) ? abs : r->st->path, 0);
	json_str(&b, "cwd", getcwd(abs, sizeof abs) ? abs : NULL, 0);
	json_str(&b, "filter", r->filter, 0);
	json_str(&b, "answers", r->answers_path, 0);
	sb_printf(&b, "  \"tap_version\": %d,\n", r->tap_version);
	sb_printf(&b, "  \"resumes\": %d,\n", r->resumes);
	sb_printf(&b, "  \"suites\": [");
	for (int i = 0; i < r->nsuites; i++) {
		sb_add(&b, i ? ", " : "", i ? 2 : 0);
		json_value(&b, r->suite_paths[i]); /* as given: they name the suites in TAP */
	}
	sb_printf(&b, "],\n");
	sb_printf(&b, "  \"suite_sha256\": {"); /* bench resume refuses a suite that changed */
	for (size_t i = 0; i < r->sources.n; i++) {
		sb_printf(&b, "%s\n    ", i ? "," : "");
		json_value(&b, r->sources.v[i].path);
		sb_printf(&b, ": \"%s\"", r->sources.v[i].sha);
	}
	sb_printf(&b, "%s},\n", r->sources.n ? "\n  " : "");
	json_side_by_side(&b, r);
	json_str(&b, "station_name", r->st->name, 0);
	json_str(&b, "lab", r->st->lab, 0);
	/* bench report keeps the run's language unless told otherwise */
	json_str(&b, "lang", r->lang ? r->lang : lang_name(lang_default()), 0);
	char fpr[80];
	snprintf(fpr, sizeof fpr, "sha256:%s", r->lab_fpr);
	json_str(&b, "lab_key_fingerprint", *r->lab_fpr ? fpr : NULL, 0);
	sb_printf(&b, "  \"simulated_station\": %s,\n", r->st->simulated ? "true" : "false");
	sb_printf(&b, "  \"time_scale\": %g,\n", r->time_scale);
	json_str(&b, "dut_maker", d->maker, 0);
	json_str(&b, "dut_model", d->model, 0);
	json_str(&b, "dut_serial", d->serial, 0);
	json_str(&b, "dut_firmware", d->firmware, 0);
	json_str(&b, "dut_class", d->class, 0);
	json_str(&b, "bench_version", BENCH_VERSION, 0);
	json_str(&b, "bench_commit", bench_commit(), 0);
	runjson_lab(r, &b); /* labjson.c: operator, decision rule, instruments */
	sb_printf(&b, "  \"counts\": {\"pass\": %d, \"fail\": %d, \"skip\": %d, \"todo\": %d},\n",
	          r->counts.pass, r->counts.fail, r->counts.skip, r->counts.todo);
	/* How a run that did not end by itself ended (docs/evidence.md): an
	 * interrupted one is resumable, its exit code notwithstanding. */
	json_str(&b, "interrupted",
	         code >= 0 && r->interrupted ? run_signal_name(r->interrupted) : NULL, 0);
	json_str(&b, "bail_out", code >= 0 && r->bailed ? r->bail_reason : NULL, 0);
	if (code < 0)
		sb_printf(&b, "  \"exit_code\": null\n}\n");
	else
		sb_printf(&b, "  \"exit_code\": %d\n}\n", code);
	/* Written aside and renamed: a kill never leaves half a run.json, which
	 * bench resume needs whole. */
	FILE *f = open_in(r, "run.json.tmp", "w", e);
	int rc = f && !b.oom ? 0 : -1, err = b.oom ? ENOMEM : 0;
	if (f) {
		fputs(sb_str(&b), f);
		rc |= fflush(f) | fsync(fileno(f));
		rc |= fclose(f);
		char from[4200], to[4200];
		snprintf(from, sizeof from, "%s/run.json.tmp", r->dir);
		snprintf(to, sizeof to, "%s/run.json", r->dir);
		rc |= rc ? 0 : rename(from, to);
		if (rc && !err)
			err = errno;
		if (rc)
			remove(from); /* the last whole run.json stays */
	}
	sb_free(&b);
	if (!rc)
		return 0;
	return f ? err_set(e, EXIT_BAIL, "%s/run.json: %s", r->dir, strerror(err ? err : EIO)) : -1;
}

/* results.tap and measurements.csv are whole only once closed. */
static int close_outputs(struct run *r, struct err *e)
{
	int rc = 0;
	if (r->tap && r->tap->nsinks > 1) {
		if (fclose(r->tap->sink[1]))
			rc = err_set(e, EXIT_BAIL, "%s/results.tap: %s", r->dir, strerror(errno));
		r->tap->nsinks = 1; /* stdout stays, for a late "Bail out!" */
	}
	if (r->csv && fclose(r->csv) && !rc)
		rc = err_set(e, EXIT_BAIL, "%s/measurements.csv: %s", r->dir, strerror(errno));
	r->csv = NULL;
	return rc;
}

/* The end of the run could not be written: it bails out after all, on stdout
 * too (after its TAP stream, which did not say so yet). */
static void lost_at_close(struct run *r, const struct err *e)
{
	int told = r->bailed;
	run_lost(r, "%s", e->msg);
	if (!told && r->tap)
		tap_bail(r->tap, r->bail_reason);
}

int runfiles_close(struct run *r, int code, struct err *e)
{
	struct err first = {0}, more = {0};
	char name[64];
	/* The reports read trace.log and the manifest hashes it: its lines
	 * only, not the rest of a window (later lines are write(2)s). */
	if (trace_settle(r->trace))
		err_set(&first, EXIT_BAIL, "trace.log: %s", trace_strerror(r->trace));
	else if (syncer_now(r->sync)) { /* the evidence is on disk before the reports */
		int err = syncer_error(r->sync, name, sizeof name);
		err_set(&first, EXIT_BAIL, "%s: fsync: %s", name, strerror(err));
	}
	if (first.code)
		lost_at_close(r, &first);
	else if (close_outputs(r, &first))
		lost_at_close(r, &first);
	if (write_json(r, r->lost ? EXIT_BAIL : code, first.code ? &more : &first))
		lost_at_close(r, first.code ? &more : &first);
	/* The reports and the signed manifest close every run. */
	char key[4096];
	const char *k =
	    r->st->lab_key ? station_path(r->st, r->st->lab_key, key, sizeof key) : NULL;
	if (!first.code && report_write(r->dir, k, r->secrets, &first)) {
		lost_at_close(r, &first);
		write_json(r, EXIT_BAIL, &more); /* best effort: the manifest no longer matches */
	}
	syncer_now(r->sync); /* a bail record, a last trace line */
	syncer_stop(r->sync);
	r->sync = NULL;
	journal_close(r->journal);
	r->journal = NULL;
	trace_close(r->trace);
	r->trace = NULL;
	free(r->tap);
	r->tap = NULL;
	if (!first.code)
		return 0;
	return err_set(e, EXIT_BAIL, "%s", first.msg);
}
