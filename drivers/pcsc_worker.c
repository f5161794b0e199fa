/* Bounded PC/SC calls: SCardTransmit, SCardControl and SCardReconnect
 * within c->timeout_ms. SCardTransmit has no timeout of its own: pcsc-lite
 * blocks until pcscd answers, and a card that stops answering can keep it
 * waiting for as long as the reader driver does. Where the context's socket
 * is known (pcsc_watch.c) the caller makes the call itself under a watchdog
 * that cuts it at its deadline. Otherwise the call runs on a worker thread;
 * the caller waits at most timeout_ms, then SCardCancel()s, waits a grace
 * period, and otherwise abandons the worker (which frees its job when the
 * call finally returns). The worker is one long-lived thread per card, not
 * one per call: creating a thread per APDU cost ~200 us, more than the
 * exchange itself (docs/perf.md). */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <PCSC/pcsclite.h>

#include "pcsc_io.h"

/* How long a cancelled call may take to come back before it is abandoned. */
#define CANCEL_GRACE_MS 500

enum op { OP_TRANSMIT, OP_CONTROL, OP_RECONNECT };

struct job {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int done, abandoned;
	enum op op;
	SCARDHANDLE h;
	DWORD proto, share, prefer, init, code;
	unsigned char in[PCSC_APDU_MAX + 4096];
	size_t n;
	unsigned char out[PCSC_RESP_MAX + 2];
	DWORD outlen;
	LONG rv;
};

static const SCARD_IO_REQUEST *pci(DWORD proto)
{
	return proto == SCARD_PROTOCOL_T1 ? SCARD_PCI_T1 : SCARD_PCI_T0;
}

static LONG perform(struct job *j)
{
	LONG rv;
	if (j->op == OP_TRANSMIT) {
		rv = SCardTransmit(j->h, pci(j->proto), j->in, (DWORD)j->n, NULL, j->out,
		                   &j->outlen);
	} else if (j->op == OP_CONTROL) {
		rv = SCardControl(j->h, j->code, j->in, (DWORD)j->n, j->out, j->outlen, &j->outlen);
	} else {
		DWORD proto = 0;
		rv = SCardReconnect(j->h, j->share, j->prefer, j->init, &proto);
		j->proto = proto;
	}
	return rv;
}

static void *worker(void *arg)
{
	struct job *j = arg;
	LONG rv = perform(j);
	pthread_mutex_lock(&j->mu);
	j->rv = rv;
	j->done = 1;
	int orphan = j->abandoned;
	pthread_cond_signal(&j->cv);
	pthread_mutex_unlock(&j->mu);
	if (orphan)
		free(j);
	return NULL;
}

struct pcsc_worker {
	pthread_mutex_t mu;
	pthread_cond_t cv; /* a job was posted, or quit */
	pthread_t tid;
	struct job *job; /* posted, not yet taken */
	int quit, detached;
};

static void *worker_loop(void *arg)
{
	struct pcsc_worker *w = arg;
	pthread_mutex_lock(&w->mu);
	for (;;) {
		while (!w->job && !w->quit)
			pthread_cond_wait(&w->cv, &w->mu);
		struct job *j = w->job;
		if (!j)
			break;
		w->job = NULL;
		pthread_mutex_unlock(&w->mu);
		worker(j);
		pthread_mutex_lock(&w->mu);
	}
	int detached = w->detached;
	pthread_mutex_unlock(&w->mu);
	if (detached) {
		pthread_cond_destroy(&w->cv);
		pthread_mutex_destroy(&w->mu);
		free(w);
	}
	return NULL;
}

static int worker_start(struct pcsc *c)
{
	struct pcsc_worker *w = calloc(1, sizeof *w);
	if (!w)
		return -1;
	pthread_mutex_init(&w->mu, NULL);
	pthread_cond_init(&w->cv, NULL);
	if (pthread_create(&w->tid, NULL, worker_loop, w) != 0) {
		pthread_cond_destroy(&w->cv);
		pthread_mutex_destroy(&w->mu);
		free(w);
		return -1;
	}
	c->worker = w;
	return 0;
}

void pcsc_worker_stop(struct pcsc *c)
{
	struct pcsc_worker *w = c->worker;
	if (!w)
		return;
	c->worker = NULL;
	pthread_mutex_lock(&w->mu);
	w->quit = 1;
	/* Still inside a call that never returned: it may never join, so it
	 * frees itself if the call ever ends. */
	w->detached = c->stuck;
	pthread_cond_signal(&w->cv);
	if (w->detached)
		pthread_detach(w->tid);
	pthread_mutex_unlock(&w->mu);
	if (w->detached)
		return;
	pthread_join(w->tid, NULL);
	pthread_cond_destroy(&w->cv);
	pthread_mutex_destroy(&w->mu);
	free(w);
}

