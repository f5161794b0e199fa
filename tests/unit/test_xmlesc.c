/* Unit tests of bench/base/xmlesc.c: bytes XML 1.0 forbids and bytes that
 * are not UTF-8 never reach a report (issue 14 item 15). Prints TAP. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/base/base.h"
#include "tap.h"

int main(void)
{
	char *mem = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&mem, &len);
	xml_put(f, "a\001<\377\xef\xbf\xbe\xe7\xa4\xbe\t");
	fclose(f);
	const char *want = "a\xEF\xBF\xBD&lt;\xEF\xBF\xBD\xEF\xBF\xBD\xe7\xa4\xbe\t";
	int same = mem && strcmp(mem, want) == 0;
	tap_ok(same, "XML: forbidden characters and bad bytes become U+FFFD, UTF-8 stays");
	if (!same)
		tap_diag("got: '%s'", mem ? mem : "(null)");
	free(mem);
	return tap_done();
}
