/* Starting, probing and stopping the private pcscd and its simulated cards.
 * State files under the simulator directory:
 *   pcscd/            bound over /run/pcscd: pcscd.comm is the socket
 *   pcscd.conf/vpcd   reader.conf with one vpcd entry per reader
 *   pcscd.pid pcscd.log pcscd.port
 *   card-NAME.pid card-NAME.log card-NAME.reader (PC/SC reader name) */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <winscard.h>

#include "sim_pcsc.h"

enum { READY_TIMEOUT_MS = 15000, MAX_ARGS = 32 };

#define VPCD_LIB "/usr/lib/pcsc/drivers/serial/libifdvpcd.so"

static void state(const struct sim_ctx *c, char *buf, size_t len, const char *fmt,
		  const char *name)
{
	char leaf[300];
	snprintf(leaf, sizeof leaf, fmt, name);
	snprintf(buf, len, "%s/%s", c->dir, leaf);
}

static long readers_of(const struct sim_ctx *c)
{
	const struct ynode *r = ynode_get(ynode_get(c->st->sim, "pcscd"), "readers");
	return r ? strtol(r->str, NULL, 0) : 1;
}

/* vpcd listens on DEVICENAME's port for slot 0 and the next one for slot 1. */
static int write_conf(const struct sim_ctx *c, int port, struct err *e)
{
	char path[4200], text[4096];
	size_t n = 0;
	for (long i = 0; i < readers_of(c); i++) {
		int p = port + 2 * (int)i;
		n += (size_t)snprintf(text + n, sizeof text - n,
				      "FRIENDLYNAME \"Bench vpcd %ld\"\nDEVICENAME /dev/null:0x%X\n"
				      "LIBPATH %s\nCHANNELID 0x%X\n\n",
				      i, p, VPCD_LIB, p);
	}
	state(c, path, sizeof path, "%s", "pcscd.conf");
	if (mkdir(path, 0755) < 0 && errno != EEXIST)
		return err_set(e, EXIT_BAIL, "sim: mkdir %s: %s", path, strerror(errno));
	state(c, path, sizeof path, "%s", "pcscd.conf/vpcd");
	return sim_write_file(path, text, e);
}

static int start_pcscd(const struct sim_ctx *c, int port, struct err *e)
{
	char run[4200], conf[4200], log[4200], pid[4200], txt[16];
	state(c, run, sizeof run, "%s", "pcscd");
	state(c, conf, sizeof conf, "%s", "pcscd.conf");
	state(c, log, sizeof log, "%s", "pcscd.log");
	state(c, pid, sizeof pid, "%s", "pcscd.pid");
	if (mkdir(run, 0755) < 0 && errno != EEXIST)
		return err_set(e, EXIT_BAIL, "sim: mkdir %s: %s", run, strerror(errno));
	if (write_conf(c, port, e) < 0)
		return -1;
	snprintf(txt, sizeof txt, "%d\n", port);
	state(c, conf + 0, sizeof conf, "%s", "pcscd.port");
	if (sim_write_file(conf, txt, e) < 0)
		return -1;
	state(c, conf, sizeof conf, "%s", "pcscd.conf");
	/* /run/pcscd may not exist when no system pcscd ever ran. */
	char *argv[] = {"unshare", "-m", "sh", "-c",
			"mkdir -p /run/pcscd && mount --bind \"$1\" /run/pcscd && "
			"exec pcscd -f -c \"$2\"",
			"sh", run, conf, NULL};
	return sim_spawn(argv, log, pid, e);
}

/* The simcard program sits next to bench in the build tree. */
static void simcard_path(char *buf, size_t len)
{
	const char *env = getenv("BENCH_SIMCARD");
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (env) {
		snprintf(buf, len, "%s", env);
		return;
	}
	exe[n > 0 ? n : 0] = 0;
	char *slash = strrchr(exe, '/');
	if (slash)
		*slash = 0;
	snprintf(buf, len, "%s/fixtures/simcard/simcard", exe);
}

static int start_card(const struct sim_ctx *c, const struct ynode *card, int port,
		      struct err *e)
{
	const char *name = ynode_get(card, "name")->str;
	const struct ynode *r = ynode_get(card, "reader"), *p = ynode_get(card, "protocol");
	const struct ynode *d = ynode_get(card, "defects");
	char exe[PATH_MAX], prof[PATH_MAX], portstr[16], log[4200], pid[4200];
	char *argv[MAX_ARGS];
	int n = 0;
	simcard_path(exe, sizeof exe);
	station_path(c->st, ynode_get(card, "profile")->str, prof, sizeof prof);
	snprintf(portstr, sizeof portstr, "%ld", port + 2 * (r ? strtol(r->str, NULL, 0) : 0));
	argv[n++] = exe, argv[n++] = "--port", argv[n++] = portstr;
	argv[n++] = "--profile", argv[n++] = prof;
	argv[n++] = "--protocol", argv[n++] = p ? p->str : "T=1";
	for (size_t i = 0; d && i < d->nkids && n < MAX_ARGS - 3; i++)
		argv[n++] = "--defect", argv[n++] = d->kids[i].str;
	argv[n] = NULL;
	state(c, log, sizeof log, "card-%s.log", name);
	state(c, pid, sizeof pid, "card-%s.pid", name);
	return sim_spawn(argv, log, pid, e);
}

#include "sim_pcsc_probe.c"
