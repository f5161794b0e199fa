/* A host name looked up within a time limit (see resolve.h). */
#include "resolve.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* One lookup, shared by its thread and the caller waiting for it: the last
 * of the two to let go frees it. */
struct lookup {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int refs, done, rc;
	int socktype;
	char host[256], port[32];
	struct addrinfo *ai;
};

/* Lets go of l (its lock held): freed when no one holds it any more. */
static void let_go(struct lookup *l)
{
	int last = --l->refs == 0;
	pthread_mutex_unlock(&l->mu);
	if (!last)
		return;
	if (l->ai)
		freeaddrinfo(l->ai);
	pthread_cond_destroy(&l->cv);
	pthread_mutex_destroy(&l->mu);
	free(l);
}

static void *look_up(void *arg)
{
	struct lookup *l = arg;
	struct addrinfo hints = {.ai_socktype = l->socktype}, *ai = NULL;
	int rc = getaddrinfo(l->host, l->port, &hints, &ai);
	pthread_mutex_lock(&l->mu);
	l->rc = rc, l->ai = ai, l->done = 1;
	pthread_cond_signal(&l->cv);
	let_go(l);
	return NULL;
}

/* A new lookup of host:port, its thread started detached (every signal
 * blocked there: they are the run's main thread's): the lookup, or NULL
 * with *why the error. */
static struct lookup *start(const char *host, const char *port, int socktype, int *why)
{
	struct lookup *l = calloc(1, sizeof *l);
	pthread_condattr_t ca;
	pthread_attr_t ta;
	if (!l || pthread_condattr_init(&ca)) {
		free(l);
		*why = ENOMEM;
		return NULL;
	}
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_mutex_init(&l->mu, NULL);
	pthread_cond_init(&l->cv, &ca);
	pthread_condattr_destroy(&ca);
	l->refs = 2, l->socktype = socktype;
	snprintf(l->host, sizeof l->host, "%s", host);
	snprintf(l->port, sizeof l->port, "%s", port);
	sigset_t all, was;
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &was);
	pthread_t t;
	*why = pthread_attr_init(&ta);
	if (!*why) {
		pthread_attr_setdetachstate(&ta, PTHREAD_CREATE_DETACHED);
		*why = pthread_create(&t, &ta, look_up, l);
		pthread_attr_destroy(&ta);
	}
	pthread_sigmask(SIG_SETMASK, &was, NULL);
	if (!*why)
		return l;
	pthread_mutex_lock(&l->mu);
	l->refs = 1;
	let_go(l);
	return NULL;
}

/* Whether a lookup's error is the name's (the station's) rather than the
 * name servers' or the machine's (no answer, an error, out of memory). */
static int name_error(int rc)
{
	return rc != EAI_AGAIN && rc != EAI_FAIL && rc != EAI_MEMORY && rc != EAI_SYSTEM;
}

int resolve(const char *host, const char *port, int socktype, int ms, struct addrinfo **ai,
            struct err *e)
{
	struct addrinfo hints = {.ai_socktype = socktype, .ai_flags = AI_NUMERICHOST};
	if (getaddrinfo(host, port, &hints, ai) == 0)
		return 0;
	int why;
	struct lookup *l = start(host, port, socktype, &why);
	if (!l)
		return err_set(e, EXIT_BAIL, "%s: lookup: %s", host, strerror(why));
	struct timespec end;
	clock_gettime(CLOCK_MONOTONIC, &end);
	end.tv_sec += ms / 1000;
	end.tv_nsec += (long)(ms % 1000) * 1000000L;
	if (end.tv_nsec >= 1000000000L)
		end.tv_sec++, end.tv_nsec -= 1000000000L;
	pthread_mutex_lock(&l->mu);
	while (!l->done && pthread_cond_timedwait(&l->cv, &l->mu, &end) == 0)
		; /* 0: woken, perhaps spuriously; ETIMEDOUT (or EINVAL): given up */
	int done = l->done, rc = l->rc;
	*ai = done && !rc ? l->ai : NULL;
	if (*ai)
		l->ai = NULL; /* the caller's now */
	let_go(l);
	if (!done)
		return err_set(e, EXIT_BAIL,
		               "%s: no address within %d ms (its name server does not answer)",
		               host, ms);
	if (rc)
		return err_set(e, name_error(rc) ? EXIT_USAGE : EXIT_BAIL, "%s:%s: %s", host, port,
		               gai_strerror(rc));
	return 0;
}
