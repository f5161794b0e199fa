/* Modbus connection and register access (see modbus_io.h). */
#include "modbus_io.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "bench/base/base.h"

static int connect_ctx(struct mbconn *c, struct err *e)
{
	const struct mbaddr *a = &c->a;
	if (a->host)
		c->ctx = modbus_new_tcp(a->host, a->port);
	else
		c->ctx = modbus_new_rtu(a->device, a->baud, a->parity, a->data_bits, a->stop_bits);
	if (!c->ctx)
		return err_set(e, EXIT_USAGE, "%s: %s", c->desc, modbus_strerror(errno));
	int ms = a->timeout_ms > 0 ? a->timeout_ms : 1000;
	modbus_set_response_timeout(c->ctx, (uint32_t)(ms / 1000), (uint32_t)(ms % 1000) * 1000);
	modbus_set_byte_timeout(c->ctx, (uint32_t)(ms / 1000), (uint32_t)(ms % 1000) * 1000);
	modbus_set_slave(c->ctx, a->unit);
	if (modbus_connect(c->ctx)) {
		int err = errno;
		modbus_free(c->ctx);
		c->ctx = NULL;
		return err_set(e, EXIT_BAIL, "%s: connect: %s", c->desc, modbus_strerror(err));
	}
	c->connected = 1;
	return 0;
}

int mb_open(struct mbconn *c, const struct mbaddr *a, struct err *e)
{
	memset(c, 0, sizeof *c);
	c->a = *a;
	if (a->host)
		snprintf(c->desc, sizeof c->desc, "modbus tcp %s:%d unit %d", a->host, a->port,
		         a->unit);
	else if (a->device)
		snprintf(c->desc, sizeof c->desc, "modbus rtu %s %d%c%d%d unit %d", a->device,
		         a->baud, a->parity, a->data_bits, a->stop_bits, a->unit);
	else
		return err_set(e, EXIT_USAGE, "modbus: need host or device");
	c->retries = 3;
	return connect_ctx(c, e);
}

void mb_close(struct mbconn *c)
{
	if (c->ctx) {
		modbus_close(c->ctx);
		modbus_free(c->ctx);
	}
	c->ctx = NULL;
	c->connected = 0;
}

const char *mbtable_name(enum mbtable t)
{
	static const char *const names[] = {"coil", "discrete", "holding", "input"};
	return names[t];
}

/* One raw access; returns libmodbus's rc (< 0 with errno on failure). */
static int raw_io(struct mbconn *c, const struct mbreg *r, int write, uint32_t *raw)
{
	uint16_t w[2] = {0, 0};
	uint8_t bit = 0;
	int n = r->words == 2 ? 2 : 1, rc = -1;
	int hi = r->low_first ? 1 : 0; /* index of the high word */
	if (write) {
		w[hi] = n == 2 ? (uint16_t)(*raw >> 16) : (uint16_t)*raw;
		w[1 - hi] = (uint16_t)*raw;
		if (r->table == MB_COIL)
			return modbus_write_bit(c->ctx, r->address, *raw != 0);
		if (n == 1)
			return modbus_write_register(c->ctx, r->address, w[0]);
		return modbus_write_registers(c->ctx, r->address, 2, w);
	}
	switch (r->table) {
	case MB_COIL:
		rc = modbus_read_bits(c->ctx, r->address, 1, &bit);
		*raw = bit;
		return rc;
	case MB_DISCRETE:
		rc = modbus_read_input_bits(c->ctx, r->address, 1, &bit);
		*raw = bit;
		return rc;
	case MB_HOLDING:
		rc = modbus_read_registers(c->ctx, r->address, n, w);
		break;
	case MB_INPUT:
		rc = modbus_read_input_registers(c->ctx, r->address, n, w);
		break;
	}
	*raw = n == 2 ? ((uint32_t)w[hi] << 16 | w[1 - hi]) : w[0];
	return rc;
}

static void trace_io(struct mbconn *c, const struct mbreg *r, int write, uint32_t raw, int rc,
                     int64_t t0)
{
	if (!c->trace)
		return;
	char req[160], resp[160];
	snprintf(req, sizeof req, "%s %s %d (%s)", write ? "write" : "read", mbtable_name(r->table),
	         r->address, r->name ? r->name : "-");
	if (write)
		snprintf(req + strlen(req), sizeof req - strlen(req), " = %u", raw);
	if (rc < 0)
		snprintf(resp, sizeof resp, "error: %s", modbus_strerror(errno));
	else
		snprintf(resp, sizeof resp, "%s%u", write ? "ok " : "", raw);
	c->trace(c->trace_arg, req, resp, (long)(mono_us() - t0));
}

