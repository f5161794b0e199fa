/* TAP 14 writer. Every line goes to each sink (stdout and results.tap) and
 * is flushed at once, so a 24 h run shows progress live and a crash loses
 * nothing that was already decided. */
#ifndef BENCH_TAP_H
#define BENCH_TAP_H

#include <stdio.h>

struct tap {
	FILE *sink[2];
	int nsinks;
	int version; /* 14, or 13 for harnesses that refuse 14 (Debian 12's prove) */
};

enum tap_directive { TAP_NONE, TAP_SKIP, TAP_TODO };

void tap_version(struct tap *t);
void tap_plan(struct tap *t, int indent, int n, const char *skip_reason);
void tap_subtest(struct tap *t, const char *name);
void tap_comment(struct tap *t, int indent, const char *text);
/* yaml: the diagnostic block body (lines without indent), or NULL. */
void tap_point(struct tap *t, int indent, int ok, int num, const char *desc, enum tap_directive d,
               const char *reason, const char *yaml);
void tap_bail(struct tap *t, const char *reason);

/* Escapes a description for a test-point line: '#' and '\' are escaped and
 * line breaks become spaces, so no text can end the line or fake a directive. */
void tap_escape(const char *in, char *out, size_t len);

#endif
