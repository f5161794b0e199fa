/* bench run --jobs N: suites whose role sets are disjoint run at the same
 * time on one station (docs/evidence.md "Suites side by side").
 *
 * Each running suite has a thread and its own Lua state (every suite has
 * one already). A suite starts only when no running suite holds one of its
 * roles (the role lock: roles are held per suite, so each is used by one
 * test at a time) and, if it or a running suite is exclusive, when nothing
 * else runs. Its device objects are closed (suite_close) before its roles
 * are free again.
 *
 * TAP: each suite's lines wait in its lane and the main thread writes whole
 * suites in the serial order, so the stream is the one a serial run writes,
 * whatever finished first; a reader of stdout sees a suite once it is done.
 * The journal takes each point as it finishes (every suite's records are
 * whole, under r->mu), so a kill loses nothing: bench resume replays each
 * suite's records (replay.c reads them per suite). */
#include "internal.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "engine.h"

enum { L_PENDING, L_RUNNING, L_DONE, L_EMITTED };

struct lane {
	struct tap tap; /* sink[0]: what goes to stdout (TAP, LAVA), sink[1]: results.tap */
	char *buf[2];
	size_t len[2];
	struct run *r;
	struct suite *s;
	int sidx, num, state;
	double t0, t1; /* run_mono() at start and end */
	pthread_t tid;
	struct sched *sch;
};

struct sched {
	pthread_mutex_t mu;
	pthread_cond_t cv; /* a lane ended */
	struct lane *l;
	int n, running;
};

struct tap *lane_tap(struct run *r, const struct suite *s)
{
	return s->lane ? &s->lane->tap : r->tap;
}

FILE *lane_stdout(const struct suite *s)
{
	return s->lane ? s->lane->tap.sink[0] : stdout;
}

void run_set_current(struct run *r, const char *id)
{
	pthread_mutex_lock(&r->mu);
	snprintf(r->current_test, sizeof r->current_test, "%s", id);
	pthread_mutex_unlock(&r->mu);
}

static void *lane_main(void *arg)
{
	struct lane *l = arg;
	run_suite(l->r, l->s, l->sidx, l->num);
	suite_close(l->s); /* its devices are closed before its roles are free */
	for (int i = 0; i < 2; i++)
		if (fclose(l->tap.sink[i]) && !l->tap.err[i])
			l->tap.err[i] = ENOMEM;
	struct sched *sch = l->sch;
	pthread_mutex_lock(&sch->mu);
	l->t1 = run_mono();
	l->state = L_DONE;
	sch->running--;
	pthread_cond_signal(&sch->cv);
	pthread_mutex_unlock(&sch->mu);
	return NULL;
}

/* Whether lane i may start beside the running ones (sch->mu held). */
static int may_start(const struct sched *sch, int i)
{
	const struct roleset *rs = &sch->l[i].s->roles;
	for (int k = 0; k < sch->n; k++) {
		const struct lane *o = &sch->l[k];
		if (o->state != L_RUNNING)
			continue;
		if (rs->exclusive || o->s->roles.exclusive || !roleset_disjoint(rs, &o->s->roles))
			return 0;
	}
	return 1;
}

static int start(struct sched *sch, struct lane *l)
{
	l->tap.nsinks = 2;
	l->tap.version = l->r->tap->version;
	l->tap.secrets = l->r->secrets;
	for (int i = 0; i < 2; i++)
		if (!(l->tap.sink[i] = open_memstream(&l->buf[i], &l->len[i]))) {
			if (i)
				fclose(l->tap.sink[0]);
			return -1;
		}
	l->s->lane = l;
	l->state = L_RUNNING;
	l->t0 = run_mono();
	sch->running++;
	if (pthread_create(&l->tid, NULL, lane_main, l)) {
		sch->running--;
		l->state = L_PENDING;
		l->s->lane = NULL;
		fclose(l->tap.sink[0]);
		fclose(l->tap.sink[1]);
		return -1;
	}
	return 0;
}

