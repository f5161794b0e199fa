/* Minimal TAP producer shared by the unit-test programs under tests/unit/.
 * Header-only: each test program is a single translation unit, so the state
 * (points run, points failed) lives in one static struct per program.
 *
 *   tap_ok(cond, fmt, ...)        "ok N - name" / "not ok N - name"; returns cond
 *   tap_ok_diag(cond, what, diag) the same, plus "# diag" when cond fails
 *   tap_skip(fmt, ...)            "ok N # SKIP reason"
 *   tap_diag(fmt, ...)            "# text" (always printed)
 *   tap_done()                    trailing plan "1..N"; returns the exit status
 *                                 (0 if every point passed, 1 otherwise)
 */
#ifndef BENCH_TESTS_UNIT_TAP_H
#define BENCH_TESTS_UNIT_TAP_H

#include <stdarg.h>
#include <stdio.h>

static struct {
	int run, failed;
} tap_state;

static inline int tap_ok(int cond, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static inline int tap_ok(int cond, const char *fmt, ...)
{
	va_list ap;
	tap_state.run++;
	if (!cond)
		tap_state.failed++;
	printf("%sok %d - ", cond ? "" : "not ", tap_state.run);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	return cond;
}

static inline void tap_diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static inline void tap_diag(const char *fmt, ...)
{
	va_list ap;
	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

/* A point whose name is a plain string (not a format) and whose diagnostic,
 * if not NULL, is printed only when the point fails. */
static inline int tap_ok_diag(int cond, const char *what, const char *diag)
{
	tap_ok(cond, "%s", what);
	if (!cond && diag)
		tap_diag("%s", diag);
	return cond;
}

static inline void tap_skip(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static inline void tap_skip(const char *fmt, ...)
{
	va_list ap;
	printf("ok %d # SKIP ", ++tap_state.run);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

static inline int tap_done(void)
{
	printf("1..%d\n", tap_state.run);
	return tap_state.failed != 0;
}

#endif
