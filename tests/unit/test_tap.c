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

/* Bytes that are not text in a description (issue 14 item 15). */
static void test_text(void)
{
	char buf[64];
	tap_escape("a\001b\177c\033[0m\tz", buf, sizeof buf);
	is_str(buf, "a\\x01b\\x7Fc\\x1B[0m z", "TAP: control characters escaped as \\xNN");
	tap_escape("x\377y\xc3", buf, sizeof buf);
	is_str(buf, "x\xEF\xBF\xBDy\xEF\xBF\xBD", "TAP: bytes that are not UTF-8 become U+FFFD");
	tap_escape("\xc2\x9b!", buf, sizeof buf);
	is_str(buf, "\\x9B!", "TAP: C1 control characters escaped");
	tap_escape("\xc3\xa9\xc3\xa9\xc3\xa9", buf, 4);
	is_str(buf, "\xc3\xa9", "TAP: a cut falls between characters, never inside one");
}

int main(void)
{
	test_tap();
	test_text();
	return tap_done();
}
