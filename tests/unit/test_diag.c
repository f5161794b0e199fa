/* Unit tests of bench/base/diag.c: yaml_quote on hostile strings, each
 * emitted and parsed back with libyaml. Prints TAP. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "bench/base/base.h"
#include "tap.h"

static void is_str(const char *got, const char *exp, const char *name)
{
	tap_ok(strcmp(got, exp) == 0, "%s", name);
	if (strcmp(got, exp) != 0) {
		tap_diag("got:      '%s'", got);
		tap_diag("expected: '%s'", exp);
	}
}

/* Emits "k: <quoted s>" and parses it back with libyaml: the value must be
 * exactly s (bytes that are not UTF-8 come back as the \x escapes' code
 * points, so those cases compare against the expected decoded text). */
static char *roundtrip(const char *s, size_t len)
{
	struct sbuf b = {0};
	sb_add(&b, "k: ", 3);
	yaml_quote(&b, s, len);
	sb_add(&b, "\n", 1);
	yaml_parser_t p;
	yaml_event_t ev;
	char *val = NULL;
	yaml_parser_initialize(&p);
	yaml_parser_set_input_string(&p, (const unsigned char *)sb_str(&b), b.len);
	int scalars = 0, done = 0;
	while (!done) {
		if (!yaml_parser_parse(&p, &ev))
			break;
		if (ev.type == YAML_SCALAR_EVENT && ++scalars == 2)
			val = strdup((char *)ev.data.scalar.value);
		done = ev.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&p);
	sb_free(&b);
	return val ? val : strdup("<parse error>");
}

static void test_yaml(void)
{
	const char *cases[] = {
	    "plain",
	    "with \"quotes\" and \\backslash",
	    "line\nbreak\tand tab",
	    "---\n...\nnot ok 1 - fake",
	    "社会保障 UTF-8",
	    "# comment: colon [x] {y}",
	    "",
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char *got = roundtrip(cases[i], strlen(cases[i]));
		char name[128];
		snprintf(name, sizeof name, "YAML round trip of hostile string %zu", i);
		is_str(got, cases[i], name);
		free(got);
	}
	char *got = roundtrip("a\x01\x7f\xff\xc3", 5);
	/* \x01 -> U+0001, \x7f -> U+007F, \xff -> U+00FF, \xc3 -> U+00C3 */
	is_str(got, "a\x01\x7f\xc3\xbf\xc3\x83", "control and non-UTF-8 bytes are escaped");
	free(got);
	got = roundtrip("nul\0inside", 10);
	tap_ok(strlen(got) == 3 || strchr(got, '\\') == NULL,
	       "a NUL byte never truncates the block");
	free(got);
}

int main(void)
{
	test_yaml();
	return tap_done();
}
