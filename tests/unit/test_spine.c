/* Unit tests of the runner's pieces: YAML escaping of hostile strings (round
 * trip through libyaml), TAP lines, station loader errors with positions. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <yaml.h>

#include "bench/base/base.h"
#include "bench/cli.h"
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

static void station_err(const char *yaml, const char *expect, const char *name)
{
	char path[] = "/tmp/bench-station-XXXXXX";
	int fd = mkstemp(path);
	FILE *f = fdopen(fd, "w");
	fputs(yaml, f);
	fclose(f);
	struct station st;
	struct err e = {0};
	int rc = station_open(path, &st, &e);
	if (!rc)
		station_free(&st);
	char want[512];
	snprintf(want, sizeof want, "%s%s", path, expect);
	tap_ok(rc == -1 && e.code == 2 && strncmp(e.msg, want, strlen(want)) == 0, "%s", name);
	if (rc != -1 || strncmp(e.msg, want, strlen(want)) != 0) {
		tap_diag("got: '%s'", e.msg);
		tap_diag("want prefix: '%s'", want);
	}
	unlink(path);
}

#define DUT "dut:\n  maker: m\n  model: x\n  serial: s\n  firmware: f\n"

static void test_station(void)
{
	station_err(DUT "roles: {}\nextra: 1\n", ":7:1: unknown key 'extra'", "unknown top key");
	station_err("dut:\n  maker: m\n  model: x\n  serial: s\nroles: {}\n",
	            ":2:3: missing required key 'firmware'", "missing DUT field");
	station_err(DUT "roles:\n  card:\n    driver: nosuch\n", ":8:13: unknown driver 'nosuch'",
	            "unknown driver");
	station_err(DUT "roles: {}\nstation:\n  simulated: maybe\n",
	            ":8:14: simulated must be true or false", "wrong type");
	station_err(DUT "roles: {}\ndut: 2\n", ":7:1: duplicate key 'dut'", "duplicate key");
	station_err(DUT "roles: [\n", ":", "truncated YAML");
	station_err(DUT "  class: toaster\nroles: {}\n", ":6:10: unknown DUT class 'toaster'",
	            "unknown DUT class");
}

static void test_hex(void)
{
	unsigned char b[8];
	tap_ok(hex_decode("00 a4:04 00", b, sizeof b) == 4 && b[1] == 0xA4, "hex with separators");
	tap_ok(hex_decode("0", b, sizeof b) == -1, "odd hex refused");
	tap_ok(hex_decode("zz", b, sizeof b) == -1, "non-hex refused");
	tap_ok(hex_decode("000000000000000000", b, sizeof b) == -1, "overflow refused");
}

int main(void)
{
	test_yaml();
	test_tap();
	test_station();
	test_hex();
	return tap_done();
}
