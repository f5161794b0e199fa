/* `bench runs`: the runs of the index, and how each test fared across them;
 * and the durations `bench plan` takes from earlier runs. */
#include "history.h"

#include <string.h>

#include "internal.h"

static const char *col(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);
	return s ? (const char *)s : "-";
}

static sqlite3_stmt *runs_of(struct hdb *h, const char *dut, struct err *e)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(h->db,
	                       "SELECT id, dut_serial, dut_model, dut_firmware, exit_code, pass, "
	                       "fail, skip, todo, time_scale FROM runs WHERE ?1 IS NULL OR "
	                       "dut_serial = ?1 ORDER BY started, id",
	                       -1, &st, NULL)) {
		hdb_err(h, e);
		return NULL;
	}
	if (dut)
		sqlite3_bind_text(st, 1, dut, -1, SQLITE_STATIC);
	return st;
}

static void runs_table(sqlite3_stmt *st, FILE *out)
{
	fprintf(out, "%-4s %-26s %-14s %-8s %4s %5s %5s %5s %5s %s\n", "#", "run", "DUT serial",
	        "firmware", "exit", "pass", "fail", "skip", "todo", "model");
	for (int n = 1; sqlite3_step(st) == SQLITE_ROW; n++)
		fprintf(out, "%-4d %-26s %-14s %-8s %4s %5s %5s %5s %5s %s%s\n", n, col(st, 0),
		        col(st, 1), col(st, 3), col(st, 4), col(st, 5), col(st, 6), col(st, 7),
		        col(st, 8), col(st, 2),
		        sqlite3_column_double(st, 9) != 1 ? " (SIMULATED)" : "");
	sqlite3_reset(st);
}

/* Each run's verdict of test and the values it measured. */
static int one_test(struct hdb *h, sqlite3_stmt *runs, const char *test, FILE *out, struct err *e)
{
	sqlite3_stmt *v, *m;
	if (sqlite3_prepare_v2(h->db,
	                       "SELECT group_concat(verdict, ',') FROM tests WHERE run_id = ?1 "
	                       "AND test_id = ?2",
	                       -1, &v, NULL) ||
	    sqlite3_prepare_v2(h->db,
	                       "SELECT name, value, unit, verdict FROM measurements WHERE run_id = "
	                       "?1 AND test_id = ?2 ORDER BY seq",
	                       -1, &m, NULL))
		return hdb_err(h, e);
	fprintf(out, "\ntest %s:\n", test);
	for (int n = 1; sqlite3_step(runs) == SQLITE_ROW; n++) {
		sqlite3_bind_text(v, 1, col(runs, 0), -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(v, 2, test, -1, SQLITE_STATIC);
		const char *verdict = sqlite3_step(v) == SQLITE_ROW ? col(v, 0) : "-";
		fprintf(out, "%-4d %-26s %-6s", n, col(runs, 0), verdict);
		sqlite3_reset(v);
		sqlite3_bind_text(m, 1, col(runs, 0), -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(m, 2, test, -1, SQLITE_STATIC);
		while (sqlite3_step(m) == SQLITE_ROW)
			fprintf(out, " %s=%s%s%s%s", col(m, 0), col(m, 1),
			        *col(m, 2) && strcmp(col(m, 2), "-") ? " " : "",
			        strcmp(col(m, 2), "-") ? col(m, 2) : "",
			        strcmp(col(m, 3), "fail") ? "" : " (FAIL)");
		sqlite3_reset(m);
		fputc('\n', out);
	}
	sqlite3_finalize(v);
	sqlite3_finalize(m);
	sqlite3_reset(runs);
	return 0;
}

int history_list(const char *outdir, const struct history_query *q, FILE *out, struct err *e)
{
	struct hdb h;
	if (hdb_open(&h, outdir, e))
		return -1;
	int rc = h.fresh ? hdb_fill(&h, e) : 0;
	sqlite3_stmt *runs = rc ? NULL : runs_of(&h, q->dut, e);
	if (runs) {
		runs_table(runs, out);
		if (q->test)
			rc = one_test(&h, runs, q->test, out, e);
		sqlite3_finalize(runs);
	} else {
		rc = -1;
	}
	hdb_close(&h);
	return rc;
}

int history_duration(const char *outdir, const char *station, double time_scale, const char *test,
                     double *secs)
{
	char p[4200];
	snprintf(p, sizeof p, "%s/%s", outdir, HISTORY_DB);
	sqlite3 *db;
	/* Read-only, no lock: a plan never changes the index. */
	if (sqlite3_open_v2(p, &db, SQLITE_OPEN_READONLY, NULL)) {
		sqlite3_close(db);
		return -1;
	}
	sqlite3_busy_timeout(db, 5000);
	sqlite3_stmt *st;
	int rc = -1;
	if (sqlite3_prepare_v2(db,
	                       "SELECT t.duration FROM tests t JOIN runs r ON r.id = t.run_id "
	                       "WHERE r.station = ?1 AND r.time_scale = ?2 AND t.test_id = ?3 "
	                       "ORDER BY r.started DESC, r.id DESC, t.seq DESC LIMIT 1",
	                       -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, station, -1, SQLITE_STATIC);
		sqlite3_bind_double(st, 2, time_scale);
		sqlite3_bind_text(st, 3, test, -1, SQLITE_STATIC);
		rc = sqlite3_step(st) == SQLITE_ROW;
		if (rc)
			*secs = sqlite3_column_double(st, 0);
		sqlite3_finalize(st);
	}
	sqlite3_close(db);
	return rc;
}
