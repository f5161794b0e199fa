/* Bounded PC/SC calls on the caller's own thread (docs/perf.md).
 *
 * Handing each call to a worker thread costs two thread wake-ups per APDU,
 * and on a loaded machine each wake-up waits for a CPU: that hand-off was
 * most of bench's overhead over a bare SCardTransmit. Here the caller makes
 * the call itself and a watchdog thread, which wakes only once per tick and
 * never per call, cuts it when it outlives its deadline.
 *
 * SCardCancel cannot do that: in pcsc-lite 1.9.9 it only ends a pending
 * SCardGetStatusChange, and the client waits for a transmit's answer in
 * poll() with no timeout, retrying on EINTR. What does end the wait is the
 * context's socket to pcscd being shut down: poll() reports it, read()
 * returns 0 and the call returns SCARD_F_COMM_ERROR. The context is dead
 * from then on, which is what c->stuck already means. pcsc-lite does not
 * expose that socket, so pcsc_establish() finds it as the one new socket to
 * pcscd that SCardEstablishContext opened; if it cannot tell, the card uses
 * the worker thread (pcsc_worker.c) as before. */
#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "pcsc_io.h"

#define FIRED (-1LL)
/* After the cut, the call has this long to come back before the run is
 * ended: with pcsc-lite 1.9.9 it cannot still be blocked, but a hang is the
 * one outcome bench must never have. */
#define GRACE_MS 5000

struct pcsc_watch {
	pthread_mutex_t mu;
	pthread_cond_t cv; /* quit */
	pthread_t tid;
	int started, quit;
	int fd;                     /* the context's socket to pcscd */
	long tick_ms, timeout_ms;   /* how often the deadline is looked at; the bound */
	char reader[256];           /* for the last-resort message */
	_Atomic long long deadline; /* of the call under way, monotonic us; 0: none */
};

/* A connected, non-blocking AF_UNIX stream socket: how pcsc-lite's client
 * talks to pcscd. */
static int pcsc_socket(int fd)
{
	int type = 0;
	socklen_t len = sizeof type;
	struct sockaddr_un peer;
	socklen_t plen = sizeof peer;
	int fl = fcntl(fd, F_GETFL);
	return fl >= 0 && (fl & O_NONBLOCK) &&
	       getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len) == 0 && type == SOCK_STREAM &&
	       getpeername(fd, (struct sockaddr *)&peer, &plen) == 0 &&
	       peer.sun_family == AF_UNIX && plen > sizeof peer.sun_family && peer.sun_path[0];
}

struct fdlist {
	int fd[64];
	int n, over; /* over: more than fit (then nothing is trusted) */
};

static void list_sockets(struct fdlist *l)
{
	l->n = l->over = 0;
	DIR *d = opendir("/proc/self/fd");
	if (!d) {
		l->over = 1;
		return;
	}
	const int self = dirfd(d);
	struct dirent *de;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		int fd = atoi(de->d_name);
		if (fd == self || !pcsc_socket(fd))
			continue;
		if (l->n == (int)(sizeof l->fd / sizeof l->fd[0]))
			l->over = 1;
		else
			l->fd[l->n++] = fd;
	}
	closedir(d);
}

static int listed(const struct fdlist *l, int fd)
{
	for (int i = 0; i < l->n; i++)
		if (l->fd[i] == fd)
			return 1;
	return 0;
}

/* The one socket in after that is not in before, or -1. */
static int new_socket(const struct fdlist *before, const struct fdlist *after)
{
	int found = -1;
	if (before->over || after->over)
		return -1;
	for (int i = 0; i < after->n; i++) {
		if (listed(before, after->fd[i]))
			continue;
		if (found >= 0)
			return -1;
		found = after->fd[i];
	}
	return found;
}

/* Contexts are made and released one at a time process-wide, so no other
 * pcscd socket opens or closes while we look for the new one (t:parallel
 * branches open their roles from their own threads). */
static pthread_mutex_t ctx_lock = PTHREAD_MUTEX_INITIALIZER;

static struct pcsc_watch *watch_new(int fd)
{
	struct pcsc_watch *w = calloc(1, sizeof *w);
	if (!w)
		return NULL;
	w->fd = fd;
	pthread_mutex_init(&w->mu, NULL);
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&w->cv, &ca);
	pthread_condattr_destroy(&ca);
	atomic_init(&w->deadline, 0);
	return w;
}

