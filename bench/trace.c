/* trace.log writer. Lines are flushed as written so a killed run keeps its
 * exchanges; the last lines of the current test are also kept in memory so a
 * failing test can show the exchange that broke it. */
#include "trace.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define RECENT 12

struct trace {
	FILE *f;
	unsigned long seq;
	char *recent[RECENT]; /* ring of the current test's lines */
	size_t nrecent, head;
};

struct trace *trace_open(const char *path, struct err *e)
{
	struct trace *t = calloc(1, sizeof *t);
	if (!t) {
		err_set(e, EXIT_USAGE, "out of memory");
		return NULL;
	}
	t->f = fopen(path, "a");
	if (!t->f) {
		err_set(e, EXIT_USAGE, "%s: %s", path, strerror(errno));
		free(t);
		return NULL;
	}
	return t;
}

static void forget(struct trace *t)
{
	for (size_t i = 0; i < RECENT; i++) {
		free(t->recent[i]);
		t->recent[i] = NULL;
	}
	t->nrecent = t->head = 0;
}

void trace_close(struct trace *t)
{
	if (!t)
		return;
	forget(t);
	fclose(t->f);
	free(t);
}

static void remember(struct trace *t, const char *line)
{
	size_t slot = (t->head + t->nrecent) % RECENT;
	if (t->nrecent == RECENT) {
		slot = t->head;
		t->head = (t->head + 1) % RECENT;
	} else {
		t->nrecent++;
	}
	free(t->recent[slot]);
	t->recent[slot] = strdup(line);
}

/* Writes "<seq> <wall> <mono> <role> <body>" and keeps it for trace_recent. */
static int write_line(struct trace *t, const char *role, const char *body)
{
	struct timespec w, m;
	struct tm tm;
	clock_gettime(CLOCK_REALTIME, &w);
	clock_gettime(CLOCK_MONOTONIC, &m);
	gmtime_r(&w.tv_sec, &tm);
	char line[8192];
	snprintf(line, sizeof line, "%lu %04d-%02d-%02dT%02d:%02d:%02d.%06ldZ %ld.%06ld %s %s",
		 ++t->seq, tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
		 tm.tm_sec, w.tv_nsec / 1000, (long)m.tv_sec, m.tv_nsec / 1000, role, body);
	remember(t, line);
	if (fprintf(t->f, "%s\n", line) < 0 || fflush(t->f))
		return -1;
	return 0;
}

int trace_exchange(struct trace *t, const char *role, const char *kind, const char *req,
		   const char *resp, long dur_us)
{
	if (!t)
		return 0;
	char body[8000];
	if (dur_us >= 0)
		snprintf(body, sizeof body, "%s > %s < %s (%ld us)", kind, req, resp, dur_us);
	else
		snprintf(body, sizeof body, "%s > %s < %s", kind, req, resp);
	return write_line(t, role, body);
}

int trace_note(struct trace *t, const char *role, const char *fmt, ...)
{
	if (!t)
		return 0;
	char body[4096];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(body, sizeof body, fmt, ap);
	va_end(ap);
	return write_line(t, role, body);
}

void trace_test_begin(struct trace *t, const char *test_id)
{
	if (!t)
		return;
	forget(t);
	trace_note(t, "bench", "test %s begins", test_id);
	forget(t); /* the marker itself is not an exchange of the test */
}

size_t trace_recent(const struct trace *t, const char **lines, size_t max)
{
	if (!t)
		return 0;
	size_t n = t->nrecent < max ? t->nrecent : max;
	size_t first = t->nrecent - n;
	for (size_t i = 0; i < n; i++)
		lines[i] = t->recent[(t->head + first + i) % RECENT];
	return n;
}
