/* One SANE scan within a deadline (drivers/sane_io.c): the sane-scan helper
 * (drivers/sane_scan.c) runs it in a process of its own, killed when the
 * deadline passes. Apart from Lua, so tests/scanner.t can drive it alone. */
#ifndef DRIVERS_SANE_IO_H
#define DRIVERS_SANE_IO_H

#include "bench/base/base.h"

struct sane_req {
	const char *config_dir; /* SANE_CONFIG_DIR for the scan, or NULL: the system's */
	const char *device;     /* SANE device name or glob */
	const char *mode;       /* SANE mode option, e.g. Gray */
	double dpi;
	double area[4];  /* tl-x, tl-y, br-x, br-y, mm; all 0: the device's default */
	const char *out; /* the PNG to write */
	double timeout;  /* seconds for the whole scan */
};

struct sane_res {
	char device[256], vendor[128], model[128], type[64];
	double dpi; /* the resolution the device took, read back */
	long bytes; /* image bytes sane_read gave */
	int width, height;
	double seconds;
	int timed_out; /* the deadline passed: the helper was killed */
	int status;    /* the helper's wait status; not 0 after `done`: its teardown failed */
};

/* Each line the helper reports goes to line(arg, text) as it comes (the
 * driver traces them). 0, or -1 with e (EXIT_FAILED) saying which step
 * failed and why. */
int sane_io_scan(const struct sane_req *q, struct sane_res *r,
                 void (*line)(void *arg, const char *text), void *arg, struct err *e);

#endif
