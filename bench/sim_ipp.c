/* The "printers" simulator kind: CUPS's ippeveprinter on a free loopback
 * port with our print engine (bench/fixtures/printer/engine) as its `-c`
 * command. See docs/station.md "## printer" for the options.
 *
 * ippeveprinter 2.4 refuses to start without a D-Bus system bus for Avahi,
 * even with `-r off`; each printer gets a private dbus-daemon in the same
 * process group (nothing is advertised: -r off). */
#include <arpa/inet.h>
#include <limits.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "schema.h"
#include "sim_kind.h"

enum { READY_TIMEOUT_MS = 10000 };

static const struct opt_spec printer_spec[] = {
    {"name", OPT_STRING, 1, "simulator name roles use (`sim: NAME`)"},
    {"dpi", OPT_NUMBER, 0, "scan resolution of the delivered card images (600)"},
    {"print_time", OPT_NUMBER, 0, "seconds per card, divided by --time-scale (0)"},
    {"dx", OPT_NUMBER, 0, "content offset to the right, mm (0)"},
    {"dy", OPT_NUMBER, 0, "content offset downwards, mm (0)"},
    {"rot", OPT_NUMBER, 0, "content rotation, degrees (0)"},
    {"scale", OPT_NUMBER, 0, "content scale (1)"},
    {"skew", OPT_NUMBER, 0, "card skew on the scanner, degrees (0)"},
    {"noise", OPT_NUMBER, 0, "scan noise amplitude, grey levels (4)"},
    {"drift", OPT_NUMBER, 0, "extra dx per printed card, mm (0)"},
    {"jam_every", OPT_INT, 0, "card N, 2N, ... jams (0: never)"},
    {"jam_burst", OPT_INT, 0, "consecutive cards that jam each time (1)"},
    {"ribbon_break_at", OPT_INT, 0, "the ribbon breaks at card K (0: never)"},
    {"bad_lrc_track", OPT_INT, 0, "mag track 1..3 read back with a bad LRC (0: none)"},
    {"scan_fault", OPT_STRING, 0, "scans delivered as: empty, corrupt, nocard, twocards"},
    {"scan_dir", OPT_STRING, 0, "where scans land (default: in the sim state dir)"},
    {NULL, 0, 0, NULL},
};

static const struct ynode *printers(const struct station *st)
{
	return st->sim ? ynode_get(st->sim, "printers") : NULL;
}

static const char *pname(const struct ynode *p)
{
	return ynode_get(p, "name")->str;
}

static int ipp_check(const struct station *st, struct err *e)
{
	const struct ynode *ps = printers(st);
	if (!ps)
		return 0;
	if (ps->kind != YN_SEQ)
		return ynode_err(e, ps, "sim.printers must be a list of printers");
	for (size_t i = 0; i < ps->nkids; i++) {
		if (ps->kids[i].kind != YN_MAP)
			return ynode_err(e, &ps->kids[i], "a printer must be a map");
		if (schema_check(&ps->kids[i], printer_spec, NULL, e) != 0)
			return -1;
	}
	return 0;
}

static void state(const struct sim_ctx *c, char *buf, size_t len, const char *fmt, const char *name)
{
	char leaf[300];
	snprintf(leaf, sizeof leaf, fmt, name);
	/* State dirs are short; a path that does not fit names no file at all. */
	if (snprintf(buf, len, "%s/%s", c->dir, leaf) >= (int)len)
		buf[0] = '\0';
}

static void scan_dir(const struct sim_ctx *c, const struct ynode *p, char *buf, size_t len)
{
	const struct ynode *s = ynode_get(p, "scan_dir");
	if (s)
		station_path(c->st, s->str, buf, len);
	else
		state(c, buf, len, "printer-%s-scans", pname(p));
}

/* The engine's key/value file: the printer's options plus where and how fast. */
static int write_conf(const struct sim_ctx *c, const struct ynode *p, const char *path,
                      const char *scans, struct err *e)
{
	char text[8192];
	size_t n = (size_t)snprintf(text, sizeof text, "scan_dir %s\ntime_scale %g\n", scans,
	                            c->time_scale > 0 ? c->time_scale : 1);
	for (size_t i = 0; i < p->nkids && n < sizeof text; i++)
		if (strcmp(p->kids[i].key, "name") && strcmp(p->kids[i].key, "scan_dir"))
			n += (size_t)snprintf(text + n, sizeof text - n, "%s %s\n", p->kids[i].key,
			                      p->kids[i].str ? p->kids[i].str : "");
	if (n >= sizeof text)
		return err_set(e, EXIT_USAGE, "printer %s: options too long", pname(p));
	return sim_write_file(path, text, e);
}

static void engine_path(char *buf, size_t len)
{
	sim_program("BENCH_PRINTER_ENGINE", "printer/engine", buf, len);
}

static int port_open(int port)
{
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	int ok = fd >= 0 && connect(fd, (struct sockaddr *)&sa, sizeof sa) == 0;
	if (fd >= 0)
		close(fd);
	return ok;
}

/* sh stays the process group leader while ippeveprinter runs, so `down`
 * finds it; if ippeveprinter dies on its own, its bus goes with it. */
static const char script[] =
    "PATH=\"$PATH:/usr/sbin:/usr/bin\"\n"
    "dbus-daemon --session --address=\"unix:path=$1\" --nofork --nopidfile & bus=$!\n"
    "i=0; while [ ! -S \"$1\" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i+1)); done\n"
    "export DBUS_SYSTEM_BUS_ADDRESS=\"unix:path=$1\" BENCH_PRINTER_CONF=\"$2\"\n"
    "ippeveprinter -p \"$3\" -r off -n localhost -c \"$4\" -d \"$5\" "
    "-f image/png,application/pdf -s 20,20 -M bench -m 'simulated card printer' \"$6\" & p=$!\n"
    "trap 'kill $p $bus 2>/dev/null; exit 0' TERM INT\n"
    "wait $p; kill $bus 2>/dev/null\n";

