/* The PC/SC stack's own limit: a bare SCardTransmit loop over the same APDU
 * mix the bench suite sends, with nothing around it but a status-word check.
 *   rawloop READER N APDU-FILE      (one hex APDU a line, cycled)
 * Prints "raw <N> apdus <seconds> s <rate> apdu/s"; exit 1 on any error or
 * unexpected status word, so a benchmark never times failed exchanges. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <PCSC/winscard.h>

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

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int run(SCARDHANDLE h, DWORD proto, const struct mix *m, long n)
{
	const SCARD_IO_REQUEST *pci = proto == SCARD_PROTOCOL_T0 ? SCARD_PCI_T0 : SCARD_PCI_T1;
	for (long i = 0; i < n; i++) {
		const size_t k = (size_t)i % m->n;
		unsigned char resp[258];
		DWORD rlen = sizeof resp;
		LONG rv = SCardTransmit(h, pci, m->apdu[k], m->len[k], NULL, resp, &rlen);
		if (rv != SCARD_S_SUCCESS || rlen < 2 ||
		    (resp[rlen - 2] != 0x90 && resp[rlen - 2] != 0x61)) {
			fprintf(stderr, "rawloop: APDU %ld (line %zu): %s, %lu bytes back\n", i,
			        k + 1, pcsc_stringify_error(rv), (unsigned long)rlen);
			return -1;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct mix m;
	if (argc != 4 || atol(argv[2]) <= 0) {
		fprintf(stderr, "usage: rawloop READER N APDU-FILE\n");
		return 2;
	}
	if (load_mix(argv[3], &m) < 0)
		return 2;
	SCARDCONTEXT ctx;
	SCARDHANDLE h;
	DWORD proto;
	LONG rv = SCardEstablishContext(SCARD_SCOPE_SYSTEM, NULL, NULL, &ctx);
	if (rv == SCARD_S_SUCCESS)
		rv = SCardConnect(ctx, argv[1], SCARD_SHARE_SHARED,
		                  SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1, &h, &proto);
	if (rv != SCARD_S_SUCCESS) {
		fprintf(stderr, "rawloop: %s: %s\n", argv[1], pcsc_stringify_error(rv));
		return 3;
	}
	long n = atol(argv[2]);
	double t0 = now();
	int bad = run(h, proto, &m, n);
	double dt = now() - t0;
	SCardDisconnect(h, SCARD_LEAVE_CARD);
	SCardReleaseContext(ctx);
	if (bad)
		return 1;
	printf("raw %ld apdus %.3f s %.0f apdu/s\n", n, dt, n / dt);
	return 0;
}
