#include "base.h"

#include <string.h>

/* Code points XML 1.0 has no character for (C0 controls but tab and line
 * breaks, U+FFFE/FFFF) and bytes that are not UTF-8 become U+FFFD: the
 * report stays well-formed whatever a device or a suite wrote. */
static int xml_forbidden(const unsigned char *u, size_t l)
{
	if (l == 1)
		return u[0] < 0x20 && u[0] != '\n' && u[0] != '\t' && u[0] != '\r';
	return l == 3 && u[0] == 0xEF && u[1] == 0xBF && (u[2] == 0xBE || u[2] == 0xBF);
}

/* Plain printable ASCII, the bulk of any report, needs no look: it is
 * written in runs, one fwrite each (a byte at a time made junit.xml of a
 * million-point run take seconds). */
static int xml_plain(unsigned char c)
{
	return c >= 0x20 && c < 0x80 && c != '&' && c != '<' && c != '>' && c != '"';
}

void xml_putn(FILE *f, const char *s, size_t n)
{
	for (size_t i = 0; i < n && s[i];) {
		size_t run = i;
		while (run < n && (xml_plain((unsigned char)s[run]) || s[run] == '\n'))
			run++;
		if (run > i) {
			fwrite(s + i, 1, run - i, f);
			i = run;
			continue;
		}
		size_t l = utf8_seq(s + i, n - i);
		const unsigned char *u = (const unsigned char *)s + i;
		if (!l || xml_forbidden(u, l)) {
			fputs(UTF8_REPLACEMENT, f);
			i += l ? l : 1;
			continue;
		}
		switch (u[0]) {
		case '&':
			fputs("&amp;", f);
			break;
		case '<':
			fputs("&lt;", f);
			break;
		case '>':
			fputs("&gt;", f);
			break;
		case '"':
			fputs("&quot;", f);
			break;
		default:
			fwrite(u, 1, l, f);
		}
		i += l;
	}
}

void xml_put(FILE *f, const char *s)
{
	xml_putn(f, s, strlen(s));
}
