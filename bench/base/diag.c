#include "base.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int grow(struct sbuf *b, size_t more)
{
	if (b->oom)
		return -1;
	if (b->len + more + 1 <= b->cap)
		return 0;
	size_t cap = b->cap ? b->cap : 256;
	while (cap < b->len + more + 1)
		cap *= 2;
	char *s = realloc(b->s, cap);
	if (!s) {
		b->oom = 1;
		return -1;
	}
	b->s = s;
	b->cap = cap;
	return 0;
}

void sb_add(struct sbuf *b, const char *s, size_t n)
{
	if (grow(b, n))
		return;
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void sb_printf(struct sbuf *b, const char *fmt, ...)
{
	va_list ap, ap2;
	va_start(ap, fmt);
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n >= 0 && !grow(b, (size_t)n)) {
		vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap2);
		b->len += (size_t)n;
	}
	va_end(ap2);
}

void sb_free(struct sbuf *b)
{
	free(b->s);
	memset(b, 0, sizeof *b);
}

const char *sb_str(const struct sbuf *b)
{
	return b->s ? b->s : "";
}

/* Length of the valid UTF-8 sequence at s (at most n bytes), or 0. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	size_t len;
	unsigned min;
	unsigned cp;
	if (s[0] < 0x80)
		return 1;
	if ((s[0] & 0xE0) == 0xC0)
		len = 2, min = 0x80, cp = s[0] & 0x1F;
	else if ((s[0] & 0xF0) == 0xE0)
		len = 3, min = 0x800, cp = s[0] & 0x0F;
	else if ((s[0] & 0xF8) == 0xF0)
		len = 4, min = 0x10000, cp = s[0] & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3F);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return len;
}

size_t utf8_seq(const char *s, size_t n)
{
	return n ? utf8_len((const unsigned char *)s, n) : 0;
}

/* Code point of the valid l-byte UTF-8 sequence at s. */
static unsigned utf8_cp(const unsigned char *s, size_t l)
{
	unsigned cp = l == 1 ? s[0] : s[0] & (0x3F >> (l - 1));
	for (size_t i = 1; i < l; i++)
		cp = cp << 6 | (s[i] & 0x3F);
	return cp;
}

/* Valid UTF-8 YAML must not carry raw: C1 controls (libyaml refuses them),
 * NEL and the line/paragraph separators (a parser folds them as line breaks,
 * changing the value), the BOM and the non-characters FFFE/FFFF. */
static int yaml_needs_u(unsigned cp)
{
	return (cp >= 0x80 && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029 || cp == 0xFEFF ||
	       cp == 0xFFFE || cp == 0xFFFF;
}

void yaml_quote(struct sbuf *b, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	sb_add(b, "\"", 1);
	for (size_t i = 0; i < n;) {
		unsigned char c = u[i];
		size_t l = utf8_len(u + i, n - i);
		if (c == '"' || c == '\\') {
			sb_printf(b, "\\%c", c);
		} else if (c == '\n') {
			sb_add(b, "\\n", 2);
		} else if (c == '\t') {
			sb_add(b, "\\t", 2);
		} else if (c < 0x20 || c == 0x7F || l == 0) {
			sb_printf(b, "\\x%02X", c);
		} else if (l > 1 && yaml_needs_u(utf8_cp(u + i, l))) {
			sb_printf(b, "\\u%04X", utf8_cp(u + i, l));
			i += l;
			continue;
		} else {
			sb_add(b, s + i, l);
			i += l;
			continue;
		}
		i++;
	}
	sb_add(b, "\"", 1);
}

void yaml_kv_str(struct sbuf *b, int indent, const char *key, const char *val)
{
	sb_printf(b, "%*s%s: ", indent, "", key);
	yaml_quote(b, val ? val : "", val ? strlen(val) : 0);
	sb_add(b, "\n", 1);
}

void num_format(double v, char *buf, size_t len)
{
	if (isnan(v))
		snprintf(buf, len, ".nan");
	else if (isinf(v))
		snprintf(buf, len, v > 0 ? ".inf" : "-.inf");
	else if (v == floor(v) && fabs(v) < 1e15)
		snprintf(buf, len, "%.0f", v);
	else
		snprintf(buf, len, "%.10g", v);
}

void yaml_kv_num(struct sbuf *b, int indent, const char *key, double v)
{
	char num[64];
	num_format(v, num, sizeof num);
	sb_printf(b, "%*s%s: %s\n", indent, "", key, num);
}

void yaml_key(struct sbuf *b, int indent, const char *key)
{
	sb_printf(b, "%*s%s:\n", indent, "", key);
}
