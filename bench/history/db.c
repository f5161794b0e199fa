/* The index database: its schema, its lock, and making it anew when it is
 * missing or damaged (it is only an index: the run directories are the
 * evidence it is rebuilt from). */
#include "history.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

#define SCHEMA_VERSION "1"

static const char schema[] =
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;"
    "CREATE TABLE runs(id TEXT PRIMARY KEY, station TEXT, station_name TEXT,"
    " simulated INTEGER, dut_maker TEXT, dut_model TEXT, dut_serial TEXT,"
    " dut_firmware TEXT, started TEXT, finished TEXT, exit_code INTEGER,"
    " interrupted TEXT, bail_out TEXT, time_scale REAL, bench_version TEXT,"
    " bench_commit TEXT, pass INTEGER, fail INTEGER, skip INTEGER, todo INTEGER)"
    " WITHOUT ROWID;"
    "CREATE TABLE tests(run_id TEXT, seq INTEGER, suite TEXT, test_id TEXT,"
    " clause TEXT, title TEXT, verdict TEXT, duration REAL,"
    " PRIMARY KEY(run_id, seq)) WITHOUT ROWID;"
    "CREATE TABLE clauses(run_id TEXT, clause TEXT, verdict TEXT, tests INTEGER,"
    " PRIMARY KEY(run_id, clause)) WITHOUT ROWID;"
    "CREATE TABLE measurements(run_id TEXT, seq INTEGER, test_id TEXT, name TEXT,"
    " value TEXT, num REAL, unit TEXT, min TEXT, max TEXT, verdict TEXT, time TEXT,"
    " PRIMARY KEY(run_id, seq)) WITHOUT ROWID;"
    "CREATE INDEX tests_by_id ON tests(test_id);"
    "CREATE INDEX meas_by_test ON measurements(test_id, name);"
    "INSERT INTO meta VALUES('schema', '" SCHEMA_VERSION "');";

int hdb_err(struct hdb *h, struct err *e)
{
	return err_set(e, EXIT_USAGE, "%s: %s", h->path, sqlite3_errmsg(h->db));
}

int hdb_exec(struct hdb *h, const char *sql, struct err *e)
{
	char *msg = NULL;
	if (sqlite3_exec(h->db, sql, NULL, NULL, &msg) == SQLITE_OK)
		return 0;
	err_set(e, EXIT_USAGE, "%s: %s", h->path, msg ? msg : "error");
	sqlite3_free(msg);
	return -1;
}

/* Waits for the lock: an index update takes well under a second, and a
 * run that ends must not give up its index entry because another ended. */
static int take_lock(struct hdb *h, struct err *e)
{
	char p[4300];
	snprintf(p, sizeof p, "%s/%s.lock", h->dir, HISTORY_DB);
	h->lockfd = open(p, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
	if (h->lockfd < 0)
		return err_set(e, EXIT_USAGE, "%s: %s", p, strerror(errno));
	while (flock(h->lockfd, LOCK_EX) != 0)
		if (errno != EINTR) {
			err_set(e, EXIT_USAGE, "%s: %s", p, strerror(errno));
			close(h->lockfd);
			h->lockfd = -1;
			return -1;
		}
	return 0;
}

static void remove_db(struct hdb *h)
{
	char p[4300];
	unlink(h->path);
	snprintf(p, sizeof p, "%s-wal", h->path);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", h->path);
	unlink(p);
}

/* 1: a database of this schema; 0: empty (new); -1: anything else. */
static int check_schema(struct hdb *h)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(h->db, "SELECT count(*) FROM sqlite_master", -1, &st, NULL))
		return -1;
	int rc = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
	sqlite3_finalize(st);
	if (rc <= 0)
		return rc;
	if (sqlite3_prepare_v2(h->db, "SELECT value FROM meta WHERE key = 'schema'", -1, &st, NULL))
		return -1;
	rc = sqlite3_step(st) == SQLITE_ROW &&
	             strcmp((const char *)sqlite3_column_text(st, 0), SCHEMA_VERSION) == 0
	         ? 1
	         : -1;
	sqlite3_finalize(st);
	return rc;
}

static int open_db(struct hdb *h)
{
	if (sqlite3_open_v2(h->path, &h->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL))
		return -1;
	sqlite3_busy_timeout(h->db, 30000);
	/* WAL: a crash mid-update leaves the last committed index; NORMAL
	 * sync is enough for an index the run directories can rebuild. */
	if (sqlite3_exec(h->db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL", NULL, NULL,
	                 NULL))
		return -1;
	return check_schema(h);
}

int hdb_open(struct hdb *h, const char *outdir, struct err *e)
{
	memset(h, 0, sizeof *h);
	h->lockfd = -1;
	snprintf(h->dir, sizeof h->dir, "%s", outdir);
	snprintf(h->path, sizeof h->path, "%s/%s", outdir, HISTORY_DB);
	if (take_lock(h, e))
		return -1;
	struct stat sb;
	int existed = stat(h->path, &sb) == 0;
	int rc = open_db(h);
	if (rc < 0) {
		fprintf(stderr,
		        "bench: run index %s: %s: not an index of this bench; made anew "
		        "from the run directories\n",
		        h->path, h->db ? sqlite3_errmsg(h->db) : "cannot open");
		sqlite3_close(h->db);
		h->db = NULL;
		remove_db(h);
		rc = open_db(h);
	} else if (rc == 0 && existed && sb.st_size > 0) {
		fprintf(stderr, "bench: run index %s: empty; made from the run directories\n",
		        h->path);
	}
	if (rc < 0 || (rc == 0 && hdb_exec(h, schema, e))) {
		if (!e->code)
			hdb_err(h, e);
		hdb_close(h);
		return -1;
	}
	h->fresh = rc == 0;
	return 0;
}

void hdb_close(struct hdb *h)
{
	sqlite3_close(h->db);
	h->db = NULL;
	if (h->lockfd >= 0)
		close(h->lockfd);
	h->lockfd = -1;
}

static int is_run_dir(const char *dir, const char *name)
{
	char p[8300];
	snprintf(p, sizeof p, "%s/%s/run.json", dir, name);
	return name[0] != '.' && access(p, R_OK) == 0;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

int hdb_fill(struct hdb *h, struct err *e)
{
	struct dirent **ents;
	int n = scandir(h->dir, &ents, NULL, by_name);
	if (n < 0)
		return err_set(e, EXIT_USAGE, "%s: %s", h->dir, strerror(errno));
	int rc = hdb_exec(h,
	                  "BEGIN IMMEDIATE; DELETE FROM runs; DELETE FROM tests; "
	                  "DELETE FROM clauses; DELETE FROM measurements; "
	                  "DELETE FROM meta WHERE key LIKE 'sig:%'",
	                  e);
	for (int i = 0; i < n; i++) {
		char p[8300];
		snprintf(p, sizeof p, "%s/%s", h->dir, ents[i]->d_name);
		struct err ie = {0};
		if (!rc && is_run_dir(h->dir, ents[i]->d_name) && hdb_ingest(h, p, &ie))
			fprintf(stderr, "bench: run index: %s left out: %s\n", p, ie.msg);
		free(ents[i]);
	}
	free(ents);
	if (!rc)
		rc = hdb_exec(h, "COMMIT", e);
	return rc;
}
