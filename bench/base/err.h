/* Errors are values: a function that can fail returns int (0 ok, -1 failed)
 * and fills a struct err the caller owns. The code is the process exit code
 * the failure maps to when it reaches the CLI. */
#ifndef BENCH_ERR_H
#define BENCH_ERR_H

enum {
	EXIT_PASS = 0,   /* every test passed */
	EXIT_FAILED = 1, /* some test failed */
	EXIT_USAGE = 2,  /* usage, station, suite or input error */
	EXIT_BAIL = 3,   /* device lost, station unusable */
};

struct err {
	int code;
	char msg[1024];
};

/* Sets e (if non-NULL) and returns -1, so callers can `return err_set(...)`. */
int err_set(struct err *e, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Prefixes the message already in e with "prefix: ". */
int err_prefix(struct err *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
