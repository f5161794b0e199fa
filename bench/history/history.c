/* Keeping the index current: a run that ends, is resumed or has its reports
 * rebuilt is (re)indexed; `bench runs --rebuild` makes it from scratch. */
#include "history.h"

#include <libgen.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* The index of outdir with rundir in it (NULL: all of them, afresh). */
static int update(const char *outdir, const char *rundir, struct err *e)
{
	struct hdb h;
	if (hdb_open(&h, outdir, e))
		return -1;
	int rc;
	if (h.fresh || !rundir) {
		rc = hdb_fill(&h, e);
	} else {
		rc = hdb_exec(&h, "BEGIN IMMEDIATE", e);
		if (!rc && hdb_ingest(&h, rundir, e)) {
			hdb_exec(&h, "ROLLBACK", &(struct err){0});
			rc = -1;
		}
		if (!rc)
			rc = hdb_exec(&h, "COMMIT", e);
	}
	hdb_close(&h);
	return rc;
}

void history_add(const char *rundir)
{
	char a[4096], b[4096], rj[4200];
	snprintf(rj, sizeof rj, "%s/run.json", rundir);
	if (access(rj, F_OK))
		return; /* no run started there: nothing to index */
	snprintf(a, sizeof a, "%s", rundir);
	snprintf(b, sizeof b, "%s", rundir);
	struct err e = {0};
	if (update(dirname(a), b, &e))
		fprintf(stderr,
		        "bench: warning: run index not updated (the run's own files are whole): "
		        "%s\n",
		        e.msg);
}

int history_rebuild(const char *outdir, struct err *e)
{
	return update(outdir, NULL, e);
}
