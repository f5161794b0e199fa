/* One Modbus connection (TCP or RTU) and typed register access, apart from
 * Lua so it can be tested against the simulated chamber. Every call has the
 * connection's response timeout. Reconnect policy: a failed call closes the
 * connection, reconnects once and retries once; a second failure is the
 * error (so one dropped TCP session costs a retry, a dead device a clear
 * error within 2 x timeout). */
#ifndef DRIVERS_MBCONN_H
#define DRIVERS_MBCONN_H

#include <modbus.h>

#include "bench/base/base.h"

enum mbtable { MB_COIL, MB_DISCRETE, MB_HOLDING, MB_INPUT };

/* Where a value lives and how raw register content maps to units:
 * value = raw * scale + offset. words = 2 reads a 32-bit value, high word
 * first. */
struct mbreg {
	enum mbtable table;
	int address, words, is_signed;
	double scale, offset;
	const char *name; /* for messages; not owned */
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
};

int mb_open(struct mbconn *c, const struct mbaddr *a, struct err *e);
void mb_close(struct mbconn *c);
int mb_read(struct mbconn *c, const struct mbreg *r, double *out, struct err *e);
int mb_write(struct mbconn *c, const struct mbreg *r, double v, struct err *e);

/* Parses "{table: holding, address: 3, scale: 0.1, offset: 0, signed: true,
 * words: 1}" (a YAML map) into r, with file:line:col errors. Keys in extra
 * (NULL-ended, may be NULL) belong to the caller. */
int mbreg_parse(const struct ynode *n, const char *name, const char *const *extra, struct mbreg *r,
                struct err *e);
const char *mbtable_name(enum mbtable t);

#endif
