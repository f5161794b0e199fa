/* One Modbus connection (TCP or RTU) and typed register access, apart from
 * Lua so it can be tested against the simulated chamber. Every call has the
 * connection's response timeout. Retry policy, as devices really answer: an
 * exception 04 (server failure) or 06 (busy), a timeout or a dropped
 * connection is retried up to c->retries times with a pause that doubles
 * from 50 ms (a broken connection is reopened first); every retry is
 * counted in c->stats and traced. Any other exception (illegal function,
 * address or value) is the device's definite answer and fails at once. */
#ifndef DRIVERS_MODBUS_IO_H
#define DRIVERS_MODBUS_IO_H

#include <modbus.h>

#include "bench/base/base.h"

enum mbtable { MB_COIL, MB_DISCRETE, MB_HOLDING, MB_INPUT };

/* Where a value lives and how raw register content maps to units:
 * value = raw * scale + offset. words = 2 reads a 32-bit value (int32,
 * uint32 or IEEE 754 float32), high word first unless low_first. */
struct mbreg {
	enum mbtable table;
	int address, words, is_signed;
	double scale, offset;
	const char *name; /* for messages; not owned */
	int is_float;     /* float32 (words = 2) */
	int low_first;    /* 32-bit values: low word at the lower address */
};

/* What the retry policy did on one connection. */
struct mbstats {
	unsigned long calls, retries, busy, failures, timeouts, reconnects;
};

struct mbaddr {
	const char *host; /* TCP when set */
	int port;
	const char *device; /* RTU when set: /dev/ttyUSB0 */
	int baud, data_bits, stop_bits;
	char parity; /* 'N', 'E', 'O' */
	int unit;
	int timeout_ms;
};

typedef void mbtrace_fn(void *arg, const char *req, const char *resp, long dur_us);

struct mbconn {
	modbus_t *ctx;
	struct mbaddr a;
	int connected;
	char desc[160]; /* "tcp 127.0.0.1:1502 unit 1" for messages */
	mbtrace_fn *trace;
	void *trace_arg;
	int retries; /* extra attempts per call (see above); mb_open sets 3 */
	struct mbstats stats;
};

int mb_open(struct mbconn *c, const struct mbaddr *a, struct err *e);
void mb_close(struct mbconn *c);
int mb_read(struct mbconn *c, const struct mbreg *r, double *out, struct err *e);
int mb_write(struct mbconn *c, const struct mbreg *r, double v, struct err *e);

/* Parses "{table: holding, address: 3, scale: 0.1, offset: 0, type: int16,
 * word_order: high-first}" (a YAML map; `signed:`/`words:` are the older
 * spelling of type) into r, with file:line:col errors. Keys in extra
 * (NULL-ended, may be NULL) belong to the caller. */
int mbreg_parse(const struct ynode *n, const char *name, const char *const *extra, struct mbreg *r,
                struct err *e);
const char *mbtable_name(enum mbtable t);

#endif
