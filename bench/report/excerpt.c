#include "internal.h"

#include <string.h>

#include "bench/base/base.h"

void tap_excerpt(FILE *f, const char *tap, size_t len, size_t *budget)
{
	size_t room = *budget < TAP_EXCERPT ? *budget : TAP_EXCERPT;
	size_t n = len;
	if (n > room) { /* back to the end of a line, so no escape is cut in two */
		n = room;
		while (n && tap[n - 1] != '\n')
			n--;
	}
	xml_putn(f, tap, n);
	*budget -= n;
	if (n < len) {
		size_t lines = 0;
		for (const char *p = tap + n; (p = memchr(p, '\n', (size_t)(tap + len - p))); p++)
			lines++;
		fprintf(f,
		        "\n... %zu more lines (%zu bytes) of this point's diagnostic: see "
		        "results.tap",
		        lines, len - n);
	}
}
