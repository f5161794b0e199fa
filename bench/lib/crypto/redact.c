/* Redaction; see crypto.h. A secret is matched nibble by nibble so case and
 * separators between digits do not matter. At each position the longest
 * match wins, so a whole key is replaced rather than one of its halves.
 * A run adds temporary PINs while other threads redact trace lines, so
 * every pass holds the secrets' read lock (secrets_temp_pin writes). */
#include "crypto.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* One form of a secret to look for: n nibbles, read from the secret where it
 * is (two per byte, or one per character for a PIN's digits), so a failed
 * match costs no copying. */
struct pattern {
	const unsigned char *b;
	size_t n;
	int digits;
};

/* Nibble i of bytes b, high nibble first. */
static inline int nib_of(const unsigned char *b, size_t i)
{
	return i % 2 ? b[i / 2] & 15 : b[i / 2] >> 4;
}

static int nib_at(const struct pattern *p, size_t i)
{
	return p->digits ? p->b[i] - '0' : nib_of(p->b, i);
}

/* Length of the separator at s, 0 if none: a space, tab, ':', '-', '.' or
 * '_' ("7962-D9EC", "4829.1607.3518"), or a tab as YAML and JSON escape it
 * ("\t"): a writer that escapes before it redacts must not split a key. */
static size_t sep_len(const char *s)
{
	if (*s == ' ' || *s == '\t' || *s == ':' || *s == '-' || *s == '.' || *s == '_')
		return 1;
	return s[0] == '\\' && s[1] == 't' ? 2 : 0;
}

static const char *skip_seps(const char *s)
{
	for (size_t n; (n = sep_len(s)) > 0;)
		s += n;
	return s;
}

/* Length of input consumed when p matches at s, else 0. Separators may
 * come between digits, never before the first or after the last. */
static size_t match(const struct pattern *p, const char *s)
{
	const char *q = s;
	for (size_t i = 0; i < p->n; i++) {
		if (i > 0)
			q = skip_seps(q);
		if (hex_digit((unsigned char)*q) != nib_at(p, i))
			return 0;
		q++;
	}
	return (size_t)(q - s);
}

static struct pattern from_bytes(const unsigned char *b, size_t n, int digits)
{
	return (struct pattern){b, digits ? n : 2 * n, digits};
}

/* The forms of secret x: up to 4 (whole key and its 8-byte parts; PIN
 * digits and their ASCII hex). Returns how many. */
static size_t patterns(const struct secret *x, struct pattern *out)
{
	size_t n = 0;
	if (x->kind == SECRET_KEY) {
		out[n++] = from_bytes(x->key.b, x->key.len, 0);
		for (size_t off = 0; x->key.len > 8 && off < x->key.len; off += 8)
			out[n++] = from_bytes(x->key.b + off, 8, 0);
		return n;
	}
	const unsigned char *pin = (const unsigned char *)x->pin;
	out[0] = from_bytes(pin, strlen(x->pin), 1);
	out[1] = from_bytes(pin, strlen(x->pin), 0);
	return 2;
}

/* Cheap filter before matching patterns: can a form of x start with
 * nibble c? (Keeps redaction linear-ish on long trace lines.) */
static int could_start(const struct secret *x, int c)
{
	if (x->kind == SECRET_PIN)
		return c == x->pin[0] - '0' || c == 3;
	for (size_t off = 0; off < x->key.len; off += 8)
		if (c == x->key.b[off] >> 4)
			return 1;
	return 0;
}

int redact_index(struct secrets *s)
{
	if (!s->starts && !(s->starts = malloc(REDACT_STARTS_BYTES)))
		return -1;
	memset(s->starts, 0, REDACT_STARTS_BYTES);
	for (size_t i = 0; i < s->n; i++) {
		struct pattern p[4];
		size_t np = patterns(&s->v[i], p);
		for (size_t j = 0; j < np; j++) {
			unsigned key = 0;
			for (size_t k = 0; k < 4 && k < p[j].n; k++)
				key = key << 4 | (unsigned)nib_at(&p[j], k);
			s->starts[key / 8] |= (unsigned char)(1u << key % 8);
			s->starts[REDACT_FIRST3 + (key >> 4) / 8] |=
			    (unsigned char)(1u << (key >> 4) % 8);
		}
	}
	return 0;
}

/* The first 4 hex digits at in, as a match() would read them (separators
 * between digits), into *key; 0 if there are not 4. Every form is at least
 * 4 digits long (a PIN has 4..12). */
static int start_at(const char *in, unsigned *key)
{
	*key = 0;
	for (int i = 0; i < 4; i++) {
		if (i > 0)
			in = skip_seps(in);
		int v = hex_digit((unsigned char)*in++);
		if (v < 0)
			return 0;
		*key = *key << 4 | (unsigned)v;
	}
	return 1;
}

/* The 3-digit bits first: 8 cache lines. Looking up the 8 kB of 4-digit
 * bits at every hex digit of a line touched some 100 cache lines per APDU,
 * which the context switches of each exchange may have evicted. A first
 * look at 2 digits let one digit in seven on to the second, and the branch
 * that decides it was mispredicted as often: 3 digits let about one in a
 * hundred through. Bit k3 of that first look, and if set the 4-digit key. */
static inline int indexed3(const unsigned char *starts, unsigned k3, unsigned key)
{
	return (starts[REDACT_FIRST3 + k3 / 8] >> k3 % 8 & 1) && (starts[key / 8] >> key % 8 & 1);
}

/* Whether 4-digit key is in the index; its first 3 digits are key >> 4. */
static inline int indexed(const unsigned char *starts, unsigned key)
{
	return indexed3(starts, key >> 4, key);
}

/* The first position from in where a secret may start (its first 4 digits
 * are in the index), or the end of in. One pass, each character read once
 * (this runs over every trace line, one per APDU): the key of a position in
 * hex text is the one of the 4 digits from it; only the last 3 starts of a
 * run of digits followed by a separator are read again in full. */
static const char *next_start(const struct secrets *s, const char *in)
{
	if (!s)
		return in + strlen(in);
	if (!s->starts)
		return in; /* no index: every position is checked in full */
	unsigned key = 0;
	for (int run = 0;; in++) {
		int x = hex_digit((unsigned char)*in);
		if (x >= 0) {
			key = (key << 4 | (unsigned)x) & 0xFFFF;
			if (++run >= 4 && indexed(s->starts, key))
				return in - 3;
			continue;
		}
		for (const char *q = in - (run < 3 ? run : 3); run && sep_len(in) && q < in; q++)
			if (start_at(q, &key) && indexed(s->starts, key))
				return q;
		run = 0;
		if (!*in)
			return in;
	}
}

static inline unsigned pair_at(const unsigned char *b, size_t i)
{
	return (unsigned)b[i] << 8 | b[i + 1];
}

/* Whether a form may start at b[i]'s second digit (b[i + 2] exists). */
static inline int odd_indexed(const unsigned char *st, const unsigned char *b, size_t i)
{
	unsigned w = pair_at(b, i);
	return indexed3(st, w & 0xFFF, (w << 4 | b[i + 2] >> 4) & 0xFFFF);
}

/* next_start() on the hex of b[0..n) without the hex: the first nibble from
 * q on where a form may start, or 2n. Each byte pair w = b[i]b[i+1] gives the
 * first 3 digits of the key at b[i]'s first digit (w >> 4) and at its second
 * (w & 0xFFF). */
static size_t next_start_nibble(const struct secrets *s, const unsigned char *b, size_t n, size_t q)
{
	if (!s)
		return 2 * n;
	if (!s->starts)
		return q;
	const unsigned char *st = s->starts;
	size_t i = q / 2;
	if (q % 2 && i + 2 < n && odd_indexed(st, b, i))
		return q;
	for (i += q % 2; i + 1 < n; i++) {
		if (indexed(st, pair_at(b, i)))
			return 2 * i;
		if (i + 2 < n && odd_indexed(st, b, i))
			return 2 * i + 1;
	}
	return 2 * n;
}

/* Where longest() matches: at text (a C string), or for redact_hex at
 * nibble q of the hex of b[0..n), read from the bytes: that hex has no
 * separator, so a form matches its own length there or not at all. */
struct at {
	const char *text;
	const unsigned char *b;
	size_t n, q;
};

static size_t match_at(const struct pattern *p, const struct at *a)
{
	if (a->text)
		return match(p, a->text);
	if (a->q + p->n > 2 * a->n)
		return 0;
	for (size_t i = 0; i < p->n; i++)
		if (nib_of(a->b, a->q + i) != nib_at(p, i))
			return 0;
	return p->n;
}

/* Longest secret match at a; sets *label. */
static size_t longest(const struct secrets *s, const struct at *a, const char **label)
{
	size_t best = 0;
	struct pattern p[4];
	int first = a->text ? hex_digit((unsigned char)*a->text) : nib_of(a->b, a->q);
	for (size_t i = 0; s && i < s->n; i++) {
		if (!could_start(&s->v[i], first))
			continue;
		size_t np = patterns(&s->v[i], p);
		for (size_t j = 0; j < np; j++) {
			size_t m = match_at(&p[j], a);
			if (m > best) {
				best = m;
				*label = s->v[i].label;
			}
		}
	}
	return best;
}

static void emit(char *out, size_t cap, size_t *len, const char *s, size_t n)
{
	if (*len + 1 < cap)
		memcpy(out + *len, s, n < cap - 1 - *len ? n : cap - 1 - *len);
	*len += n;
}

static size_t redact_locked(const struct secrets *s, const char *in, char *out, size_t cap)
{
	size_t len = 0;
	while (*in) {
		const char *next = next_start(s, in);
		emit(out, cap, &len, in, (size_t)(next - in));
		if (!*(in = next))
			break;
		const char *label = NULL;
		size_t m = longest(s, &(struct at){.text = in}, &label);
		if (m) {
			emit(out, cap, &len, label, strlen(label));
			in += m;
		} else {
			emit(out, cap, &len, in++, 1);
		}
	}
	if (cap)
		out[len < cap ? len : cap - 1] = '\0';
	return len;
}

static void lock(const struct secrets *s)
{
	if (s && s->lock)
		pthread_rwlock_rdlock(s->lock);
}

static void unlock(const struct secrets *s)
{
	if (s && s->lock)
		pthread_rwlock_unlock(s->lock);
}

size_t redact(const struct secrets *s, const char *in, char *out, size_t cap)
{
	lock(s);
	size_t n = redact_locked(s, in, out, cap);
	unlock(s);
	return n;
}

/* Hex digits from..to of b, as many as fit (as emit()); whole bytes two
 * digits at a time (hex_encode, whose NUL lands inside cap). */
static void emit_nibbles(char *out, size_t cap, size_t *len, const unsigned char *b, size_t from,
                         size_t to)
{
	static const char digit[] = "0123456789ABCDEF";
	size_t fit = *len + 1 < cap ? cap - 1 - *len : 0,
	       end = from + (fit < to - from ? fit : to - from);
	char *o = fit ? out + *len : NULL;
	*len += to - from;
	if (!o)
		return;
	if (from < end && from % 2)
		*o++ = digit[b[from++ / 2] & 15];
	hex_encode(b + from / 2, (end - from) / 2, o);
	if ((end - from) % 2)
		o[end - from - 1] = digit[b[end / 2] >> 4];
}

size_t redact_hex(const struct secrets *s, const unsigned char *b, size_t n, char *out, size_t cap)
{
	lock(s);
	size_t len = 0;
	for (size_t q = 0; q < 2 * n;) {
		size_t next = next_start_nibble(s, b, n, q);
		emit_nibbles(out, cap, &len, b, q, next);
		if ((q = next) == 2 * n)
			break;
		const char *label = NULL;
		size_t m = longest(s, &(struct at){.b = b, .n = n, .q = q}, &label);
		if (m)
			emit(out, cap, &len, label, strlen(label));
		else
			emit_nibbles(out, cap, &len, b, q, q + 1);
		q += m ? m : 1;
	}
	if (cap)
		out[len < cap ? len : cap - 1] = '\0';
	unlock(s);
	return len;
}

char *redact_dup(const struct secrets *s, const char *in)
{
	lock(s); /* one set of secrets for both passes */
	size_t n = redact_locked(s, in, NULL, 0);
	char *out = malloc(n + 1);
	if (out)
		redact_locked(s, in, out, n + 1);
	unlock(s);
	return out;
}

/* The pieces of in[0..n) between NULs, each redacted, NULs kept; into out
 * (cap bytes), or only measured when out is NULL. in[n] is '\0'. */
static size_t redact_pieces(const struct secrets *s, const char *in, size_t n, char *out,
                            size_t cap)
{
	size_t len = 0;
	for (const char *p = in, *end = in + n; p <= end; p += strlen(p) + 1) {
		len += redact_locked(s, p, out ? out + len : NULL, out ? cap - len : 0);
		if (p + strlen(p) < end) {
			if (out)
				out[len] = '\0';
			len++;
		}
	}
	return len;
}

char *redact_mem(const struct secrets *s, const char *in, size_t n, size_t *outn)
{
	lock(s);
	size_t len = redact_pieces(s, in, n, NULL, 0);
	char *out = malloc(len + 1);
	if (out) {
		redact_pieces(s, in, n, out, len + 1);
		out[len] = '\0';
	}
	unlock(s);
	*outn = out ? len : 0;
	return out;
}

int redact_found(const struct secrets *s, const char *in)
{
	int found = 0;
	lock(s);
	while (!found && *(in = next_start(s, in))) {
		const char *label;
		found = longest(s, &(struct at){.text = in++}, &label) > 0;
	}
	unlock(s);
	return found;
}