/* Whether a failed call is worth another attempt (see modbus_io.h), and
 * the count it goes under. */
static int retryable(struct mbconn *c, int err)
{
	if (err == MODBUS_ENOBASE + MODBUS_EXCEPTION_SLAVE_OR_SERVER_BUSY)
		return (int)++c->stats.busy;
	if (err == MODBUS_ENOBASE + MODBUS_EXCEPTION_SLAVE_OR_SERVER_FAILURE)
		return (int)++c->stats.failures;
	if (err > MODBUS_ENOBASE && err < MODBUS_ENOBASE + 12)
		return 0; /* a definite answer: reconnecting will not change it */
	if (err == ETIMEDOUT)
		c->stats.timeouts++;
	c->connected = 0; /* the link may be broken: reopen it first */
	return 1;
}

static void pause_ms(long ms)
{
	struct timespec ts = {ms / 1000, ms % 1000 * 1000000L};
	while (nanosleep(&ts, &ts) != 0)
		;
}

static int io(struct mbconn *c, const struct mbreg *r, int write, uint32_t *raw, struct err *e)
{
	c->stats.calls++;
	int err = 0;
	for (int attempt = 0; attempt <= c->retries; attempt++) {
		if (attempt) {
			c->stats.retries++;
			pause_ms(50L << (attempt - 1 < 4 ? attempt - 1 : 4));
		}
		if (!c->connected) {
			mb_close(c);
			if (attempt)
				c->stats.reconnects++;
			if (connect_ctx(c, e)) {
				err = -1;
				continue;
			}
		}
		int64_t t0 = mono_us();
		int rc = raw_io(c, r, write, raw);
		err = errno;
		trace_io(c, r, write, *raw, rc, t0);
		if (rc >= 0)
			return 0;
		err_set(e, EXIT_BAIL, "%s: %s %s %d (%s): %s", c->desc, write ? "write" : "read",
		        mbtable_name(r->table), r->address, r->name ? r->name : "-",
		        modbus_strerror(err));
		if (!retryable(c, err))
			return -1;
	}
	size_t n = strlen(e->msg);
	if (c->retries > 0 && n < sizeof e->msg)
		snprintf(e->msg + n, sizeof e->msg - n, " (after %d retries)", c->retries);
	return -1;
}

int mb_read(struct mbconn *c, const struct mbreg *r, double *out, struct err *e)
{
	uint32_t raw = 0;
	if (io(c, r, 0, &raw, e))
		return -1;
	double v;
	if (r->table == MB_COIL || r->table == MB_DISCRETE) {
		v = raw;
	} else if (r->is_float) {
		float f;
		memcpy(&f, &raw, sizeof f);
		v = f;
	} else if (r->is_signed)
		v = r->words == 2 ? (double)(int32_t)raw : (double)(int16_t)raw;
	else
		v = raw;
	*out = r->table <= MB_DISCRETE ? v : v * r->scale + r->offset;
	return 0;
}

int mb_write(struct mbconn *c, const struct mbreg *r, double v, struct err *e)
{
	if (r->table == MB_DISCRETE || r->table == MB_INPUT)
		return err_set(e, EXIT_USAGE, "%s: %s is a read-only %s register", c->desc,
		               r->name ? r->name : "-", mbtable_name(r->table));
	if (r->is_float) {
		float f = (float)((v - r->offset) / r->scale);
		uint32_t bits;
		memcpy(&bits, &f, sizeof bits);
		return io(c, r, 1, &bits, e);
	}
	double raw_d = r->table == MB_COIL ? (v != 0) : round((v - r->offset) / r->scale);
	double lo = r->is_signed ? -(r->words == 2 ? 2147483648.0 : 32768.0) : 0;
	double hi = r->words == 2 ? (r->is_signed ? 2147483647.0 : 4294967295.0)
	                          : (r->is_signed ? 32767.0 : 65535.0);
	if (raw_d < lo || raw_d > hi || isnan(raw_d))
		return err_set(e, EXIT_USAGE, "%s: %g does not fit register %s", c->desc, v,
		               r->name ? r->name : "-");
	uint32_t raw = r->is_signed ? (uint32_t)(int32_t)raw_d : (uint32_t)raw_d;
	if (r->is_signed && r->words != 2)
		raw &= 0xffff;
	return io(c, r, 1, &raw, e);
}

