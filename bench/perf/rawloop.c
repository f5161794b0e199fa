/* The PC/SC stack's own limit: a bare SCardTransmit loop over the same APDU
 * mix the bench suite sends, with nothing around it but a status-word check.
 *   rawloop [-m MODE] [-t TRACE] [-k KEYS] READER N APDU-FILE
 *   (one hex APDU a line, cycled)
 * MODE splits bench's per-APDU cost into layers (docs/perf.md):
 *   raw       SCardTransmit itself (default)
 *   worker    pcsc_transmit with the call handed to the driver's worker thread
 *             (drivers/pcsc_io.c; what the driver does when it cannot watch)
 *   driver    pcsc_transmit as bench makes it (watched, drivers/pcsc_watch.c)
 *   exchange  pcsc_exchange: bounded call + hex + trace line to TRACE
 *             (default /dev/null), redacted of the station key file KEYS's
 *             keys and PINs if given, as bench redacts -- bench minus Lua
 * Prints "<mode> <N> apdus <seconds> s <rate> apdu/s <cpu> us-cpu/apdu" (the
 * process's CPU time over the loop, every thread, per APDU: steadier than the
 * rate on a shared machine); exit 1 on any error or unexpected status word,
 * so a benchmark never times failed exchanges. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <PCSC/winscard.h>

#include "bench/lib/crypto/crypto.h"
#include "bench/record/record.h"
#include "drivers/pcsc_io.h"

#define MAX_APDUS 64

struct mix {
	unsigned char apdu[MAX_APDUS][261];
	size_t len[MAX_APDUS];
	size_t n;
};

static int unhex(const char *s, unsigned char *out, size_t cap, size_t *len)
{
	size_t n = 0;
	for (; s[0] && s[0] != '\n'; s += 2) {
		unsigned v;
		if (n == cap || sscanf(s, "%2x", &v) != 1)
			return -1;
		out[n++] = (unsigned char)v;
	}
	*len = n;
	return n >= 4 ? 0 : -1;
}

static int load_mix(const char *path, struct mix *m)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		perror(path);
		return -1;
	}
	char line[600];
	int lineno = 0;
	m->n = 0;
	while (fgets(line, sizeof line, f)) {
		lineno++;
		if (line[0] == '#' || line[0] == '\n')
			continue;
		if (m->n == MAX_APDUS || unhex(line, m->apdu[m->n], 261, &m->len[m->n]) < 0) {
			fprintf(stderr, "%s:%d: not a hex APDU (or more than %d)\n", path, lineno,
			        MAX_APDUS);
			fclose(f);
			return -1;
		}
		m->n++;
	}
	fclose(f);
	return m->n ? 0 : -1;
}

static double now(clockid_t clock)
{
	struct timespec ts;
	clock_gettime(clock, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

enum mode { RAW, WORKER, DRIVER, EXCHANGE };

static int sw_ok(const unsigned char *resp, DWORD rlen)
{
	return rlen >= 2 && (resp[rlen - 2] == 0x90 || resp[rlen - 2] == 0x61);
}

static int one(struct pcsc *c, enum mode mode, const unsigned char *apdu, size_t n)
{
	unsigned char resp[PCSC_RESP_MAX + 2];
	DWORD rlen = 258;
	LONG rv;
	if (mode == EXCHANGE) {
		struct pcsc_resp r;
		struct err e = {0};
		if (pcsc_exchange(c, apdu, n, 1, &r, &e) < 0) {
			fprintf(stderr, "rawloop: %s\n", e.msg);
			return -1;
		}
		return r.sw >> 8 == 0x90 || r.sw >> 8 == 0x61 ? 0 : -1;
	}
	if (mode == DRIVER || mode == WORKER) {
		rv = pcsc_transmit(c, apdu, n, resp, &rlen);
	} else {
		const SCARD_IO_REQUEST *pci =
		    c->proto == SCARD_PROTOCOL_T0 ? SCARD_PCI_T0 : SCARD_PCI_T1;
		rv = SCardTransmit(c->h, pci, apdu, (DWORD)n, NULL, resp, &rlen);
	}
	if (rv != SCARD_S_SUCCESS || !sw_ok(resp, rlen)) {
		fprintf(stderr, "rawloop: %s, %lu bytes back\n", pcsc_stringify_error(rv),
		        (unsigned long)rlen);
		return -1;
	}
	return 0;
}

static int loop(struct pcsc *c, enum mode mode, const struct mix *m, long n)
{
	for (long i = 0; i < n; i++) {
		const size_t k = (size_t)i % m->n;
		if (one(c, mode, m->apdu[k], m->len[k]) < 0) {
			fprintf(stderr, "rawloop: APDU %ld (line %zu) failed\n", i, k + 1);
			return -1;
		}
	}
	return 0;
}

static int usage(void)
{
	fprintf(stderr,
	        "usage: rawloop [-m raw|worker|driver|exchange] [-t TRACE] [-k KEYS] READER N "
	        "APDU-FILE\n");
	return 2;
}

static const char *const names[] = {"raw", "worker", "driver", "exchange"};

static int parse_mode(const char *s, enum mode *mode)
{
	for (int i = 0; i < 4; i++)
		if (strcmp(s, names[i]) == 0) {
			*mode = (enum mode)i;
			return 0;
		}
	return -1;
}

static int open_card(struct pcsc *c, const char *reader, enum mode mode)
{
	snprintf(c->role, sizeof c->role, "card");
	snprintf(c->reader, sizeof c->reader, "%s", reader);
	LONG rv = pcsc_establish(c);
	if (mode == WORKER)
		pcsc_watch_stop(c);
	if (rv == SCARD_S_SUCCESS)
		rv = SCardConnect(c->ctx, c->reader, SCARD_SHARE_SHARED,
		                  SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1, &c->h, &c->proto);
	if (rv != SCARD_S_SUCCESS) {
		fprintf(stderr, "rawloop: %s: %s\n", c->reader, pcsc_stringify_error(rv));
		return -1;
	}
	c->connected = 1;
	return 0;
}

/* pcsc_close without the driver's role code (drivers/pcsc.c). */
static void close_card(struct pcsc *c)
{
	pcsc_worker_stop(c);
	pcsc_watch_stop(c);
	if (c->stuck)
		return;
	SCardDisconnect(c->h, SCARD_LEAVE_CARD);
	pcsc_release(c);
}

