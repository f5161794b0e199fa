/* The simulated clock of a time-scaled simulated station (docs/station.md
 * "Time scale"). One page in the simulators' state directory: the run keeps
 * it, the simulators read it, so bench and its simulated devices share one
 * simulated time.
 *
 * Free, simulated time runs `scale` times real time from an anchor. On a
 * leash (while a test that has the whole station runs: an environment hold)
 * it runs only up to SIMCLOCK_LEASH_S real seconds past the run's last
 * tick: a run that stalls (a loaded host that leaves it without a CPU for
 * 70 ms is 8 simulated minutes at --time-scale 7200) stops the simulated
 * world with it, instead of finding, when it wakes, a chamber that lived
 * minutes nobody watched. Without the leash a hold's max_sample_gap failed
 * on a loaded host at a large time scale (docs/perf.md "Demo run").
 *
 * The page's fields change together under a sequence lock: odd while the
 * run writes, readers try again. */
#include "base.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#define MAGIC "bsclock1"

struct page {
	char magic[8];
	_Atomic uint64_t seq;
	_Atomic int64_t t0_us; /* simulated time at the anchor */
	_Atomic int64_t r0_ns; /* CLOCK_MONOTONIC at the anchor */
	_Atomic int64_t scale; /* simulated per real second, x 1e6 */
	_Atomic int64_t leash; /* 1: at most SIMCLOCK_LEASH_S past the anchor */
};

struct simclock {
	struct page *p;
	int keep;           /* this process is the run that keeps it */
	double scale;       /* a reader's own, for a page nobody wrote yet */
	double src, local;  /* a reader's last look at the source, and its own time */
	int have;           /* src was read */
	pthread_mutex_t mu; /* the run's threads tick one at a time */
};

struct anchor {
	int64_t t0_us, r0_ns, scale, leash;
};

static int64_t mono_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int read_anchor(struct page *p, struct anchor *a)
{
	for (int tries = 0; tries < 1000000; tries++) {
		uint64_t s1 = atomic_load_explicit(&p->seq, memory_order_acquire);
		if (s1 & 1)
			continue;
		a->t0_us = atomic_load_explicit(&p->t0_us, memory_order_relaxed);
		a->r0_ns = atomic_load_explicit(&p->r0_ns, memory_order_relaxed);
		a->scale = atomic_load_explicit(&p->scale, memory_order_relaxed);
		a->leash = atomic_load_explicit(&p->leash, memory_order_relaxed);
		atomic_thread_fence(memory_order_acquire);
		if (atomic_load_explicit(&p->seq, memory_order_relaxed) == s1)
			return 0;
	}
	return -1; /* a writer died half way: cannot happen between two stores */
}

static void write_anchor(struct page *p, const struct anchor *a)
{
	atomic_fetch_add_explicit(&p->seq, 1, memory_order_relaxed);
	atomic_thread_fence(memory_order_release);
	atomic_store_explicit(&p->t0_us, a->t0_us, memory_order_relaxed);
	atomic_store_explicit(&p->r0_ns, a->r0_ns, memory_order_relaxed);
	atomic_store_explicit(&p->scale, a->scale, memory_order_relaxed);
	atomic_store_explicit(&p->leash, a->leash, memory_order_relaxed);
	atomic_fetch_add_explicit(&p->seq, 1, memory_order_release);
}

/* Simulated microseconds at real time now under anchor a. */
static int64_t at(const struct anchor *a, int64_t now)
{
	int64_t dt = now - a->r0_ns;
	int64_t cap = (int64_t)(SIMCLOCK_LEASH_S * 1e9);
	if (dt < 0)
		dt = 0;
	if (a->leash && dt > cap)
		dt = cap;
	return a->t0_us + (int64_t)((double)dt / 1e3 * ((double)a->scale / 1e6));
}

struct simclock *simclock_open(const char *path, double scale, int keep, struct err *e)
{
	struct simclock *c = calloc(1, sizeof *c);
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600), rc = 0;
	/* Blocks allocated now, not at the first store into the mapping: on a
	 * full disk that store would be a SIGBUS, this is an error. */
	if (!c || fd < 0 || (rc = posix_fallocate(fd, 0, sizeof *c->p)) != 0) {
		err_set(e, EXIT_BAIL, "simulated clock %s: %s", path,
		        strerror(rc      ? rc
		                 : errno ? errno
		                         : ENOMEM));
		if (fd >= 0)
			close(fd);
		free(c);
		return NULL;
	}
	c->p = mmap(NULL, sizeof *c->p, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	if (c->p == MAP_FAILED) {
		err_set(e, EXIT_BAIL, "simulated clock %s: %s", path, strerror(errno));
		free(c);
		return NULL;
	}
	pthread_mutex_init(&c->mu, NULL);
	c->keep = keep, c->scale = scale;
	if (keep) { /* on from where the page's time is, free */
		struct anchor a = {0};
		int64_t now = mono_ns();
		int known = !memcmp(c->p->magic, MAGIC, 8) && read_anchor(c->p, &a) == 0;
		if (!known) /* new, or a run killed half way through a write */
			atomic_store(&c->p->seq, 0);
		a = (struct anchor){known ? at(&a, now) : 0, now, (int64_t)(scale * 1e6), 0};
		write_anchor(c->p, &a);
		memcpy(c->p->magic, MAGIC, 8);
	}
	return c;
}

double simclock_now(struct simclock *c)
{
	struct anchor a;
	int64_t now = mono_ns();
	if (!c->keep) { /* a reader's time only goes forward, by what the source did */
		double src;
		if (memcmp(c->p->magic, MAGIC, 8) || read_anchor(c->p, &a) != 0)
			src = (double)now / 1e9 * c->scale; /* no run yet: real time, scaled */
		else
			src = (double)at(&a, now) / 1e6;
		if (c->have && src > c->src)
			c->local += src - c->src;
		c->src = src, c->have = 1;
		return c->local;
	}
	pthread_mutex_lock(&c->mu);
	now = mono_ns(); /* in order with the other threads' ticks */
	read_anchor(c->p, &a);
	if (a.leash) { /* a tick: the run is alive now */
		a.t0_us = at(&a, now);
		a.r0_ns = now;
		write_anchor(c->p, &a);
	}
	pthread_mutex_unlock(&c->mu);
	return (double)at(&a, now) / 1e6;
}

void simclock_leash(struct simclock *c, int on)
{
	struct anchor a;
	pthread_mutex_lock(&c->mu);
	int64_t now = mono_ns();
	read_anchor(c->p, &a);
	a.t0_us = at(&a, now);
	a.r0_ns = now;
	a.leash = on;
	write_anchor(c->p, &a);
	pthread_mutex_unlock(&c->mu);
}

void simclock_close(struct simclock *c)
{
	if (!c)
		return;
	if (c->keep)
		simclock_leash(c, 0); /* simulated time runs on without the run */
	munmap(c->p, sizeof *c->p);
	pthread_mutex_destroy(&c->mu);
	free(c);
}