static int wait_until(struct job *j, long ms)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	ts.tv_sec += ms / 1000;
	ts.tv_nsec += (ms % 1000) * 1000000L;
	if (ts.tv_nsec >= 1000000000L) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000L;
	}
	int rc = 0;
	while (!j->done && rc != ETIMEDOUT)
		rc = pthread_cond_timedwait(&j->cv, &j->mu, &ts);
	return j->done;
}

/* Runs j on a worker; returns its result, or SCARD_E_TIMEOUT when it did not
 * finish in time. Frees j unless it succeeded (the caller reads it, then
 * frees it) or was abandoned (the worker frees it). */
static LONG run_job(struct pcsc *c, struct job *j)
{
	if (c->stuck) {
		free(j);
		return SCARD_E_TIMEOUT;
	}
	if (pcsc_watch_begin(c) == 0) {
		LONG rv = perform(j);
		if (pcsc_watch_end(c))
			rv = SCARD_E_TIMEOUT;
		if (rv != SCARD_S_SUCCESS)
			free(j);
		return rv;
	}
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&j->cv, &ca);
	pthread_condattr_destroy(&ca);
	pthread_mutex_init(&j->mu, NULL);
	if (!c->worker && worker_start(c) < 0) {
		free(j);
		return SCARD_E_NO_MEMORY;
	}
	pthread_mutex_lock(&j->mu);
	pthread_mutex_lock(&c->worker->mu);
	c->worker->job = j;
	pthread_cond_signal(&c->worker->cv);
	pthread_mutex_unlock(&c->worker->mu);
	int done = wait_until(j, c->timeout_ms);
	if (!done) {
		pthread_mutex_unlock(&j->mu);
		SCardCancel(c->ctx);
		pthread_mutex_lock(&j->mu);
		done = wait_until(j, CANCEL_GRACE_MS);
	}
	if (!done) {
		j->abandoned = 1;
		c->stuck = 1;
		pthread_mutex_unlock(&j->mu);
		trace_note(c->trace, c->role, "call abandoned %d ms after its deadline (cancel had no effect)",
		                CANCEL_GRACE_MS);
		return SCARD_E_TIMEOUT;
	}
	pthread_mutex_unlock(&j->mu);
	LONG rv = j->rv;
	if (rv != SCARD_S_SUCCESS)
		free(j);
	return rv == SCARD_E_CANCELLED ? SCARD_E_TIMEOUT : rv;
}

static struct job *new_job(struct pcsc *c, enum op op)
{
	struct job *j = calloc(1, sizeof *j);
	if (j) {
		j->op = op;
		j->h = c->h;
		j->proto = c->proto;
	}
	return j;
}

LONG pcsc_transmit(struct pcsc *c, const unsigned char *in, size_t n, unsigned char *out,
                   DWORD *outlen)
{
	if (c->stuck)
		return SCARD_E_TIMEOUT;
	if (pcsc_watch_begin(c) == 0) { /* the common case: no job, no copies */
		LONG rv = SCardTransmit(c->h, pci(c->proto), in, (DWORD)n, NULL, out, outlen);
		return pcsc_watch_end(c) ? SCARD_E_TIMEOUT : rv;
	}
	struct job *j = new_job(c, OP_TRANSMIT);
	if (!j)
		return SCARD_E_NO_MEMORY;
	memcpy(j->in, in, n);
	j->n = n;
	j->outlen = sizeof j->out;
	LONG rv = run_job(c, j);
	if (rv == SCARD_S_SUCCESS) {
		DWORD k = j->outlen < *outlen ? j->outlen : *outlen;
		memcpy(out, j->out, k);
		*outlen = k;
		free(j);
	}
	return rv;
}

LONG pcsc_control(struct pcsc *c, DWORD code, const unsigned char *in, size_t n, unsigned char *out,
                  DWORD *outlen)
{
	struct job *j = new_job(c, OP_CONTROL);
	if (!j)
		return SCARD_E_NO_MEMORY;
	if (n > sizeof j->in)
		n = sizeof j->in;
	memcpy(j->in, in, n);
	j->n = n;
	j->code = code;
	j->outlen = *outlen < sizeof j->out ? *outlen : (DWORD)sizeof j->out;
	LONG rv = run_job(c, j);
	if (rv == SCARD_S_SUCCESS) {
		memcpy(out, j->out, j->outlen);
		*outlen = j->outlen;
		free(j);
	}
	return rv;
}

LONG pcsc_reconnect(struct pcsc *c, DWORD init)
{
	struct job *j = new_job(c, OP_RECONNECT);
	if (!j)
		return SCARD_E_NO_MEMORY;
	j->share = c->share;
	j->prefer = c->prefer;
	j->init = init;
	LONG rv = run_job(c, j);
	if (rv == SCARD_S_SUCCESS) {
		c->proto = j->proto;
		free(j);
	}
	return rv;
}