int main(int argc, char **argv)
{
	enum mode mode = RAW;
	const char *trace_path = "/dev/null", *keys = NULL;
	struct mix m;
	int o;
	while ((o = getopt(argc, argv, "m:t:k:")) != -1)
		if (o == 't')
			trace_path = optarg;
		else if (o == 'k')
			keys = optarg;
		else if (o != 'm' || parse_mode(optarg, &mode) < 0)
			return usage();
	if (argc - optind != 3 || atol(argv[optind + 1]) <= 0)
		return usage();
	if (load_mix(argv[optind + 2], &m) < 0)
		return 2;
	struct trace *trace = NULL;
	struct err e = {0};
	/* trace_open, not trace_open_run: no chain to resume, and the default
	 * /dev/null cannot be cut back to its last line. */
	if (mode == EXCHANGE && !(trace = trace_open(trace_path, &e))) {
		fprintf(stderr, "rawloop: %s\n", e.msg);
		return 2;
	}
	struct secrets sec = {0};
	if (keys && secrets_load(keys, &sec, &e)) {
		fprintf(stderr, "rawloop: %s\n", e.msg);
		trace_close(trace);
		return 2;
	}
	trace_set_secrets(trace, keys ? &sec : NULL);
	struct pcsc c = {.timeout_ms = 5000, .trace = trace};
	if (open_card(&c, argv[optind], mode) < 0)
		return 3;
	long n = atol(argv[optind + 1]);
	double t0 = now(CLOCK_MONOTONIC), c0 = now(CLOCK_PROCESS_CPUTIME_ID);
	int bad = loop(&c, mode, &m, n);
	double dt = now(CLOCK_MONOTONIC) - t0, dc = now(CLOCK_PROCESS_CPUTIME_ID) - c0;
	close_card(&c);
	trace_close(trace);
	secrets_free(&sec);
	if (bad)
		return 1;
	printf("%s %ld apdus %.3f s %.0f apdu/s %.2f us-cpu/apdu\n", names[mode], n, dt, n / dt,
	       dc / (double)n * 1e6);
	return 0;
}
