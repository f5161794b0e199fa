/* ISO/IEC 7816-3:2006 §8 ATR parsing. Every rejection names the clause it
 * breaks, because a lab quotes it in the report. */
#include <string.h>

#include "card.h"

static int interface_bytes(const unsigned char *b, size_t n, size_t *pos, struct atr *a,
                           struct err *e)
{
	unsigned y = a->t0 >> 4; /* Y1: which of TA1..TD1 follow T0 */
	for (int i = 0; y; i++) {
		if (i >= ATR_LEVELS)
			return err_set(e, EXIT_USAGE,
			               "ATR: more than %d levels of interface bytes (ISO 7816-3 "
			               "§8.2.3)",
			               ATR_LEVELS);
		int *slot[4] = {&a->ta[i], &a->tb[i], &a->tc[i], &a->td[i]};
		static const char *const names[4] = {"TA", "TB", "TC", "TD"};
		for (int k = 0; k < 4; k++) {
			if (!(y & (1u << k)))
				continue;
			if (*pos >= n)
				return err_set(
				    e, EXIT_USAGE,
				    "ATR truncated: %s%d announced but missing at byte %zu "
				    "(ISO 7816-3 §8.2.3)",
				    names[k], i + 1, *pos);
			*slot[k] = b[(*pos)++];
		}
		a->levels = i + 1;
		if (i > 0 && a->class_ind == -2)
			a->class_ind = a->ta[i]; /* the first TA after T=15; -1 absent */
		if (a->td[i] < 0)
			break;
		unsigned t = (unsigned)a->td[i] & 0x0F;
		if (i == 0)
			a->first_protocol = (int)t;
		if (t != 15)
			a->protocols |= 1u << t;
		else if (a->class_ind == -1 && i + 1 < ATR_LEVELS && ((unsigned)a->td[i] & 0x10))
			a->class_ind = -2; /* TA(i+2) follows: it is the class byte */
		if (t != 0)
			a->tck_required = 1;
		y = (unsigned)a->td[i] >> 4;
	}
	return 0;
}

int atr_parse(const unsigned char *b, size_t n, struct atr *a, struct err *e)
{
	memset(a, 0, sizeof *a);
	a->class_ind = -1;
	for (int i = 0; i < ATR_LEVELS; i++)
		a->ta[i] = a->tb[i] = a->tc[i] = a->td[i] = -1;
	if (n < 2)
		return err_set(e, EXIT_USAGE,
		               "ATR too short: %zu bytes, TS and T0 are mandatory "
		               "(ISO 7816-3 §8.2.1)",
		               n);
	if (n > ATR_MAX)
		return err_set(e, EXIT_USAGE,
		               "ATR too long: %zu bytes, at most 32 after TS "
		               "(ISO 7816-3 §8.2.1)",
		               n);
	memcpy(a->raw, b, n);
	a->len = n;
	a->ts = b[0];
	if (a->ts != 0x3B && a->ts != 0x3F)
		return err_set(e, EXIT_USAGE,
		               "ATR TS=%02X: must be 3B (direct) or 3F (inverse) "
		               "(ISO 7816-3 §8.1)",
		               a->ts);
	a->t0 = b[1];
	size_t pos = 2;
	if (interface_bytes(b, n, &pos, a, e) < 0)
		return -1;
	a->hist_off = pos;
	a->hist_len = a->t0 & 0x0F;
	if (n - pos < a->hist_len)
		return err_set(e, EXIT_USAGE,
		               "ATR truncated: T0 announces %zu historical bytes, "
		               "%zu present (ISO 7816-3 §8.2.2)",
		               a->hist_len, n - pos);
	pos += a->hist_len;
	if (n - pos > 1)
		return err_set(e, EXIT_USAGE,
		               "ATR has %zu bytes after the historical bytes, at "
		               "most TCK may follow (ISO 7816-3 §8.2.5)",
		               n - pos);
	if (n - pos == 1) {
		a->has_tck = 1;
		a->tck = b[pos];
		unsigned char x = 0;
		for (size_t i = 1; i < n; i++)
			x ^= b[i];
		a->tck_ok = x == 0;
	}
	if (a->td[0] < 0)
		a->protocols |= 1u; /* no TD1: only T=0 (§8.2.3) */
	if (a->class_ind >= 0)
		a->class_ind &= 0x3F; /* b7-b8 are the clock stop indicator */
	return 0;
}

void atr_classes(int class_ind, char out[8])
{
	size_t n = 0;
	for (int k = 0; k < 6 && class_ind > 0; k++)
		if (class_ind & (1 << k))
			out[n++] = (char)('A' + k);
	out[n] = 0;
}

int atr_fi(int ta1)
{
	static const int fi[16] = {372, 372, 558, 744,  1116, 1488, 1860, 0,
	                           0,   512, 768, 1024, 1536, 2048, 0,    0};
	return ta1 < 0 ? 372 : fi[(ta1 >> 4) & 0x0F];
}

int atr_di(int ta1)
{
	static const int di[16] = {0, 1, 2, 4, 8, 16, 32, 64, 12, 20, 0, 0, 0, 0, 0, 0};
	return ta1 < 0 ? 1 : di[ta1 & 0x0F];
}
