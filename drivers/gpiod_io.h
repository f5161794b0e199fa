/* GPIO line logic (logical on/off with active-low, pulses, waiting for an
 * edge with a deadline) over a backend seam: libgpiod on a real host
 * (drivers/gpiod.c), a scripted fake in tests (this machine has no GPIO
 * chip and no gpio-sim module). */
#ifndef DRIVERS_GPIOD_IO_H
#define DRIVERS_GPIOD_IO_H

#include "bench/base/base.h"

enum gpio_edge { EDGE_RISING = 1, EDGE_FALLING = 2, EDGE_BOTH = 3 };

/* Physical (electrical) level access; each call fills e on failure. */
struct gpio_backend {
	int (*open)(void *ctx, const char *chip, const char *line, int output, void **h,
	            struct err *e);
	int (*set)(void *h, int level, struct err *e);
	int (*get)(void *h, int *level, struct err *e);
	/* Waits up to timeout_ms for an edge: 0 and *rising set, 1 timeout. */
	int (*wait)(void *h, long timeout_ms, int *rising, struct err *e);
	void (*close)(void *h);
	/* Monotonic ms and a sleep: the fake's are virtual so tests are instant. */
	long (*now_ms)(void *ctx);
	void (*sleep_ms)(void *ctx, long ms);
	void *ctx;
};

struct gpio_line {
	const struct gpio_backend *b;
	void *h;
	int active_low, output;
	char desc[128]; /* "gpiochip0:DOOR" */
};

int gline_open(struct gpio_line *l, const struct gpio_backend *b, const char *chip,
               const char *line, int output, int active_low, struct err *e);
void gline_close(struct gpio_line *l);
int gline_set(struct gpio_line *l, int on, struct err *e);
int gline_get(struct gpio_line *l, int *on, struct err *e);
/* On for ms, then off (off even when the wait was interrupted). */
int gline_pulse(struct gpio_line *l, long ms, struct err *e);
/* Waits for a logical edge; returns the ms waited, or -1 with e saying
 * "no rising edge on CHIP:LINE within N ms" (or the backend's error). */
long gline_wait(struct gpio_line *l, enum gpio_edge want, long timeout_ms, struct err *e);
int gline_edge_parse(const char *s, enum gpio_edge *out);

#endif
