#include "base.h"

int csv_row(const char **p, char *buf, size_t len, const char *f[CSV_N])
{
	const char *s = *p;
	if (!*s)
		return 0;
	size_t o = 0;
	int n = 0;
	for (int i = 0; i < CSV_N; i++)
		f[i] = "";
	f[n++] = buf;
	int q = 0;
	for (; *s && (q || *s != '\n'); s++) {
		if (o + 2 >= len)
			continue; /* over-long fields are cut, not overrun */
		if (*s == '"') {
			if (q && s[1] == '"')
				buf[o++] = *++s;
			else
				q = !q;
		} else if (*s == ',' && !q) {
			buf[o++] = '\0';
			if (n < CSV_N)
				f[n++] = buf + o;
		} else {
			buf[o++] = *s;
		}
	}
	buf[o] = '\0';
	*p = *s ? s + 1 : s;
	return n;
}
