/* A growable string and the YAML emitter for TAP diagnostics. Strings are
 * always double-quoted and escaped, so a hostile device answer or suite
 * message can never break the YAML block or the TAP stream around it. */
#ifndef BENCH_DIAG_H
#define BENCH_DIAG_H

#include <stddef.h>

struct sbuf {
	char *s;
	size_t len, cap;
	int oom; /* set once an allocation failed; the text is then truncated */
};

void sb_printf(struct sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sb_add(struct sbuf *b, const char *s, size_t n);
void sb_free(struct sbuf *b);
const char *sb_str(const struct sbuf *b); /* never NULL */

/* Appends s as a double-quoted YAML scalar: control characters, quotes,
 * backslashes and bytes that are not valid UTF-8 are escaped. */
void yaml_quote(struct sbuf *b, const char *s, size_t n);

/* One "key: value" line at indent (spaces). */
void yaml_kv_str(struct sbuf *b, int indent, const char *key, const char *val);
void yaml_kv_num(struct sbuf *b, int indent, const char *key, double v);
/* "key:" opening a nested map or list. */
void yaml_key(struct sbuf *b, int indent, const char *key);

/* Formats a number the way reports show it: integers without a dot, others
 * with up to 10 significant digits. */
void num_format(double v, char *buf, size_t len);

#endif
