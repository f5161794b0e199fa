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

/* Generous: CI starts several stations at once on two cores. */
enum { READY_TIMEOUT_MS = 30000, MAX_ARGS = 32 };

#define VPCD_LIB "/usr/lib/pcsc/drivers/serial/libifdvpcd.so"

static void state(const struct sim_ctx *c, char *buf, size_t len, const char *fmt, const char *name)
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

/* pcscd fault missing-reader=N: vpcd reader N is left out of reader.conf, so
 * its slots never appear (a terminal with a broken or absent slot). */
static int reader_missing(const struct sim_ctx *c, long idx)
{
	const struct ynode *f = ynode_get(ynode_get(c->st->sim, "pcscd"), "faults");
	for (size_t i = 0; f && i < f->nkids; i++)
		if (strncmp(f->kids[i].str, "missing-reader=", 15) == 0 &&
		    strtol(f->kids[i].str + 15, NULL, 10) == idx)
			return 1;
	return 0;
}

static long reader_of(const struct ynode *card)
{
	const struct ynode *r = ynode_get(card, "reader");
	return r ? strtol(r->str, NULL, 0) : 0;
}

/* Cards in a missing reader are not started: nothing could hold them. */
static int card_runs(const struct sim_ctx *c, const struct ynode *card)
{
	return !reader_missing(c, reader_of(card));
}

/* vpcd 3.3 keeps its connections in a static table indexed by slot only, so
 * two reader.conf entries with the same LIBPATH share slot 0's socket. Each
 * reader after the first gets its own copy of the library: pcscd loads each
 * path once, so every copy has its own table. */
static int vpcd_copy(const struct sim_ctx *c, long idx, char *lib, size_t len, struct err *e)
{
	if (idx == 0) {
		snprintf(lib, len, "%s", VPCD_LIB);
		return 0;
	}
	char leaf[64];
	snprintf(leaf, sizeof leaf, "libifdvpcd-%ld.so", idx);
	state(c, lib, len, "%s", leaf);
	FILE *in = fopen(VPCD_LIB, "rb"), *out = in ? fopen(lib, "wb") : NULL;
	char buf[65536];
	size_t n;
	int bad = !in || !out;
	while (!bad && (n = fread(buf, 1, sizeof buf, in)) > 0)
		bad = fwrite(buf, 1, n, out) != n;
	bad = bad || (in && ferror(in));
	if (in)
		fclose(in);
	if (out && fclose(out) != 0)
		bad = 1;
	return bad ? err_set(e, EXIT_BAIL, "sim: copy %s to %s: %s", VPCD_LIB, lib, strerror(errno))
	           : 0;
}

/* vpcd listens on DEVICENAME's port for slot 0 and the next one for slot 1. */
static int write_conf(const struct sim_ctx *c, int port, struct err *e)
{
	char path[4200], text[16384];
	size_t n = 0;
	for (long i = 0; i < readers_of(c); i++) {
		int p = port + 2 * (int)i;
		char lib[4200];
		if (reader_missing(c, i))
			continue;
		if (vpcd_copy(c, i, lib, sizeof lib, e) < 0)
			return -1;
		n += (size_t)snprintf(text + n, sizeof text - n,
		                      "FRIENDLYNAME \"Bench vpcd %ld\"\nDEVICENAME /dev/null:0x%X\n"
		                      "LIBPATH %s\nCHANNELID 0x%X\n\n",
		                      i, p, lib, p);
		if (n >= sizeof text)
			return err_set(e, EXIT_BAIL, "sim: reader.conf too long (state dir %s)",
			               c->dir);
	}
	state(c, path, sizeof path, "%s", "pcscd.conf");
	if (mkdir(path, 0755) < 0 && errno != EEXIST)
		return err_set(e, EXIT_BAIL, "sim: mkdir %s: %s", path, strerror(errno));
	state(c, path, sizeof path, "%s", "pcscd.conf/vpcd");
	return sim_write_file(path, text, e);
}

