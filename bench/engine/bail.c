/* What every part of the engine may do to the run it belongs to: end it
 * (bail out), and read the clock it measures with. */
#include "engine.h"

#include <stdarg.h>
#include <stdio.h>
#include <time.h>

void run_bail(struct run *r, const char *fmt, ...)
{
	if (r->bailed)
		return;
	/* Suites side by side (--jobs) may bail at once: the first one's
	 * reason stands, written whole before the flag says it is there. */
	pthread_mutex_lock(&r->mu);
	if (!r->bailed) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(r->bail_reason, sizeof r->bail_reason, fmt, ap);
		va_end(ap);
		r->bailed = 1;
	}
	pthread_mutex_unlock(&r->mu);
}

double run_mono(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

double run_elapsed(const struct run *r)
{
	if (r && r->clock)
		return simclock_now(r->clock) - r->clock_zero;
	return r ? (run_mono() - r->started) * r->time_scale : 0;
}

void run_clock_replay(struct run *r, const char *csv)
{
	const char *p = csv, *f[CSV_N];
	char buf[2048];
	double last = 0, x;
	while (p && csv_row(&p, buf, sizeof buf, f) > 0)
		if (!num_parse(f[CSV_ELAPSED], &x) && x > last)
			last = x;
	/* Suites side by side replay at once: the latest wins, under mu. */
	pthread_mutex_lock(&r->mu);
	if (last > run_elapsed(r)) {
		r->started = run_mono() - last / r->time_scale;
		if (r->clock)
			r->clock_zero = simclock_now(r->clock) - last;
	}
	pthread_mutex_unlock(&r->mu);
}