LONG pcsc_establish(struct pcsc *c)
{
	struct fdlist before, after;
	pthread_mutex_lock(&ctx_lock);
	list_sockets(&before);
	LONG rv = SCardEstablishContext(SCARD_SCOPE_SYSTEM, NULL, NULL, &c->ctx);
	list_sockets(&after);
	pthread_mutex_unlock(&ctx_lock);
	if (rv != SCARD_S_SUCCESS)
		return rv;
	c->has_ctx = 1;
	int fd = new_socket(&before, &after);
	/* BENCH_PCSC_WORKER=1 forces the fallback, so tests cover it too. */
	const char *force = getenv("BENCH_PCSC_WORKER");
	int worker = force && *force && strcmp(force, "0") != 0;
	c->watch = fd >= 0 && !worker ? watch_new(fd) : NULL;
	return rv;
}

void pcsc_release(struct pcsc *c)
{
	pthread_mutex_lock(&ctx_lock);
	SCardReleaseContext(c->ctx);
	pthread_mutex_unlock(&ctx_lock);
	c->has_ctx = 0;
}

/* Cuts the call under way if it is past its deadline; ends the run if a cut
 * call has still not returned GRACE_MS later. */
static void look(struct pcsc_watch *w, long long *fired_at)
{
	long long now = mono_us(), d = atomic_load(&w->deadline);
	if (d > 0 && now >= d && atomic_compare_exchange_strong(&w->deadline, &d, FIRED)) {
		shutdown(w->fd, SHUT_RDWR);
		*fired_at = now;
	} else if (d != FIRED) {
		*fired_at = 0;
	} else if (*fired_at && now - *fired_at > GRACE_MS * 1000LL) {
		fprintf(stderr,
		        "bench: reader '%s': a call still blocked %d ms after its %ld ms "
		        "timeout and its connection was cut; ending the run (bench resume "
		        "continues it)\n",
		        w->reader, GRACE_MS, w->timeout_ms);
		_exit(EXIT_BAIL);
	}
}

static void *watch_loop(void *arg)
{
	struct pcsc_watch *w = arg;
	long long fired_at = 0;
	pthread_mutex_lock(&w->mu);
	while (!w->quit) {
		struct timespec ts;
		clock_gettime(CLOCK_MONOTONIC, &ts);
		ts.tv_nsec += w->tick_ms * 1000000L;
		ts.tv_sec += ts.tv_nsec / 1000000000L;
		ts.tv_nsec %= 1000000000L;
		pthread_cond_timedwait(&w->cv, &w->mu, &ts);
		look(w, &fired_at);
	}
	pthread_mutex_unlock(&w->mu);
	return NULL;
}

static int watch_start(struct pcsc *c, struct pcsc_watch *w)
{
	w->timeout_ms = c->timeout_ms;
	/* The cut comes at most a tick late: a tenth of the bound, <= 100 ms. */
	w->tick_ms = c->timeout_ms / 10 < 1     ? 1
	             : c->timeout_ms / 10 > 100 ? 100
	                                        : c->timeout_ms / 10;
	snprintf(w->reader, sizeof w->reader, "%s", c->reader);
	if (pthread_create(&w->tid, NULL, watch_loop, w) != 0)
		return -1;
	w->started = 1;
	return 0;
}

int pcsc_watch_begin(struct pcsc *c)
{
	struct pcsc_watch *w = c->watch;
	if (!w || (!w->started && watch_start(c, w) < 0))
		return -1;
	atomic_store(&w->deadline, mono_us() + c->timeout_ms * 1000LL);
	return 0;
}

int pcsc_watch_end(struct pcsc *c)
{
	if (atomic_exchange(&c->watch->deadline, 0) != FIRED)
		return 0;
	c->stuck = 1; /* its socket is shut: the context is gone */
	trace_note(c->trace, c->role,
	           "call cut at its %ld ms deadline (connection to pcscd shut down)",
	           c->timeout_ms);
	return 1;
}

void pcsc_watch_stop(struct pcsc *c)
{
	struct pcsc_watch *w = c->watch;
	if (!w)
		return;
	c->watch = NULL;
	if (w->started) {
		pthread_mutex_lock(&w->mu);
		w->quit = 1;
		pthread_cond_signal(&w->cv);
		pthread_mutex_unlock(&w->mu);
		pthread_join(w->tid, NULL);
	}
	pthread_cond_destroy(&w->cv);
	pthread_mutex_destroy(&w->mu);
	free(w);
}
