/* A station left changed by a run that died (docs/evidence.md "Resume
 * after a crash, kill -9 or power loss"). While a test has the station
 * changed (from its first t:finally until they have run), a marker says so:
 * <state>/station-left/<station>/test-<id>, holding the run's directory.
 * SIGKILL, a crash or a power cut leave it, and unlike a lock it outlives a
 * reboot. It is the station's, not a --out directory's: a run that writes
 * its reports elsewhere is refused all the same. bench resume of that run puts
 * the station back (the test's rest, lfinally.c) and its put-back removes
 * the marker; any other run on that station refuses to start while one is
 * there, unless told the station was checked by hand (--station-checked). */
#include "internal.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench/base/base.h"
#include "bench/record/record.h"
#include "engine.h"

/* A marker's name: the prefix and the test id (an id may begin with a dot). */
#define PREFIX "test-"

/* The run directory a marker holds, in run, and why a put-back that
 * failed left it (its second line), in why ("" for a run that died). */
static void marker_read(const char *path, char *run, size_t len, char *why, size_t wlen)
{
	FILE *f = fopen(path, "r");
	if (f && fgets(run, (int)len, f) && !fgets(why, (int)wlen, f))
		why[0] = '\0';
	if (f)
		fclose(f);
	run[strcspn(run, "\n")] = why[strcspn(why, "\n")] = '\0';
}

/* The markers in dir: each of another run listed in `found`, or, with a
 * run started with --station-checked, removed and said in `cleared`. r:
 * the run (NULL: bench check), whose resume skips its own. */
static int scan(const char *dir, struct run *r, struct sbuf *found, struct sbuf *cleared,
                struct err *e)
{
	DIR *d = opendir(dir);
	if (!d)
		return errno == ENOENT ? 0 : err_set(e, EXIT_USAGE, "%s: %s", dir, strerror(errno));
	struct dirent *de;
	while ((de = readdir(d))) {
		if (strncmp(de->d_name, PREFIX, strlen(PREFIX)))
			continue; /* ., .. */
		const char *id = de->d_name + strlen(PREFIX);
		char path[4600], run[4200] = "?", why[600] = "";
		snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
		marker_read(path, run, sizeof run, why, sizeof why);
		if (r && r->replay && strcmp(run, r->dir) == 0 &&
		    lfinally_was_left(r->finally_left, id))
			continue; /* the test it died in: this resume puts it back (run.c) */
		if (r && r->station_checked && unlink(path) == 0)
			sb_printf(cleared, "%s%s (run %s)", cleared->len ? ", " : "", id, run);
		else if (why[0])
			sb_printf(found, "\n  %s, in run %s: %s (check the station by hand)", id,
			          run, why);
		else
			sb_printf(found, "\n  %s, in run %s", id, run);
	}
	closedir(d);
	return 0;
}

/* The error naming what was found (freed here), or 0 when nothing was. */
static int refuse(const struct station *st, struct sbuf *found, struct err *e)
{
	int rc = 0;
	if (found->len)
		rc = err_set(
		    e, EXIT_USAGE,
		    "station %s: a run died with it changed (a test's t:finally never "
		    "ran), or a test's put-back failed:%s\n`bench resume` of that run puts it "
		    "back (the test's rest) and "
		    "finishes it; or put the station back by hand and run with "
		    "--station-checked",
		    st->path, sb_str(found));
	sb_free(found);
	return rc;
}

/* Where a station's markers live: a place a reboot keeps, the same for
 * every --out: $BENCH_STATE_DIR, else $XDG_STATE_HOME/bench, else
 * /var/lib/bench for root, else ~/.local/state/bench. */
static void marks_dir(const struct station *st, char *buf, size_t len)
{
	char hash[SHA256_HEX];
	station_hash(st, hash);
	const char *own = getenv("BENCH_STATE_DIR"), *xdg = getenv("XDG_STATE_HOME");
	const char *home = getenv("HOME");
	if (own && *own)
		snprintf(buf, len, "%s/station-left/%.16s", own, hash);
	else if (xdg && *xdg)
		snprintf(buf, len, "%s/bench/station-left/%.16s", xdg, hash);
	else if (geteuid() == 0 || !home || !*home)
		snprintf(buf, len, "/var/lib/bench/station-left/%.16s", hash);
	else
		snprintf(buf, len, "%s/.local/state/bench/station-left/%.16s", home, hash);
}

int leftmark_station(const struct station *st, struct err *e)
{
	char dir[4200];
	struct sbuf found = {0};
	if (!st->nroles)
		return 0; /* no device a test could have left changed */
	marks_dir(st, dir, sizeof dir);
	return scan(dir, NULL, &found, NULL, e) ? -1 : refuse(st, &found, e);
}

int leftmark_check(struct run *r, struct err *e)
{
	struct sbuf found = {0};
	if (!r->st->nroles)
		return 0;
	marks_dir(r->st, r->left_dir, sizeof r->left_dir);
	if (scan(r->left_dir, r, &found, &r->left_cleared, e))
		return -1;
	return refuse(r->st, &found, e);
}

void leftmark_set(struct run *r, const char *id, const char *why)
{
	if (!r->left_dir[0])
		return;
	char path[4600];
	snprintf(path, sizeof path, "%s/" PREFIX "%s", r->left_dir, id);
	/* Written in place: a marker cut short by a kill still marks (its run
	 * then reads "?"), where a temporary file would be one more name. */
	FILE *f = mkdir_p(r->left_dir) ? NULL : fopen(path, "w");
	int ok = f && fprintf(f, "%s\n%s%s", r->dir, why ? why : "", why ? "\n" : "") > 0;
	if (f && fclose(f))
		ok = 0;
	if (!ok) { /* said, not fatal: the test itself can still run */
		fprintf(stderr,
		        "bench: warning: %s: %s: a kill now would not be seen by the next run\n",
		        path, strerror(errno));
		trace_note(r->trace, "bench", "%s: station-left marker not written: %s", id,
		           strerror(errno));
	}
}

void leftmark_clear(struct run *r, const char *id)
{
	char path[4600];
	snprintf(path, sizeof path, "%s/" PREFIX "%s", r->left_dir, id);
	if (r->left_dir[0] && unlink(path) && errno != ENOENT)
		fprintf(stderr, "bench: warning: %s: %s\n", path, strerror(errno));
}
