/* The redaction filter: replaces every occurrence of a loaded key or PIN in
 * a piece of text by its label (<key:ROLE/ID>, <pin:ROLE/ID>).
 *
 * Where it must be applied (by whoever writes the text): every line written
 * to trace.log (request and answer), every TAP diagnostic value (got,
 * expected, notes, Lua error messages and tracebacks), bench.log output,
 * measurements.csv fields, junit.xml and report.html text, and stderr
 * progress. Apply it before escaping for XML/HTML/YAML: escaping could split
 * a hex string the filter would otherwise see whole.
 *
 * What it matches: a key's bytes as hex in either case, with spaces, tabs or
 * colons allowed between digits ("0123 45:67..."); for 16- and 24-byte keys
 * also each 8-byte part on its own, so half a 3DES key never leaks; a PIN
 * as its digits (plain or BCD-spaced) and as the hex of its ASCII digits
 * ("313233343536"). It is deliberately over-eager: a PIN's digits are
 * replaced wherever they occur. */
#ifndef BENCH_REDACT_H
#define BENCH_REDACT_H

#include <stddef.h>

#include "keys.h"

/* Writes the redacted text into out (always NUL-terminated when cap > 0;
 * truncated to cap-1 if needed, never with a secret's digits in it).
 * Returns the length the full result has (like snprintf). s may be NULL or
 * empty: the text is copied. */
size_t redact(const struct secrets *s, const char *in, char *out, size_t cap);

/* The same into a new malloc'd string (NULL on out of memory). */
char *redact_dup(const struct secrets *s, const char *in);

/* Builds s->starts (secrets_load calls it). -1: out of memory. */
#define REDACT_STARTS_BYTES (65536 / 8)
int redact_index(struct secrets *s);

/* Non-zero if the text holds any secret (for tests and a last check). */
int redact_found(const struct secrets *s, const char *in);

#endif
