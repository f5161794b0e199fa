/* drivers/gpiod_io.c, the GPIO line logic, through a scripted fake backend
 * with a virtual clock: active-low inversion, pulses, edge filtering and
 * wait deadlines. TAP. */
#include <stdio.h>
#include <string.h>

#include "drivers/gpiod_io.h"
#include "tap.h"

struct ev {
	long at;
	int rising;
};

struct fake {
	long now;
	int level;
	int open_fail;
	struct ev evs[8];
	int nev, next;
	int trace[16], ntrace; /* levels written, in order */
	long slept;
};

static int f_open(void *ctx, const char *chip, const char *line, int output, void **h,
                  struct err *e)
{
	struct fake *f = ctx;
	(void)output;
	if (f->open_fail)
		return err_set(e, EXIT_BAIL, "no GPIO chip '%s'", chip);
	(void)line;
	*h = f;
	return 0;
}

static int f_set(void *h, int level, struct err *e)
{
	struct fake *f = h;
	(void)e;
	f->level = level;
	if (f->ntrace < 16)
		f->trace[f->ntrace++] = level;
	return 0;
}

static int f_get(void *h, int *level, struct err *e)
{
	(void)e;
	*level = ((struct fake *)h)->level;
	return 0;
}

static int f_wait(void *h, long ms, int *rising, struct err *e)
{
	struct fake *f = h;
	(void)e;
	if (f->next < f->nev && f->evs[f->next].at <= f->now + ms) {
		if (f->evs[f->next].at > f->now)
			f->now = f->evs[f->next].at;
		*rising = f->evs[f->next++].rising;
		return 0;
	}
	f->now += ms;
	return 1;
}

static void f_close(void *h)
{
	(void)h;
}

static long f_now(void *ctx)
{
	return ((struct fake *)ctx)->now;
}

static void f_sleep(void *ctx, long ms)
{
	((struct fake *)ctx)->now += ms;
	((struct fake *)ctx)->slept += ms;
}

int main(void)
{
	struct fake f = {0};
	struct gpio_backend b = {f_open, f_set, f_get, f_wait, f_close, f_now, f_sleep, &f};
	struct gpio_line l;
	struct err e = {0};

	tap_ok_diag(gline_open(&l, &b, "gpiochip0", "POWER", 1, 1, &e) == 0, "open an output",
	            e.msg);
	tap_ok_diag(gline_set(&l, 1, &e) == 0 && f.level == 0, "active low: on drives the line low",
	            NULL);
	int on = 0;
	tap_ok_diag(gline_get(&l, &on, &e) == 0 && on == 1, "and reads back as on", NULL);
	f.ntrace = 0;
	tap_ok_diag(gline_pulse(&l, 250, &e) == 0 && f.ntrace == 2 && f.trace[0] == 0 &&
	                f.trace[1] == 1 && f.slept == 250,
	            "pulse: on (low), 250 ms, off (high)", NULL);
	tap_ok_diag(gline_wait(&l, EDGE_RISING, 10, &e) < 0 && strstr(e.msg, "output line"),
	            "waiting on an output is refused", e.msg);
	gline_close(&l);

	f = (struct fake){.evs = {{100, 0}, {300, 1}}, .nev = 2};
	gline_open(&l, &b, "gpiochip0", "DOOR", 0, 0, &e);
	long ms = gline_wait(&l, EDGE_RISING, 1000, &e);
	tap_ok_diag(ms == 300, "a falling edge is skipped, the rising one at 300 ms is found",
	            e.msg);
	tap_ok_diag(gline_set(&l, 1, &e) < 0 && strstr(e.msg, "gpiochip0:DOOR is an input"),
	            "setting an input is refused, naming the line", e.msg);

	f = (struct fake){.evs = {{100, 0}, {1500, 1}}, .nev = 2};
	ms = gline_wait(&l, EDGE_RISING, 1000, &e);
	tap_ok_diag(ms < 0 && e.code == EXIT_FAILED &&
	                strstr(e.msg, "no rising edge on gpio gpiochip0:DOOR "
	                              "within 1000 ms"),
	            "the deadline holds across skipped edges", e.msg);
	tap_ok_diag(f.now == 1000, "and the wait ends at the deadline, not later", NULL);
	gline_close(&l);

	f = (struct fake){.evs = {{40, 0}}, .nev = 1};
	gline_open(&l, &b, "gpiochip0", "CARD", 0, 1, &e);
	tap_ok_diag(gline_wait(&l, EDGE_RISING, 100, &e) == 40,
	            "active low input: a physical falling edge is a logical rising one", e.msg);
	gline_close(&l);

	f = (struct fake){.open_fail = 1};
	tap_ok_diag(gline_open(&l, &b, "gpiochip9", "X", 1, 0, &e) < 0 &&
	                strstr(e.msg, "gpio gpiochip9:X: no GPIO chip"),
	            "a missing chip is an error naming chip and line", e.msg);
	enum gpio_edge ed;
	tap_ok_diag(gline_edge_parse("rising", &ed) == 0 && ed == EDGE_RISING &&
	                gline_edge_parse("up", &ed) < 0,
	            "edge names parse; unknown ones are refused", NULL);
	return tap_done();
}
