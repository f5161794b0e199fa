/* Unit tests of bench/record/tap.c: TAP descriptions and a test point with
 * its directive and YAML block, as written to a sink. Prints TAP. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/base/base.h"
#include "bench/record/record.h"
#include "tap.h"

static void is_str(const char *got, const char *exp, const char *name)
{
	tap_ok(strcmp(got, exp) == 0, "%s", name);
	if (strcmp(got, exp) != 0) {
		tap_diag("got:      '%s'", got);
		tap_diag("expected: '%s'", exp);
	}
}

static void test_tap(void)
{
	char buf[256];
	tap_escape("a # b \\ c\nd", buf, sizeof buf);
	is_str(buf, "a \\# b \\\\ c d", "descriptions escape # and \\ and fold newlines");
	char *mem = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&mem, &len);
	struct tap t = {.sink = {f}, .nsinks = 1};
	tap_point(&t, 4, 0, 3, "id: x # y", TAP_SKIP, "no\nreader", "k: \"v\"\n");
	fclose(f);
	is_str(
	    mem,
	    "    not ok 3 - id: x \\# y # SKIP no reader\n      ---\n      k: \"v\"\n      ...\n",
	    "a point with directive and YAML block");
	free(mem);
}

int main(void)
{
	test_tap();
	return tap_done();
}