static int start_pcscd(const struct sim_ctx *c, int port, struct err *e)
{
	char run[4200], conf[4200], log[4200], pid[4200], portf[4200], txt[16];
	state(c, run, sizeof run, "%s", "pcscd");
	state(c, conf, sizeof conf, "%s", "pcscd.conf");
	state(c, log, sizeof log, "%s", "pcscd.log");
	state(c, pid, sizeof pid, "%s", "pcscd.pid");
	state(c, portf, sizeof portf, "%s", "pcscd.port");
	snprintf(txt, sizeof txt, "%d\n", port);
	if (mkdir(run, 0755) < 0 && errno != EEXIST)
		return err_set(e, EXIT_BAIL, "sim: mkdir %s: %s", run, strerror(errno));
	if (write_conf(c, port, e) < 0 || sim_write_file(portf, txt, e) < 0)
		return -1;
	/* /run/pcscd may not exist when no system pcscd ever ran. */
	char *argv[] = {"unshare",
	                "-m",
	                "sh",
	                "-c",
	                "mkdir -p /run/pcscd && mount --bind \"$1\" /run/pcscd && "
	                "exec pcscd -f -c \"$2\"",
	                "sh",
	                run,
	                conf,
	                NULL};
	return sim_spawn(argv, log, pid, e);
}

/* The simcard program sits next to bench in the build tree. */
static void simcard_path(char *buf, size_t len)
{
	sim_program("BENCH_SIMCARD", "simcard/simcard", buf, len);
}

/* --fixture/--insert-coil/--field-mm: the card's presence follows a relay
 * coil (chamber coils 16.. are relays 1..) or the actuator's distance. */
static int fixture_args(const struct sim_ctx *c, const struct ynode *card, char **argv, int n,
                        char *port, char *coil, char *mm)
{
	const struct ynode *r = ynode_get(card, "insert_relay"), *f = ynode_get(card, "field_mm");
	const struct ynode *x = ynode_get(card, "fixture");
	if (!r && !f)
		return n;
	snprintf(port, 4200, "%s/chamber-%s.port", c->dir, x ? x->str : "chamber");
	argv[n++] = "--fixture", argv[n++] = port;
	if (r) {
		snprintf(coil, 16, "%ld", 16 + strtol(r->str, NULL, 0) - 1);
		argv[n++] = "--insert-coil", argv[n++] = coil;
	}
	if (f) {
		snprintf(mm, 32, "%s", f->str);
		argv[n++] = "--field-mm", argv[n++] = mm;
	}
	return n;
}

static int start_card(const struct sim_ctx *c, const struct ynode *card, int port, struct err *e)
{
	const char *name = ynode_get(card, "name")->str;
	const struct ynode *p = ynode_get(card, "protocol");
	const struct ynode *d = ynode_get(card, "defects");
	const struct ynode *f = ynode_get(card, "faults");
	char exe[PATH_MAX], prof[PATH_MAX], portstr[16], log[4200], pid[4200];
	char fxport[4200], coil[16], mm[32];
	char *argv[MAX_ARGS];
	int n = 0;
	simcard_path(exe, sizeof exe);
	station_path(c->st, ynode_get(card, "profile")->str, prof, sizeof prof);
	snprintf(portstr, sizeof portstr, "%ld", port + 2 * reader_of(card));
	argv[n++] = exe, argv[n++] = "--port", argv[n++] = portstr;
	argv[n++] = "--profile", argv[n++] = prof;
	argv[n++] = "--protocol", argv[n++] = p ? p->str : "T=1";
	for (size_t i = 0; d && i < d->nkids && n < MAX_ARGS - 3; i++)
		argv[n++] = "--defect", argv[n++] = d->kids[i].str;
	for (size_t i = 0; f && i < f->nkids && n < MAX_ARGS - 9; i++)
		argv[n++] = "--fault", argv[n++] = f->kids[i].str;
	n = fixture_args(c, card, argv, n, fxport, coil, mm);
	argv[n] = NULL;
	state(c, log, sizeof log, "card-%s.log", name);
	state(c, pid, sizeof pid, "card-%s.pid", name);
	return sim_spawn(argv, log, pid, e);
}

/* Runs in a child process: libpcsclite reads PCSCLITE_CSOCK_NAME once per
 * process, and a child can be killed if pcscd stops answering. Exits 0 once
 * slot 0 of vpcd reader idx shows a card, writing its name to out. */
