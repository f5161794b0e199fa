/* Internal to bench/history: the index database and what goes into it. */
#ifndef BENCH_HISTORY_INTERNAL_H
#define BENCH_HISTORY_INTERNAL_H

#include <sqlite3.h>

#include "bench/base/base.h"

/* An open index, held under outdir/runs.sqlite.lock (flock: two runs ending
 * at once take turns; the kernel drops it if one dies). */
struct hdb {
	sqlite3 *db;
	int lockfd;
	int fresh; /* it was missing, corrupt or of another schema: rebuild it */
	char dir[4096];
	char path[4200];
};

/* Opens (creating) outdir's index under its lock. A file that is not a
 * database of this schema is said on stderr, removed and made anew, with
 * fresh set. */
int hdb_open(struct hdb *h, const char *outdir, struct err *e);
void hdb_close(struct hdb *h);
/* sqlite3_exec of sql, errors into e. */
int hdb_exec(struct hdb *h, const char *sql, struct err *e);
/* Fills the index from every run directory of h->dir, in one transaction. */
int hdb_fill(struct hdb *h, struct err *e);
/* (Re)indexes one run directory: its rows replace what the index held of
 * it. Call inside a transaction. */
int hdb_ingest(struct hdb *h, const char *rundir, struct err *e);
/* Writes h->dir/index.html (aside, then renamed). */
int hdb_index(struct hdb *h, struct err *e);
/* e from the connection's last error, naming the index. */
int hdb_err(struct hdb *h, struct err *e);

#endif
