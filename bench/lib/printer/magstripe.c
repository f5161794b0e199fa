#include "printer.h"

#include <string.h>

struct fmt {
	int bits;    /* data bits per character, parity excluded */
	char base;   /* ASCII of code 0 */
	char ss, es; /* sentinels */
	size_t max;  /* characters, sentinels and LRC included */
};

static const struct fmt fmts[4] = {
    {0, 0, 0, 0, 0},
    {6, 0x20, '%', '?', 79},
    {4, 0x30, ';', '?', 40},
    {4, 0x30, ';', '?', 107},
};

static int put(const struct fmt *f, unsigned code, char *bits, size_t *at, size_t cap)
{
	unsigned ones = 0;
	if (*at + (size_t)f->bits + 1 >= cap)
		return -1;
	for (int i = 0; i < f->bits; i++) {
		unsigned b = code >> i & 1;
		ones += b;
		bits[(*at)++] = (char)('0' + b);
	}
	bits[(*at)++] = (char)('0' + !(ones & 1)); /* odd parity */
	return 0;
}

int ms_encode(int track, const char *data, char *bits, size_t cap, struct err *e)
{
	if (track < 1 || track > 3)
		return err_set(e, EXIT_USAGE, "magstripe: no track %d (1..3)", track);
	const struct fmt *f = &fmts[track];
	size_t n = strlen(data), at = 0;
	unsigned lrc = 0, mask = (1u << f->bits) - 1;
	if (n + 3 > f->max)
		return err_set(e, EXIT_USAGE, "magstripe track %d: %zu characters, at most %zu",
		               track, n, f->max - 3);
	for (size_t i = 0; i < n; i++) {
		unsigned c = (unsigned char)data[i] - (unsigned char)f->base;
		if ((unsigned char)data[i] < (unsigned char)f->base || c > mask ||
		    data[i] == f->ss || data[i] == f->es)
			return err_set(e, EXIT_USAGE,
			               "magstripe track %d: character %zu '%c' not allowed", track,
			               i + 1, data[i]);
	}
	if (cap < 2 * MS_CLOCK_BITS + (n + 3) * (size_t)(f->bits + 1) + 1)
		return err_set(e, EXIT_USAGE, "magstripe: bit buffer too small");
	memset(bits, '0', MS_CLOCK_BITS);
	at = MS_CLOCK_BITS;
	for (size_t i = 0; i < n + 2; i++) {
		char ch = i == 0 ? f->ss : i == n + 1 ? f->es : data[i - 1];
		unsigned code = (unsigned)(ch - f->base) & mask;
		lrc ^= code;
		put(f, code, bits, &at, cap);
	}
	put(f, lrc, bits, &at, cap);
	memset(bits + at, '0', MS_CLOCK_BITS);
	bits[at + MS_CLOCK_BITS] = '\0';
	return 0;
}

/* Reads character k at bit offset *at; -1 on a parity error. */
static int get(const struct fmt *f, const char *bits, size_t *at, size_t len, unsigned *code)
{
	unsigned ones = 0;
	*code = 0;
	if (*at + (size_t)f->bits + 1 > len)
		return -2;
	for (int i = 0; i <= f->bits; i++) {
		unsigned b = bits[*at + (size_t)i] == '1';
		ones += b;
		if (i < f->bits)
			*code |= b << i;
	}
	*at += (size_t)f->bits + 1;
	return (ones & 1) ? 0 : -1;
}

int ms_decode(int track, const char *bits, char *data, size_t cap, struct err *e)
{
	if (track < 1 || track > 3)
		return err_set(e, EXIT_USAGE, "magstripe: no track %d (1..3)", track);
	const struct fmt *f = &fmts[track];
	size_t len = strlen(bits), at = 0, n = 0;
	unsigned code, lrc, ss = (unsigned)(f->ss - f->base), es = (unsigned)(f->es - f->base);
	for (size_t i = 0; i < len; i++)
		if (bits[i] != '0' && bits[i] != '1')
			return err_set(e, EXIT_FAILED, "track %d: bit %zu is '%c', not 0/1", track,
			               i + 1, bits[i]);
	while (at < len && bits[at] == '0')
		at++;
	if (get(f, bits, &at, len, &code) != 0 || code != ss)
		return err_set(e, EXIT_FAILED, "track %d: no start sentinel '%c' (blank stripe?)",
		               track, f->ss);
	lrc = code;
	for (;;) {
		int rc = get(f, bits, &at, len, &code);
		if (rc == -2)
			return err_set(e, EXIT_FAILED, "track %d: no end sentinel '%c'", track,
			               f->es);
		if (rc == -1)
			return err_set(e, EXIT_FAILED, "track %d: parity error in character %zu",
			               track, n + 1);
		lrc ^= code;
		if (code == es)
			break;
		if (n + 1 >= cap || n + 3 >= f->max)
			return err_set(e, EXIT_FAILED,
			               "track %d: record longer than %zu characters", track,
			               f->max - 3);
		data[n++] = (char)(code + (unsigned)f->base);
	}
	data[n] = '\0';
	unsigned want = lrc;
	if (get(f, bits, &at, len, &code) != 0)
		return err_set(e, EXIT_FAILED, "track %d: LRC character missing or bad parity",
		               track);
	if (code != want)
		return err_set(e, EXIT_FAILED, "track %d: LRC mismatch: read %X, computed %X",
		               track, code, want);
	return 0;
}

int ms_read(int track, const char *bits, char *data, size_t cap, int *reversed, struct err *e)
{
	char back[2048];
	size_t len = strlen(bits);
	struct err e2 = {0};
	*reversed = 0;
	if (ms_decode(track, bits, data, cap, e) == 0)
		return 0;
	if (!strstr(e->msg, "no start sentinel") || len >= sizeof back)
		return -1;
	for (size_t i = 0; i < len; i++)
		back[i] = bits[len - 1 - i];
	back[len] = '\0';
	/* Backwards, a record that has no start sentinel either way keeps the
	 * forward error; any other backward error is the better diagnosis. */
	if (ms_decode(track, back, data, cap, &e2) != 0) {
		if (!strstr(e2.msg, "no start sentinel"))
			*e = e2;
		return -1;
	}
	*reversed = 1;
	return 0;
}
