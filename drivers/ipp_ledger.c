/* The run's job and scan ledger in the scan folder, and waiting for a
 * scan: what makes a scan evidence of one job's card (ipp_io.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "ipp_io.h"

int ipp_ledger_open(struct ipp_ledger *l, const char *dir, const char *run_id, struct err *e)
{
	memset(l, 0, sizeof *l);
	snprintf(l->dir, sizeof l->dir, "%s", dir);
	snprintf(l->run, sizeof l->run, "%s", run_id);
	if (snprintf(l->path, sizeof l->path, "%s/bench-%s.jobs", dir, run_id) >=
	    (int)sizeof l->path)
		return err_set(e, EXIT_USAGE, "scan_dir %s: path too long", dir);
	int fd = open(l->path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (fd < 0)
		return err_set(e, EXIT_BAIL, "printer ledger %s: %s", l->path, strerror(errno));
	close(fd);
	return 0;
}

/* The ledger opened for reading and appending, locked: one process at a
 * time reads it and adds to it. */
static FILE *locked(struct ipp_ledger *l, struct err *e)
{
	int fd = open(l->path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	FILE *f = fd >= 0 ? fdopen(fd, "a+") : NULL;
	if (!f || flock(fd, LOCK_EX) != 0) {
		err_set(e, EXIT_BAIL, "printer ledger %s: %s", l->path, strerror(errno));
		if (f)
			fclose(f);
		else if (fd >= 0)
			close(fd);
		return NULL;
	}
	rewind(f);
	return f;
}

static int append(FILE *f, const char *path, struct err *e, const char *line)
{
	int ok = fseek(f, 0, SEEK_END) == 0 && fputs(line, f) >= 0 && fflush(f) == 0 &&
	         fsync(fileno(f)) == 0;
	fclose(f); /* drops the lock */
	return ok ? 0 : err_set(e, EXIT_BAIL, "printer ledger %s: %s", path, strerror(errno));
}

static int taken(const struct ipp_ledger *l, const char *name)
{
	static const char *ext[] = {".png", ".mag", ".magw"};
	char p[4400];
	for (int i = 0; i < 3; i++) {
		snprintf(p, sizeof p, "%s/%s%s", l->dir, name, ext[i]);
		if (access(p, F_OK) == 0)
			return 1;
	}
	return 0;
}

int ipp_ledger_name(struct ipp_ledger *l, char *name, size_t cap, struct err *e)
{
	char line[512], prefix[128];
	long n = 0, k;
	FILE *f = locked(l, e);
	if (!f)
		return -1;
	int plen = snprintf(prefix, sizeof prefix, "job bench-%s-", l->run);
	while (fgets(line, sizeof line, f))
		if (!strncmp(line, prefix, (size_t)plen) && (k = atol(line + plen)) > n)
			n = k;
	do
		snprintf(name, cap, "bench-%s-%ld", l->run, ++n);
	while (taken(l, name)); /* files an older ledger never knew of */
	snprintf(line, sizeof line, "job %s\n", name);
	return append(f, l->path, e, line);
}

int ipp_ledger_use(struct ipp_ledger *l, const char *name, struct err *e)
{
	char line[512], want[300], used[300];
	int reserved = 0, printed = 0;
	FILE *f = locked(l, e);
	if (!f)
		return -1;
	snprintf(want, sizeof want, "job %s\n", name);
	snprintf(used, sizeof used, "print %s\n", name);
	while (fgets(line, sizeof line, f)) {
		reserved |= !strcmp(line, want);
		printed |= !strcmp(line, used);
	}
	if (!reserved || printed) {
		fclose(f);
		return 0;
	}
	return append(f, l->path, e, used) == 0 ? 1 : -1;
}

int ipp_ledger_scan(struct ipp_ledger *l, const char *name, const char *sha256, char *dup,
                    size_t cap, struct err *e)
{
	char line[512], who[300], sha[80];
	FILE *f = locked(l, e);
	if (!f)
		return -1;
	while (fgets(line, sizeof line, f))
		if (sscanf(line, "scan %299s %79s", who, sha) == 2 && !strcmp(sha, sha256) &&
		    strcmp(who, name)) {
			snprintf(dup, cap, "%s", who);
			fclose(f);
			return 1;
		}
	snprintf(line, sizeof line, "scan %s %s\n", name, sha256);
	return append(f, l->path, e, line);
}

static double now(void)
{
	return (double)mono_us() / 1e6;
}

int ipp_scan_wait(const char *dir, const char *name, double timeout, double settle, char *path,
                  size_t cap, struct err *e)
{
	double t0 = now(), since = -1;
	off_t last = -1;
	struct stat sb;
	if (snprintf(path, cap, "%s/%s.png", dir, name) >= (int)cap)
		return err_set(e, EXIT_USAGE, "scan_dir %s: path too long", dir);
	for (;;) {
		double t = now();
		if (stat(path, &sb) == 0) {
			if (sb.st_size != last)
				last = sb.st_size, since = t;
			else if (t - since >= settle)
				return 0;
		}
		if (t - t0 >= timeout && last < 0)
			return err_set(e, EXIT_FAILED, "no scan %s within %g s of the job's end",
			               path, timeout);
		if (t - t0 >= timeout)
			return err_set(e, EXIT_FAILED,
			               "scan %s still growing %g s after the job's end", path,
			               timeout);
		struct timespec ts = {0, 100 * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
}
