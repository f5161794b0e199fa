/* PBOC e-purse MAC and TAC inputs (GF 61/T PT002-2014 §11.8 points to the
 * PBOC e-purse card specification for them); layouts in crypto.h. */
#include "crypto.h"

#include <string.h>

static unsigned char *be(unsigned char *p, uint32_t v, int n)
{
	for (int i = n - 1; i >= 0; i--) {
		p[i] = (unsigned char)(v & 0xff);
		v >>= 8;
	}
	return p + n;
}

static unsigned char *put(unsigned char *p, const unsigned char *b, size_t n)
{
	memcpy(p, b, n);
	return p + n;
}

size_t purse_session_input(const struct purse_txn *t, unsigned char *out)
{
	unsigned char *p = put(out, t->random, 4);
	p = be(p, t->counter, 2);
	/* Purchase: rightmost two bytes of the terminal serial; load: 8000. */
	p = be(p, t->kind == PURSE_PURCHASE ? (t->term_seq & 0xffff) : 0x8000, 2);
	return (size_t)(p - out);
}

static unsigned char *type_terminal(unsigned char *p, const struct purse_txn *t)
{
	*p++ = t->type;
	return put(p, t->terminal, 6);
}

static unsigned char *date_time(unsigned char *p, const struct purse_txn *t)
{
	return put(put(p, t->date, 4), t->time, 3);
}

size_t purse_mac1_input(const struct purse_txn *t, unsigned char *out)
{
	unsigned char *p = out;
	if (t->kind == PURSE_LOAD)
		p = be(p, t->balance, 4);
	p = type_terminal(be(p, t->amount, 4), t);
	if (t->kind == PURSE_PURCHASE)
		p = date_time(p, t);
	return (size_t)(p - out);
}

size_t purse_mac2_input(const struct purse_txn *t, unsigned char *out)
{
	unsigned char *p = be(out, t->amount, 4);
	if (t->kind == PURSE_LOAD)
		p = date_time(type_terminal(p, t), t);
	return (size_t)(p - out);
}

size_t purse_tac_input(const struct purse_txn *t, unsigned char *out)
{
	unsigned char *p = out;
	if (t->kind == PURSE_LOAD)
		p = be(be(p, t->balance, 4), t->counter, 2);
	p = type_terminal(be(p, t->amount, 4), t);
	if (t->kind == PURSE_PURCHASE)
		p = be(p, t->term_seq, 4);
	return (size_t)(date_time(p, t) - out);
}
