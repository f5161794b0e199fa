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

#define MATRIX_RUNS 12

static char letter(sqlite3_stmt *v)
{
	if (sqlite3_step(v) != SQLITE_ROW)
		return '-';
	const char *s = col(v, 0);
	return strcmp(s, "pass") == 0   ? 'P'
	       : strcmp(s, "fail") == 0 ? 'F'
	       : strcmp(s, "skip") == 0 ? 'S'
	                                : 'T';
}

/* Every test's verdict in each of the last MATRIX_RUNS runs listed, one
 * letter per run (P pass, F fail, S skip, T todo, - not run), so what
 * changed between runs shows in one screen. */
static int matrix(struct hdb *h, sqlite3_stmt *runs, FILE *out, struct err *e)
{
	char ids[MATRIX_RUNS][64];
	int n = 0, total = 0;
	while (sqlite3_step(runs) == SQLITE_ROW)
		snprintf(ids[total++ % MATRIX_RUNS], sizeof ids[0], "%s", col(runs, 0));
	sqlite3_reset(runs);
	n = total < MATRIX_RUNS ? total : MATRIX_RUNS;
	int first = total - n; /* run number - 1 of the first column */
	sqlite3_stmt *t, *v;
	if (sqlite3_prepare_v2(h->db,
	                       "SELECT DISTINCT test_id FROM tests WHERE run_id IN "
	                       "(SELECT value FROM json_each(?1)) ORDER BY test_id",
	                       -1, &t, NULL) ||
	    sqlite3_prepare_v2(h->db,
	                       "SELECT verdict FROM tests WHERE run_id = ?1 AND test_id = ?2 "
	                       "ORDER BY seq DESC LIMIT 1",
	                       -1, &v, NULL))
		return hdb_err(h, e);
	char json[MATRIX_RUNS * 70 + 4] = "[";
	for (int i = 0; i < n; i++)
		snprintf(json + strlen(json), sizeof json - strlen(json), "%s\"%s\"", i ? "," : "",
		         ids[(first + i) % MATRIX_RUNS]);
	strcat(json, "]");
	sqlite3_bind_text(t, 1, json, -1, SQLITE_STATIC);
	fprintf(out,
	        "\nverdicts per test, runs %d..%d (P pass, F fail, S skip, T todo, - not run):\n",
	        first + 1, total);
	while (sqlite3_step(t) == SQLITE_ROW) {
		fprintf(out, "%-40s", col(t, 0));
		for (int i = 0; i < n; i++) {
			sqlite3_bind_text(v, 1, ids[(first + i) % MATRIX_RUNS], -1, SQLITE_STATIC);
			sqlite3_bind_text(v, 2, col(t, 0), -1, SQLITE_TRANSIENT);
			fprintf(out, " %c", letter(v));
			sqlite3_reset(v);
		}
		fputc('\n', out);
	}
	sqlite3_finalize(t);
	sqlite3_finalize(v);
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
		rc = q->test ? one_test(&h, runs, q->test, out, e) : matrix(&h, runs, out, e);
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
