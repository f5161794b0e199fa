/* bench/base/simclock.c: the simulated clock a time-scaled run shares with
 * its simulators. Free, it runs `scale` times real time for everyone; on
 * the leash it stops SIMCLOCK_LEASH_S real seconds after the run's last
 * tick, and runs on as the run ticks; a reader's time never goes back, a
 * new run goes on from the page's time. Bounds are loose on purpose (a
 * loaded host sleeps long): each one separates the leash from free time by
 * a factor of 4 or more. Prints TAP. */
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "bench/base/base.h"
#include "tap.h"

#define SCALE 1000.0

static double mono(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void nap_ms(int ms)
{
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
	nanosleep(&ts, NULL);
}

/* What the reader saw while the run ticked every ms for ms real ms (the
 * writer's ticks) or did nothing (ticks = 0). */
static double watch(struct simclock *w, struct simclock *rd, int ms, int ticks)
{
	double r0 = simclock_now(rd), end = mono() + ms / 1e3;
	while (mono() < end) {
		if (ticks)
			simclock_now(w);
		nap_ms(1);
	}
	return simclock_now(rd) - r0;
}

/* The run's threads (suites side by side, t:parallel branches) tick the
 * same clock: each one's readings only go forward. */
struct ticker {
	struct simclock *w;
	int backwards;
};

static void *tick_a_lot(void *arg)
{
	struct ticker *t = arg;
	double last = 0;
	for (int i = 0; i < 20000; i++) {
		double now = simclock_now(t->w);
		t->backwards += now < last;
		last = now;
	}
	return NULL;
}

static void threads(struct simclock *w, struct simclock *rd)
{
	struct ticker t[4] = {{w, 0}, {w, 0}, {w, 0}, {w, 0}};
	pthread_t tid[4];
	double r0 = simclock_now(rd);
	int started = 0, back = 0;
	for (int i = 0; i < 4; i++)
		started += pthread_create(&tid[i], NULL, tick_a_lot, &t[i]) == 0;
	for (int i = 0; i < 4; i++)
		if (i < started)
			pthread_join(tid[i], NULL);
	for (int i = 0; i < 4; i++)
		back += t[i].backwards;
	tap_ok(started == 4 && back == 0 && simclock_now(rd) >= r0,
	       "4 threads ticking at once: no thread sees it go back (%d did)", back);
}

int main(void)
{
	char dir[] = "/tmp/test_simclock.XXXXXX", path[4200];
	struct err e = {0};
	if (!mkdtemp(dir))
		return 1;
	snprintf(path, sizeof path, "%s/clock", dir);
	struct simclock *rd = simclock_open(path, SCALE, 0, &e);
	if (!tap_ok(rd != NULL, "a simulator opens the clock before any run (%s)", e.msg))
		return tap_done();
	double a = simclock_now(rd);
	nap_ms(50);
	double d = simclock_now(rd) - a;
	tap_ok(d >= 25 && d < 5000, "no run yet: the simulator's own scale (50 ms -> %.1f s)", d);

	struct simclock *w = simclock_open(path, SCALE, 1, &e);
	if (!tap_ok(w != NULL, "the run keeps it (%s)", e.msg))
		return tap_done();
	double seen = simclock_now(rd);
	tap_ok(seen >= a + d, "a reader never goes back when the run starts at 0 (%.1f s)", seen);
	d = watch(w, rd, 100, 0);
	tap_ok(d >= 50, "free: time runs without ticks (100 ms -> %.1f s)", d);

	simclock_leash(w, 1);
	nap_ms(5);
	d = watch(w, rd, 200, 0);
	tap_ok(d <= SIMCLOCK_LEASH_S * SCALE + 1,
	       "on the leash, a silent run stops it (200 ms -> %.1f s)", d);
	double w0 = simclock_now(w);
	nap_ms(200);
	double w1 = simclock_now(w);
	tap_ok(w1 - w0 <= SIMCLOCK_LEASH_S * SCALE + 1,
	       "the run's own clock skips a stall of its own (200 ms -> %.1f s)", w1 - w0);
	d = watch(w, rd, 200, 1);
	tap_ok(d >= 4 * (SIMCLOCK_LEASH_S * SCALE + 1),
	       "a ticking run keeps it running (200 ms -> %.1f s)", d);
	threads(w, rd);

	simclock_leash(w, 0);
	d = watch(w, rd, 100, 0);
	tap_ok(d >= 50, "off the leash it runs free again (100 ms -> %.1f s)", d);
	double last = simclock_now(w);
	simclock_leash(w, 1);
	simclock_close(w); /* takes the leash off */
	d = watch(w, rd, 100, 0);
	tap_ok(d >= 50, "a closed run leaves it free (100 ms -> %.1f s)", d);

	w = simclock_open(path, SCALE, 1, &e);
	double next = w ? simclock_now(w) : 0;
	tap_ok(w && next >= last, "the next run goes on from the page's time (%.1f -> %.1f s)",
	       last, next);
	simclock_close(w);

	/* A run killed between the two halves of a write leaves the sequence
	 * odd (the page's second 8 bytes): the next run starts it afresh, and
	 * its leash holds again. */
	int fd = open(path, O_WRONLY);
	unsigned long long odd = 7;
	int put = fd >= 0 && pwrite(fd, &odd, sizeof odd, 8) == (ssize_t)sizeof odd;
	if (fd >= 0)
		close(fd);
	w = simclock_open(path, SCALE, 1, &e);
	d = -1;
	if (put && w) {
		simclock_leash(w, 1);
		nap_ms(5);
		d = watch(w, rd, 200, 0);
	}
	tap_ok(put && w && d >= 0 && d <= SIMCLOCK_LEASH_S * SCALE + 1,
	       "after a run killed mid-write, the next run's leash holds (200 ms -> %.1f s)", d);
	simclock_close(w);
	simclock_close(rd);
	tap_ok(simclock_open("/nonexistent/dir/clock", SCALE, 1, &e) == NULL &&
	           e.code == EXIT_BAIL && e.msg[0],
	       "an unusable path is an error naming it: %s", e.msg);
	unlink(path);
	rmdir(dir);
	return tap_done();
}
