/* The locks a run holds (docs/evidence.md "Locks"): its run directory, so
 * two `bench resume DIR` cannot both append to one journal and hash chain,
 * and its station, so two runs cannot interleave commands to one device. */
#include "engine.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench/base/base.h"

int run_lock_dir(struct run *r, const char *dir, const char *who, struct err *e)
{
	char p[4200];
	snprintf(p, sizeof p, "%s/run.lock", dir);
	if (lock_take(&r->dir_lock, p, who, e))
		return err_prefix(e, "run directory %s", dir);
	return 0;
}

/* /run/lock is shared by every user of the machine and emptied at boot;
 * where it cannot be written, $XDG_RUNTIME_DIR, else /tmp. */
static const char *lock_dir(void)
{
	if (access("/run/lock", W_OK | X_OK) == 0)
		return "/run/lock";
	const char *x = getenv("XDG_RUNTIME_DIR");
	return x && *x && access(x, W_OK | X_OK) == 0 ? x : "/tmp";
}

/* A station is its file's absolute path; a simulated one's devices are
 * also told apart by their state directory when BENCH_SIM_DIR names one
 * (copies of one station file with their own simulators share nothing). */
void station_hash(const struct station *st, char hash[SHA256_HEX])
{
	char abs[PATH_MAX], key[2 * PATH_MAX + 2];
	const char *sim = st->sim ? getenv("BENCH_SIM_DIR") : NULL;
	snprintf(key, sizeof key, "%s%s%s", realpath(st->path, abs) ? abs : st->path,
	         sim && *sim ? "\n" : "", sim && *sim ? sim : "");
	sha256_hex(key, strlen(key), hash);
}

int run_lock_station(struct run *r, const char *who, struct err *e)
{
	const struct station *st = r->st;
	if (!st->nroles)
		return 0; /* no device to share */
	char hash[SHA256_HEX], p[4200];
	station_hash(st, hash);
	snprintf(p, sizeof p, "%s/bench-station-%.16s.lock", lock_dir(), hash);
	if (lock_take(&r->station_lock, p, who, e))
		return err_prefix(e, "station %s", st->path);
	return 0;
}
