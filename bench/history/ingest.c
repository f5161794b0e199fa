/* One run directory into the index: run.json, the journal's test points,
 * the clause verdicts and measurements.csv. Only the files are read, so the
 * index a run writes as it ends and one rebuilt later are the same. */
#include "history.h"

#include <errno.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "internal.h"
#include "bench/record/record.h"
#include "bench/report/report.h"

static sqlite3_stmt *prep(struct hdb *h, const char *sql, struct err *e)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(h->db, sql, -1, &st, NULL))
		hdb_err(h, e);
	return st;
}

/* Binds text, or NULL for a missing value. */
static void bind_s(sqlite3_stmt *st, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

/* Binds v as a number when all of it is one, else as NULL. */
static void bind_num(sqlite3_stmt *st, int i, const char *v)
{
	double d;
	if (v && num_parse(v, &d) == 0)
		sqlite3_bind_double(st, i, d);
	else
		sqlite3_bind_null(st, i);
}

static int step_done(struct hdb *h, sqlite3_stmt *st, struct err *e)
{
	int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : hdb_err(h, e);
	sqlite3_reset(st);
	return rc;
}

static const char *count_of(const struct runinfo *ri, const char *k)
{
	const struct ynode *c = ynode_get(ri->root, "counts");
	const struct ynode *n = c && c->kind == YN_MAP ? ynode_get(c, k) : NULL;
	return n && n->kind == YN_SCALAR ? n->str : NULL;
}

static int put_run(struct hdb *h, const struct runinfo *ri, const char *id, struct err *e)
{
	static const char *const str[] = {"station", "station_name", NULL};
	static const char *const dut[] = {"dut_maker", "dut_model", "dut_serial", "dut_firmware",
	                                  "started",   "finished",  NULL};
	sqlite3_stmt *st = prep(h,
	                        "INSERT INTO runs VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,"
	                        "?13,?14,?15,?16,?17,?18,?19,?20)",
	                        e);
	if (!st)
		return -1;
	int i = 1;
	bind_s(st, i++, id);
	for (int k = 0; str[k]; k++)
		bind_s(st, i++, runinfo_str(ri, str[k], NULL));
	sqlite3_bind_int(st, i++,
	                 strcmp(runinfo_str(ri, "simulated_station", "false"), "true") == 0);
	for (int k = 0; dut[k]; k++)
		bind_s(st, i++, runinfo_str(ri, dut[k], NULL));
	bind_num(st, i++, runinfo_str(ri, "exit_code", NULL));
	bind_s(st, i++, runinfo_str(ri, "interrupted", NULL));
	bind_s(st, i++, runinfo_str(ri, "bail_out", NULL));
	sqlite3_bind_double(st, i++, runinfo_time_scale(ri));
	bind_s(st, i++, runinfo_str(ri, "bench_version", NULL));
	bind_s(st, i++, runinfo_str(ri, "bench_commit", NULL));
	static const char *const cnt[] = {"pass", "fail", "skip", "todo", NULL};
	for (int k = 0; cnt[k]; k++)
		bind_num(st, i++, count_of(ri, cnt[k]));
	int rc = step_done(h, st, e);
	sqlite3_finalize(st);
	return rc;
}

static int put_tests(struct hdb *h, const char *dir, const char *id, struct err *e)
{
	char p[4200];
	snprintf(p, sizeof p, "%s/journal", dir);
	FILE *f = fopen(p, "r");
	if (!f)
		return errno == ENOENT ? 0 : err_set(e, EXIT_USAGE, "%s: %s", p, strerror(errno));
	sqlite3_stmt *st = prep(h, "INSERT INTO tests VALUES(?1,?2,?3,?4,?5,?6,?7,?8)", e);
	struct jrec r = {0};
	int rc = st ? 0 : -1, seq = 0, got;
	while (!rc && (got = journal_read(f, p, &r, e)) == 1) {
		if (r.kind != 'R')
			continue;
		bind_s(st, 1, id);
		sqlite3_bind_int(st, 2, ++seq);
		bind_s(st, 3, r.suite_path);
		bind_s(st, 4, r.id);
		bind_s(st, 5, r.clause);
		bind_s(st, 6, r.title);
		/* The point's outcome: a guard-band "fail" is inconclusive here. */
		bind_s(st, 7,
		       clause_point(r.verdict, r.tap) == POINT_INCONCLUSIVE ? "inconclusive"
		                                                            : r.verdict);
		sqlite3_bind_double(st, 8, r.dur);
		rc = step_done(h, st, e);
	}
	if (!rc && got < 0)
		rc = -1;
	jrec_free(&r);
	sqlite3_finalize(st);
	fclose(f);
	return rc;
}

/* Each clause's verdict by the report's rules, from its points' outcomes. */
static int put_clauses(struct hdb *h, const char *id, struct err *e)
{
	sqlite3_stmt *q = prep(h,
	                       "SELECT clause, sum(verdict = 'pass'), sum(verdict = 'fail'), "
	                       "sum(verdict IN ('skip', 'todo')), sum(verdict = 'inconclusive'), "
	                       "count(*) FROM tests WHERE run_id = ?1 GROUP BY clause",
	                       e);
	sqlite3_stmt *ins = q ? prep(h, "INSERT INTO clauses VALUES(?1,?2,?3,?4)", e) : NULL;
	int rc = ins ? 0 : -1;
	bind_s(q, 1, id);
	while (!rc && sqlite3_step(q) == SQLITE_ROW) {
		bind_s(ins, 1, id);
		bind_s(ins, 2, (const char *)sqlite3_column_text(q, 0));
		bind_s(ins, 3,
		       history_clause_verdict(sqlite3_column_int(q, 1), sqlite3_column_int(q, 2),
		                              sqlite3_column_int(q, 3), sqlite3_column_int(q, 4)));
		sqlite3_bind_int(ins, 4, sqlite3_column_int(q, 5));
		rc = step_done(h, ins, e);
	}
	sqlite3_finalize(q);
	sqlite3_finalize(ins);
	return rc;
}

static int put_row(struct hdb *h, sqlite3_stmt *st, const char *id, int seq, const char *f[CSV_N],
                   struct err *e)
{
	bind_s(st, 1, id);
	sqlite3_bind_int(st, 2, seq);
	bind_s(st, 3, f[CSV_TEST]);
	bind_s(st, 4, f[CSV_NAME]);
	bind_s(st, 5, f[CSV_VALUE]);
	bind_num(st, 6, f[CSV_VALUE]);
	bind_s(st, 7, f[CSV_UNIT]);
	bind_s(st, 8, *f[CSV_MIN] ? f[CSV_MIN] : NULL);
	bind_s(st, 9, *f[CSV_MAX] ? f[CSV_MAX] : NULL);
	bind_s(st, 10, f[CSV_VERDICT]);
	bind_s(st, 11, f[CSV_TIME]);
	return step_done(h, st, e);
}

static int put_measurements(struct hdb *h, const char *dir, const char *id, struct err *e)
{
	char p[4200];
	snprintf(p, sizeof p, "%s/measurements.csv", dir);
	FILE *f = fopen(p, "r");
	if (!f)
		return errno == ENOENT ? 0 : err_set(e, EXIT_USAGE, "%s: %s", p, strerror(errno));
	sqlite3_stmt *st =
	    prep(h, "INSERT INTO measurements VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)", e);
	char *line = NULL, *buf = malloc(65536);
	size_t cap = 0;
	int rc = st && buf ? 0 : -1, seq = 0;
	if (!buf && st)
		err_set(e, EXIT_USAGE, "out of memory");
	while (!rc && getline(&line, &cap, f) > 0) {
		const char *q = line, *fld[CSV_N];
		if (seq++ && csv_row(&q, buf, 65536, fld) >= CSV_N) /* row 1: the header */
			rc = put_row(h, st, id, seq - 1, fld, e);
	}
	free(line);
	free(buf);
	sqlite3_finalize(st);
	fclose(f);
	return rc;
}

static int forget(struct hdb *h, const char *id, struct err *e)
{
	static const char *const tabs[] = {"runs WHERE id", "tests WHERE run_id",
	                                   "clauses WHERE run_id", "measurements WHERE run_id",
	                                   NULL};
	for (int i = 0; tabs[i]; i++) {
		char sql[128];
		snprintf(sql, sizeof sql, "DELETE FROM %s = ?1", tabs[i]);
		sqlite3_stmt *st = prep(h, sql, e);
		if (!st)
			return -1;
		bind_s(st, 1, id);
		int rc = step_done(h, st, e);
		sqlite3_finalize(st);
		if (rc)
			return -1;
	}
	return 0;
}

/* What the run's rows are made of: size and mtime of run.json, journal and
 * measurements.csv. A run whose files are as indexed is not read again:
 * `bench report` of a million-point run would otherwise spend most of its
 * time putting the same rows back. */
static void files_sig(const char *rundir, char *out, size_t len)
{
	static const char *const files[] = {"run.json", "journal", "measurements.csv"};
	size_t n = 0;
	out[0] = 0;
	for (int i = 0; i < 3 && n < len; i++) {
		char p[4200];
		struct stat st = {0};
		snprintf(p, sizeof p, "%s/%s", rundir, files[i]);
		int there = stat(p, &st) == 0;
		n += (size_t)snprintf(out + n, len - n, "%lld:%lld.%09ld;",
		                      there ? (long long)st.st_size : -1LL,
		                      (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
	}
}

/* The signature recorded with the run (meta "sig:<id>"): 1 when it is sig
 * and the run's row is there (an index edited by hand is filled again). */
static int same_sig(struct hdb *h, const char *id, const char *sig, struct err *e)
{
	sqlite3_stmt *st = prep(h,
	                        "SELECT value FROM meta WHERE key = 'sig:' || ?1 AND "
	                        "EXISTS (SELECT 1 FROM runs WHERE id = ?1)",
	                        e);
	if (!st)
		return 0;
	bind_s(st, 1, id);
	int same = sqlite3_step(st) == SQLITE_ROW &&
	           strcmp((const char *)sqlite3_column_text(st, 0), sig) == 0;
	sqlite3_finalize(st);
	return same;
}

static int put_sig(struct hdb *h, const char *id, const char *sig, struct err *e)
{
	sqlite3_stmt *st = prep(h, "INSERT OR REPLACE INTO meta VALUES('sig:' || ?1, ?2)", e);
	if (!st)
		return -1;
	bind_s(st, 1, id);
	bind_s(st, 2, sig);
	int rc = step_done(h, st, e);
	sqlite3_finalize(st);
	return rc;
}

int hdb_ingest(struct hdb *h, const char *rundir, struct err *e)
{
	struct runinfo ri;
	if (runinfo_load(rundir, &ri, e))
		return -1;
	char copy[4096];
	snprintf(copy, sizeof copy, "%s", rundir);
	const char *id = runinfo_str(&ri, "run_id", basename(copy));
	char sig[256];
	files_sig(rundir, sig, sizeof sig);
	if (same_sig(h, id, sig, e)) {
		runinfo_free(&ri);
		return 0;
	}
	/* A savepoint: a run that cannot be read leaves none of its rows. */
	int rc = hdb_exec(h, "SAVEPOINT one_run", e);
	if (!rc && (forget(h, id, e) || put_run(h, &ri, id, e) || put_tests(h, rundir, id, e) ||
	            put_clauses(h, id, e) || put_measurements(h, rundir, id, e) ||
	            put_sig(h, id, sig, e))) {
		struct err ignore = {0};
		hdb_exec(h, "ROLLBACK TO one_run", &ignore);
		rc = -1;
	}
	if (hdb_exec(h, "RELEASE one_run", rc ? &(struct err){0} : e))
		rc = -1;
	runinfo_free(&ri);
	return rc;
}
