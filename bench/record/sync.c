/* Grouped fsync of a run's evidence files (docs/evidence.md "Kill -9 and
 * power cuts"). Writers put every line and record into the page cache with
 * write(2) as they go, which a kill -9 cannot take back; durability against
 * a power cut costs an fsync, ~5 ms here, which per test point capped a run
 * at ~200 points/s. So one thread syncs the files that grew, at most once a
 * period, and the engine syncs at once where it matters (a long point's end,
 * the run's end, before the reports). */
#include "record.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define SYNC_FILES 8

struct sfile {
	int fd; /* our own dup: the writer may close its fd first */
	off_t synced;
	off_t (*size)(void *); /* NULL: fstat */
	void *arg;
	char name[64];
};

struct syncer {
	pthread_mutex_t mu; /* held by a group sync, and by a journal record's write */
	pthread_cond_t wake;
	pthread_t tid;
	int running, stop;
	long period_ms;
	struct sfile f[SYNC_FILES];
	int n;
	int err; /* errno of the first failed sync */
	char err_name[64];
};

/* Syncs, in the order added, every file that grew since its last sync. The
 * journal is added last: while the group runs no journal record can be
 * written (syncer_hold), so a record the journal's sync makes durable was
 * written before the other files' syncs began, and its trace lines, TAP
 * and CSV rows (written before it) are durable too. */
static int sync_locked(struct syncer *s)
{
	for (int i = 0; i < s->n && !s->err; i++) {
		struct sfile *f = &s->f[i];
		struct stat sb;
		off_t size = f->size ? f->size(f->arg) : fstat(f->fd, &sb) ? -1 : sb.st_size;
		if (size >= 0 && size == f->synced)
			continue;
		if (fdatasync(f->fd) && errno != EINVAL) { /* EINVAL: cannot sync (a pipe) */
			s->err = errno ? errno : EIO;
			snprintf(s->err_name, sizeof s->err_name, "%s", f->name);
			break;
		}
		f->synced = size;
	}
	return s->err ? -1 : 0;
}

static void *sync_loop(void *arg)
{
	struct syncer *s = arg;
	pthread_mutex_lock(&s->mu);
	while (!s->stop) {
		struct timespec at;
		clock_gettime(CLOCK_MONOTONIC, &at);
		at.tv_nsec += s->period_ms * 1000000L;
		at.tv_sec += at.tv_nsec / 1000000000L;
		at.tv_nsec %= 1000000000L;
		while (!s->stop && pthread_cond_timedwait(&s->wake, &s->mu, &at) != ETIMEDOUT)
			;
		if (!s->stop)
			sync_locked(s);
	}
	pthread_mutex_unlock(&s->mu);
	return NULL;
}

struct syncer *syncer_start(long period_ms, struct err *e)
{
	struct syncer *s = calloc(1, sizeof *s);
	if (!s) {
		err_set(e, EXIT_BAIL, "out of memory");
		return NULL;
	}
	s->period_ms = period_ms;
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&s->wake, &ca);
	pthread_condattr_destroy(&ca);
	pthread_mutex_init(&s->mu, NULL);
	/* Signals are the run's (interrupt.c): they must reach the thread that
	 * runs the tests, where they stop a sleep or a prompt at once. */
	sigset_t all, old;
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	int rc = pthread_create(&s->tid, NULL, sync_loop, s);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc) {
		err_set(e, EXIT_BAIL, "cannot start the sync thread: %s", strerror(rc));
		syncer_stop(s);
		return NULL;
	}
	s->running = 1;
	return s;
}

int syncer_add(struct syncer *s, int fd, const char *name, off_t (*size)(void *), void *arg)
{
	if (!s)
		return 0;
	pthread_mutex_lock(&s->mu);
	int rc = -1;
	struct sfile *f = &s->f[s->n];
	if (s->n < SYNC_FILES && (f->fd = fcntl(fd, F_DUPFD_CLOEXEC, 0)) >= 0) {
		f->synced = -1; /* synced at the first group */
		f->size = size, f->arg = arg;
		snprintf(f->name, sizeof f->name, "%s", name);
		s->n++;
		rc = 0;
	}
	pthread_mutex_unlock(&s->mu);
	return rc;
}

void syncer_hold(struct syncer *s)
{
	if (s)
		pthread_mutex_lock(&s->mu);
}

void syncer_release(struct syncer *s)
{
	if (s)
		pthread_mutex_unlock(&s->mu);
}

int syncer_now(struct syncer *s)
{
	if (!s)
		return 0;
	pthread_mutex_lock(&s->mu);
	int rc = sync_locked(s);
	pthread_mutex_unlock(&s->mu);
	return rc;
}

int syncer_error(struct syncer *s, char *name, size_t len)
{
	if (!s)
		return 0;
	pthread_mutex_lock(&s->mu);
	int err = s->err;
	snprintf(name, len, "%s", s->err_name);
	pthread_mutex_unlock(&s->mu);
	return err;
}

void syncer_stop(struct syncer *s)
{
	if (!s)
		return;
	if (s->running) {
		pthread_mutex_lock(&s->mu);
		s->stop = 1;
		pthread_cond_signal(&s->wake);
		pthread_mutex_unlock(&s->mu);
		pthread_join(s->tid, NULL);
	}
	for (int i = 0; i < s->n; i++)
		close(s->f[i].fd);
	pthread_cond_destroy(&s->wake);
	pthread_mutex_destroy(&s->mu);
	free(s);
}