static void probe_child(const char *sock, long idx, const char *out)
{
	char want[64], rd[4096];
	setenv("PCSCLITE_CSOCK_NAME", sock, 1);
	snprintf(want, sizeof want, "Bench vpcd %ld ", idx);
	for (;;) {
		SCARDCONTEXT ctx;
		if (SCardEstablishContext(SCARD_SCOPE_SYSTEM, NULL, NULL, &ctx) ==
		    SCARD_S_SUCCESS) {
			DWORD n = sizeof rd;
			if (SCardListReaders(ctx, NULL, rd, &n) != SCARD_S_SUCCESS)
				n = 0;
			for (char *r = rd; n && *r; r += strlen(r) + 1) {
				size_t l = strlen(r);
				if (strncmp(r, want, strlen(want)) || l < 3 ||
				    strcmp(r + l - 3, " 00"))
					continue;
				SCARD_READERSTATE rs = {.szReader = r,
				                        .dwCurrentState = SCARD_STATE_UNAWARE};
				if (SCardGetStatusChange(ctx, 0, &rs, 1) == SCARD_S_SUCCESS &&
				    (rs.dwEventState & SCARD_STATE_PRESENT)) {
					char line[300];
					snprintf(line, sizeof line, "%s\n", r);
					_exit(sim_write_file(out, line, NULL) < 0);
				}
			}
			SCardReleaseContext(ctx);
		}
		nanosleep(&(struct timespec){.tv_nsec = 200000000}, NULL);
	}
}

static int wait_card(const struct sim_ctx *c, const char *name, long idx, struct err *e)
{
	char sock[4200], out[4200], ppid[4200], cpid[4200], plog[4200], clog[4200];
	state(c, sock, sizeof sock, "%s", "pcscd/pcscd.comm");
	state(c, out, sizeof out, "card-%s.reader", name);
	state(c, ppid, sizeof ppid, "%s", "pcscd.pid");
	state(c, cpid, sizeof cpid, "card-%s.pid", name);
	state(c, plog, sizeof plog, "%s", "pcscd.log");
	state(c, clog, sizeof clog, "card-%s.log", name);
	pid_t pid = fork();
	if (pid < 0)
		return err_set(e, EXIT_BAIL, "sim: fork: %s", strerror(errno));
	if (pid == 0)
		probe_child(sock, idx, out);
	const char *why = "did not show a card";
	for (int ms = 0; ms < READY_TIMEOUT_MS; ms += 100) {
		int st;
		if (waitpid(pid, &st, WNOHANG) == pid)
			return WIFEXITED(st) && WEXITSTATUS(st) == 0
			           ? 0
			           : err_set(e, EXIT_BAIL, "sim: cannot write %s", out);
		if (!sim_alive(ppid) || !sim_alive(cpid)) {
			why = !sim_alive(ppid) ? "pcscd exited" : "the simulated card exited";
			break;
		}
		nanosleep(&(struct timespec){.tv_nsec = 100000000}, NULL);
	}
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	return err_set(e, EXIT_BAIL, "sim: card %s: vpcd reader %ld %s within %d s (logs: %s, %s)",
	               name, idx, why, READY_TIMEOUT_MS / 1000, plog, clog);
}

static const struct ynode *cards_of(const struct sim_ctx *c)
{
	return ynode_get(c->st->sim, "cards");
}

/* 1 when our pcscd listens on the vpcd port of every card, 0 not yet, -1
 * when another process holds one of them. */
static int ports_ready(const struct sim_ctx *c, int port, pid_t pid)
{
	const struct ynode *cards = cards_of(c);
	int ready = 1;
	for (size_t i = 0; cards && i < cards->nkids; i++) {
		if (!card_runs(c, &cards->kids[i]))
			continue;
		int o = sim_port_owner(port + 2 * (int)reader_of(&cards->kids[i]), pid);
		if (o < 0)
			return -1;
		ready = ready && o == 1;
	}
	return ready;
}

/* The readiness signal cards start on: our pcscd listening on their vpcd
 * ports. A port checked free can still be taken before pcscd binds it (a
 * parallel station); a card started then would plug into that station's
 * reader and answer its tests. Returns 0 ready, 1 port taken (retry with
 * others), -1 error. */
static int wait_ports(const struct sim_ctx *c, int port, long log_from, struct err *e)
{
	char pidf[4200], log[4200];
	state(c, pidf, sizeof pidf, "%s", "pcscd.pid");
	state(c, log, sizeof log, "%s", "pcscd.log");
	for (int ms = 0; ms < READY_TIMEOUT_MS; ms += 50) {
		pid_t pid = sim_alive(pidf);
		if (!pid)
			return err_set(e, EXIT_BAIL, "sim: pcscd exited at start (log: %s)", log);
		int r = ports_ready(c, port, pid);
		if (r != 0)
			return r < 0;
		/* vpcd could not bind (a socket that does not listen holds it). */
		if (sim_log_says(log, log_from, "Could not initialize connection to virtual ICC"))
			return 1;
		nanosleep(&(struct timespec){.tv_nsec = 50000000}, NULL);
	}
	return err_set(e, EXIT_BAIL,
	               "sim: pcscd did not open its vpcd ports (%d..) within %d s (log: %s)", port,
	               READY_TIMEOUT_MS / 1000, log);
}