static const struct opt_spec reg_opts[] = {
    {"table", OPT_STRING, 1, "coil, discrete, holding or input"},
    {"address", OPT_INT, 1, "register or bit address (0-based)"},
    {"scale", OPT_NUMBER, 0, "unit value of one count (default 1)"},
    {"offset", OPT_NUMBER, 0, "added after scaling (default 0)"},
    {"type", OPT_STRING, 0, "int16, uint16 (default), int32, uint32 or float32"},
    {"word_order", OPT_STRING, 0, "32-bit values: high-first (default) or low-first"},
    {"signed", OPT_BOOL, 0, "two's complement (default false); or type:"},
    {"words", OPT_INT, 0, "1 (16 bit, default) or 2 (32 bit); or type:"},
    {NULL, 0, 0, NULL},
};

/* type: sets what signed:/words: set, and float32; giving both spellings
 * would let one contradict the other, so that is an error. */
static int parse_type(const struct ynode *n, struct mbreg *r, struct err *e)
{
	static const struct {
		const char *name;
		int words, is_signed, is_float;
	} types[] = {{"int16", 1, 1, 0},
	             {"uint16", 1, 0, 0},
	             {"int32", 2, 1, 0},
	             {"uint32", 2, 0, 0},
	             {"float32", 2, 1, 1}};
	const struct ynode *t = ynode_get(n, "type"), *wo = ynode_get(n, "word_order");
	const char *s;
	if (t && (ynode_get(n, "signed") || ynode_get(n, "words")))
		return ynode_err(e, t, "give type: or signed:/words:, not both");
	if (t && ynode_str(t, "type", &s, e))
		return -1;
	for (size_t i = 0; t && i < sizeof types / sizeof types[0]; i++)
		if (!strcmp(s, types[i].name)) {
			r->words = types[i].words;
			r->is_signed = types[i].is_signed;
			r->is_float = types[i].is_float;
			t = NULL;
		}
	if (t)
		return ynode_err(
		    e, t, "type must be int16, uint16, int32, uint32 or float32, not '%s'", s);
	if (!wo)
		return 0;
	if (ynode_str(wo, "word_order", &s, e))
		return -1;
	if (strcmp(s, "high-first") && strcmp(s, "low-first"))
		return ynode_err(e, wo, "word_order must be high-first or low-first, not '%s'", s);
	r->low_first = !strcmp(s, "low-first");
	return 0;
}

int mbreg_parse(const struct ynode *n, const char *name, const char *const *extra, struct mbreg *r,
                struct err *e)
{
	if (!n || n->kind != YN_MAP)
		return n ? ynode_err(e, n, "%s must be a map {table:, address:, ...}", name)
		         : err_set(e, EXIT_USAGE, "missing register %s", name);
	if (schema_check(n, reg_opts, extra, e))
		return -1;
	memset(r, 0, sizeof *r);
	r->name = name;
	r->scale = 1;
	r->words = 1;
	const char *t;
	long addr, words = 1;
	if (ynode_str(ynode_get(n, "table"), "table", &t, e) ||
	    ynode_int(ynode_get(n, "address"), "address", &addr, e))
		return -1;
	static const char *const names[] = {"coil", "discrete", "holding", "input"};
	r->table = (enum mbtable)4;
	for (int i = 0; i < 4; i++)
		if (!strcmp(t, names[i]))
			r->table = (enum mbtable)i;
	if ((int)r->table == 4)
		return ynode_err(e, ynode_get(n, "table"),
		                 "table must be coil, discrete, holding or input, not '%s'", t);
	if (addr < 0 || addr > 65535)
		return ynode_err(e, ynode_get(n, "address"), "address must be 0..65535");
	const struct ynode *k;
	if ((k = ynode_get(n, "scale")) && ynode_num(k, "scale", &r->scale, e))
		return -1;
	if (k && r->scale == 0)
		return ynode_err(e, k, "scale must not be 0");
	if ((k = ynode_get(n, "offset")) && ynode_num(k, "offset", &r->offset, e))
		return -1;
	if ((k = ynode_get(n, "signed")) && ynode_bool(k, "signed", &r->is_signed, e))
		return -1;
	if ((k = ynode_get(n, "words")) && ynode_int(k, "words", &words, e))
		return -1;
	if (words != 1 && words != 2)
		return ynode_err(e, k, "words must be 1 or 2");
	r->address = (int)addr;
	r->words = (int)words;
	if (parse_type(n, r, e))
		return -1;
	if (r->is_float && r->table <= MB_DISCRETE)
		return ynode_err(e, n, "%s: a coil or discrete input holds a bit, not a float32",
		                 name);
	return 0;
}
