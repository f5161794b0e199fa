/* GPIO line logic over a backend (see gpiod_io.h). */
#include "gpiod_io.h"

#include <stdio.h>
#include <string.h>

int gline_open(struct gpio_line *l, const struct gpio_backend *b, const char *chip,
               const char *line, int output, int active_low, struct err *e)
{
	memset(l, 0, sizeof *l);
	l->b = b;
	l->active_low = active_low;
	l->output = output;
	snprintf(l->desc, sizeof l->desc, "%s:%s", chip, line);
	if (b->open(b->ctx, chip, line, output, &l->h, e))
		return err_prefix(e, "gpio %s", l->desc);
	return 0;
}

void gline_close(struct gpio_line *l)
{
	if (l->h)
		l->b->close(l->h);
	l->h = NULL;
}

int gline_set(struct gpio_line *l, int on, struct err *e)
{
	if (!l->output)
		return err_set(e, EXIT_USAGE, "gpio %s is an input line", l->desc);
	if (l->b->set(l->h, (on != 0) ^ l->active_low, e))
		return err_prefix(e, "gpio %s", l->desc);
	return 0;
}

int gline_get(struct gpio_line *l, int *on, struct err *e)
{
	int level;
	if (l->b->get(l->h, &level, e))
		return err_prefix(e, "gpio %s", l->desc);
	*on = (level != 0) ^ l->active_low;
	return 0;
}

int gline_pulse(struct gpio_line *l, long ms, struct err *e)
{
	if (gline_set(l, 1, e))
		return -1;
	l->b->sleep_ms(l->b->ctx, ms);
	return gline_set(l, 0, e);
}

static const char *edge_name(enum gpio_edge w)
{
	return w == EDGE_RISING ? "rising" : w == EDGE_FALLING ? "falling" : "any";
}

long gline_wait(struct gpio_line *l, enum gpio_edge want, long timeout_ms, struct err *e)
{
	if (l->output)
		return err_set(e, EXIT_USAGE, "gpio %s is an output line", l->desc);
	long t0 = l->b->now_ms(l->b->ctx), left = timeout_ms;
	/* Edges of the other direction are consumed and the wait goes on with
	 * what is left of the same deadline. */
	while (left >= 0) {
		int rising;
		int rc = l->b->wait(l->h, left, &rising, e);
		if (rc < 0)
			return err_prefix(e, "gpio %s", l->desc);
		if (rc == 1)
			break;
		int logical_rising = rising ^ l->active_low;
		if (want & (logical_rising ? EDGE_RISING : EDGE_FALLING))
			return l->b->now_ms(l->b->ctx) - t0;
		left = timeout_ms - (l->b->now_ms(l->b->ctx) - t0);
	}
	return err_set(e, EXIT_FAILED, "no %s edge on gpio %s within %ld ms", edge_name(want),
	               l->desc, timeout_ms);
}

int gline_edge_parse(const char *s, enum gpio_edge *out)
{
	if (!strcmp(s, "rising"))
		*out = EDGE_RISING;
	else if (!strcmp(s, "falling"))
		*out = EDGE_FALLING;
	else if (!strcmp(s, "both") || !strcmp(s, "any"))
		*out = EDGE_BOTH;
	else
		return -1;
	return 0;
}