/* Starts what may start, in the suites' order (sch->mu held). */
static void start_more(struct sched *sch)
{
	struct run *r = sch->l[0].r;
	for (int i = 0; i < sch->n && sch->running < r->jobs; i++) {
		if (r->bailed || run_signal())
			return;
		if (sch->l[i].state == L_PENDING && may_start(sch, i) && start(sch, &sch->l[i]))
			run_bail(r, "cannot start a thread for %s", sch->l[i].s->path);
	}
}

/* Writes lane l's TAP to stdout and results.tap (a lane that bailed out
 * midway is written as far as it got, as a serial run would). */
static void emit(struct run *r, struct lane *l)
{
	pthread_join(l->tid, NULL);
	pthread_mutex_lock(&r->mu);
	for (int i = 0; i < r->tap->nsinks && i < 2; i++) {
		FILE *f = r->tap->sink[i];
		if ((fwrite(l->buf[i], 1, l->len[i], f) != l->len[i] || fflush(f)) &&
		    !r->tap->err[i])
			r->tap->err[i] = errno ? errno : EIO;
	}
	pthread_mutex_unlock(&r->mu);
	if (l->tap.err[0] || l->tap.err[1])
		run_lost(r, "results.tap: %s kept in memory: %s", l->s->path,
		         strerror(l->tap.err[1] ? l->tap.err[1] : l->tap.err[0]));
	runfiles_check(r);
	l->s->lane = NULL;
	l->state = L_EMITTED;
}

/* The pairs of suites whose run times overlapped, for run.json. */
static void overlaps(struct run *r, const struct sched *sch)
{
	for (int i = 0; i < sch->n; i++)
		for (int k = i + 1; k < sch->n; k++) {
			const struct lane *a = &sch->l[i], *b = &sch->l[k];
			if (!a->t0 || !b->t0 || !(a->t0 < b->t1 && b->t0 < a->t1))
				continue;
			int(*v)[2] = realloc(r->overlap, (r->noverlap + 1) * sizeof *v);
			if (!v)
				return;
			r->overlap = v;
			r->overlap[r->noverlap][0] = a->sidx;
			r->overlap[r->noverlap++][1] = b->sidx;
		}
}

static void wait_a_while(struct sched *sch)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_nsec += 100 * 1000000L; /* a signal is seen within 0.1 s */
	if (ts.tv_nsec >= 1000000000L)
		ts.tv_sec++, ts.tv_nsec -= 1000000000L;
	pthread_cond_timedwait(&sch->cv, &sch->mu, &ts);
}

void jobs_run(struct run *r, struct suite *suites, int n)
{
	struct sched sch = {.l = calloc((size_t)n + 1, sizeof *sch.l)};
	if (!sch.l) {
		run_bail(r, "out of memory starting the suites");
		return;
	}
	pthread_mutex_init(&sch.mu, NULL);
	pthread_cond_init(&sch.cv, NULL);
	for (int i = 0, k = 0; i < n; i++)
		if (run_count_selected(r, &suites[i]) > 0)
			sch.l[sch.n++] = (struct lane){
			    .r = r, .s = &suites[i], .sidx = i, .num = ++k, .sch = &sch};
	pthread_mutex_lock(&sch.mu);
	for (int next = 0; next < sch.n;) {
		start_more(&sch);
		struct lane *l = &sch.l[next];
		if (l->state == L_DONE) {
			pthread_mutex_unlock(&sch.mu); /* the others go on meanwhile */
			emit(r, l);
			pthread_mutex_lock(&sch.mu);
			next++;
		} else if (l->state == L_PENDING && !sch.running) {
			next++; /* never started: the run bailed out before it */
		} else {
			wait_a_while(&sch);
		}
	}
	pthread_mutex_unlock(&sch.mu);
	overlaps(r, &sch);
	for (int i = 0; i < sch.n; i++)
		for (int k = 0; k < 2; k++)
			free(sch.l[i].buf[k]);
	pthread_cond_destroy(&sch.cv);
	pthread_mutex_destroy(&sch.mu);
	free(sch.l);
}