/* Starts pcscd on free ports it then really holds; returns the first port. */
static int start_pcscd_owned(const struct sim_ctx *c, struct err *e)
{
	for (int attempt = 1;; attempt++) {
		char log[4200];
		state(c, log, sizeof log, "%s", "pcscd.log");
		long log_from = sim_file_size(log);
		int port = sim_free_ports(2 * (int)readers_of(c), e);
		if (port < 0 || start_pcscd(c, port, e) < 0)
			return -1;
		int r = wait_ports(c, port, log_from, e);
		if (r <= 0)
			return r < 0 ? -1 : port;
		pcsc_down(c);
		if (attempt == 5)
			return err_set(e, EXIT_BAIL, "sim: vpcd ports taken by others 5 times");
	}
}

int pcsc_up(const struct sim_ctx *c, struct err *e)
{
	if (pcsc_is_up(c))
		return 0;
	pcsc_down(c); /* whatever half of it still runs */
	int port = start_pcscd_owned(c, e);
	if (port < 0)
		goto fail;
	const struct ynode *cards = cards_of(c);
	for (size_t i = 0; cards && i < cards->nkids; i++)
		if (card_runs(c, &cards->kids[i]) && start_card(c, &cards->kids[i], port, e) < 0)
			goto fail;
	for (size_t i = 0; cards && i < cards->nkids; i++) {
		const struct ynode *card = &cards->kids[i];
		if (card_runs(c, card) &&
		    wait_card(c, ynode_get(card, "name")->str, reader_of(card), e) < 0)
			goto fail;
	}
	return 0;
fail:
	pcsc_down(c);
	return -1;
}

void pcsc_down(const struct sim_ctx *c)
{
	char path[4200];
	const struct ynode *cards = cards_of(c);
	for (size_t i = 0; cards && i < cards->nkids; i++) {
		const char *name = ynode_get(&cards->kids[i], "name")->str;
		state(c, path, sizeof path, "card-%s.pid", name);
		sim_stop(path);
		state(c, path, sizeof path, "card-%s.reader", name);
		unlink(path);
	}
	state(c, path, sizeof path, "%s", "pcscd.pid");
	sim_stop(path);
}

int pcsc_is_up(const struct sim_ctx *c)
{
	char path[4200];
	state(c, path, sizeof path, "%s", "pcscd.pid");
	if (!sim_alive(path))
		return 0;
	const struct ynode *cards = cards_of(c);
	for (size_t i = 0; cards && i < cards->nkids; i++) {
		const char *name = ynode_get(&cards->kids[i], "name")->str;
		if (!card_runs(c, &cards->kids[i]))
			continue;
		state(c, path, sizeof path, "card-%s.pid", name);
		if (!sim_alive(path))
			return 0;
		state(c, path, sizeof path, "card-%s.reader", name);
		if (access(path, R_OK) != 0)
			return 0;
	}
	return 1;
}

void pcsc_status(const struct sim_ctx *c, FILE *out)
{
	char path[4200], val[300];
	state(c, path, sizeof path, "%s", "pcscd.pid");
	pid_t pid = sim_alive(path);
	state(c, path, sizeof path, "%s", "pcscd/pcscd.comm");
	if (pid)
		fprintf(out, "pcscd\trunning\tpid %d\tsocket %s\n", (int)pid, path);
	else
		fprintf(out, "pcscd\tstopped\n");
	const struct ynode *cards = cards_of(c);
	for (size_t i = 0; cards && i < cards->nkids; i++) {
		const char *name = ynode_get(&cards->kids[i], "name")->str;
		state(c, path, sizeof path, "card-%s.pid", name);
		pid = sim_alive(path);
		state(c, path, sizeof path, "card-%s.reader", name);
		if (!pid || sim_read_file(path, val, sizeof val) < 0) {
			fprintf(out, "card %s\tstopped\n", name);
			continue;
		}
		fprintf(out, "card %s\trunning\tpid %d\treader %s\n", name, (int)pid, val);
	}
}