static int start(const struct sim_ctx *c, const struct ynode *p, struct err *e)
{
	const char *name = pname(p);
	char bus[4200], conf[4200], spool[4200], scans[4096], exe[PATH_MAX], log[4200], pid[4200],
	    portstr[16], uri[256];
	state(c, bus, sizeof bus, "printer-%s.bus", name);
	state(c, conf, sizeof conf, "printer-%s.conf", name);
	state(c, spool, sizeof spool, "printer-%s-spool", name);
	state(c, log, sizeof log, "printer-%s.log", name);
	state(c, pid, sizeof pid, "printer-%s.pid", name);
	scan_dir(c, p, scans, sizeof scans);
	engine_path(exe, sizeof exe);
	mkdir(spool, 0755);
	mkdir(scans, 0755);
	unlink(bus);
	int port = sim_free_ports(1, e);
	if (port < 0 || write_conf(c, p, conf, scans, e) != 0)
		return -1;
	snprintf(portstr, sizeof portstr, "%d", port);
	char *argv[] = {"sh",    "-c", (char *)script, "sh",         bus, conf,
	                portstr, exe,  spool,          (char *)name, NULL};
	if (sim_spawn(argv, log, pid, e) != 0)
		return -1;
	for (int ms = 0; !port_open(port); ms += 50) {
		if (ms >= READY_TIMEOUT_MS || !sim_alive(pid))
			return err_set(e, EXIT_BAIL,
			               "printer %s: ippeveprinter not listening on port %d after "
			               "%d s (see %s)",
			               name, port, ms / 1000, log);
		nanosleep(&(struct timespec){.tv_nsec = 50000000}, NULL);
	}
	snprintf(uri, sizeof uri, "ipp://localhost:%d/ipp/print", port);
	state(c, conf, sizeof conf, "printer-%s.uri", name);
	if (sim_write_file(conf, uri, e) != 0)
		return -1;
	state(c, conf, sizeof conf, "printer-%s.scan_dir", name);
	return sim_write_file(conf, scans, e);
}

static void ipp_down(const struct sim_ctx *c)
{
	const struct ynode *ps = printers(c->st);
	char path[4200];
	for (size_t i = 0; ps && i < ps->nkids; i++) {
		state(c, path, sizeof path, "printer-%s.pid", pname(&ps->kids[i]));
		sim_stop(path);
		state(c, path, sizeof path, "printer-%s.uri", pname(&ps->kids[i]));
		unlink(path);
	}
}

static int ipp_is_up(const struct sim_ctx *c)
{
	const struct ynode *ps = printers(c->st);
	char path[4200];
	for (size_t i = 0; ps && i < ps->nkids; i++) {
		state(c, path, sizeof path, "printer-%s.pid", pname(&ps->kids[i]));
		if (!sim_alive(path))
			return 0;
		state(c, path, sizeof path, "printer-%s.uri", pname(&ps->kids[i]));
		if (access(path, R_OK) != 0)
			return 0;
	}
	return 1;
}

static int ipp_up(const struct sim_ctx *c, struct err *e)
{
	const struct ynode *ps = printers(c->st);
	if (ipp_is_up(c))
		return 0;
	ipp_down(c);
	for (size_t i = 0; ps && i < ps->nkids; i++)
		if (start(c, &ps->kids[i], e) != 0) {
			ipp_down(c);
			return -1;
		}
	return 0;
}

static void ipp_status(const struct sim_ctx *c, FILE *out)
{
	const struct ynode *ps = printers(c->st);
	char path[4200], uri[300];
	for (size_t i = 0; ps && i < ps->nkids; i++) {
		const char *name = pname(&ps->kids[i]);
		state(c, path, sizeof path, "printer-%s.pid", name);
		pid_t pid = sim_alive(path);
		state(c, path, sizeof path, "printer-%s.uri", name);
		if (pid && sim_read_file(path, uri, sizeof uri) == 0)
			fprintf(out, "printer %s\trunning\tpid %d\t%s\n", name, (int)pid, uri);
		else
			fprintf(out, "printer %s\tstopped\n", name);
	}
}

static int ipp_get(const struct sim_ctx *c, const char *sim, const char *key, char *buf, size_t len,
                   struct err *e)
{
	const struct ynode *ps = printers(c->st);
	size_t i = 0;
	char path[4200];
	while (ps && i < ps->nkids && strcmp(pname(&ps->kids[i]), sim))
		i++;
	if (!ps || i == ps->nkids)
		return 1;
	if (strcmp(key, "uri") && strcmp(key, "scan_dir"))
		return err_set(e, EXIT_USAGE, "simulator %s has no value '%s' (uri, scan_dir)", sim,
		               key);
	snprintf(path, sizeof path, "printer-%%s.%s", key);
	state(c, path, sizeof path, path, sim);
	if (sim_read_file(path, buf, len) == 0)
		return 0;
	return err_set(e, EXIT_BAIL, "simulator %s: not running (no %s); `bench sim up`", sim,
	               path);
}

const struct sim_kind sim_ipp = {
    .name = "printers",
    .keys = (const char *const[]){"printers", NULL},
    .check = ipp_check,
    .up = ipp_up,
    .down = ipp_down,
    .is_up = ipp_is_up,
    .status = ipp_status,
    .get = ipp_get,
};
