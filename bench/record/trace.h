/* trace.log: every device exchange, one line each, with wall time, monotonic
 * time and duration. Callers pass request/answer text already redacted. */
#ifndef BENCH_TRACE_H
#define BENCH_TRACE_H

#include <stddef.h>

#include "bench/base/err.h"

struct trace;

#define TRACE_GENESIS "bench trace.log genesis"

struct trace *trace_open(const char *path, struct err *e);
/* Opens the trace.log of run run_id, continuing the hash chain of lines
 * already there (bench resume). */
struct trace *trace_open_run(const char *path, const char *run_id, struct err *e);
/* The hash the first line of run_id's trace.log carries (64 hex + NUL). */
void trace_genesis(const char *run_id, char out[65]);
void trace_close(struct trace *t);
/* Secrets to redact from every line from now on (see bench/redact.h). */
struct secrets;
void trace_set_secrets(struct trace *t, const struct secrets *s);

/* One exchange. kind: "apdu", "ctrl", "ipp", "modbus", ... dur_us < 0: none. */
int trace_exchange(struct trace *t, const char *role, const char *kind, const char *req,
                   const char *resp, long dur_us);
/* A free-form event line (state change, reset, fault). */
int trace_note(struct trace *t, const char *role, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Marks the start of a test: trace_recent returns lines written since. */
void trace_test_begin(struct trace *t, const char *test_id);
/* Up to max of the most recent lines of the current test, oldest first. */
size_t trace_recent(const struct trace *t, const char **lines, size_t max);

#endif
