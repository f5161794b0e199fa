/* Unit tests of the runner's pieces: YAML escaping of hostile strings (round
 * trip through libyaml), TAP lines, station loader errors with positions, and
 * input refused at its position (nesting, a second document, numbers that are
 * not finite) and the text writers (TAP, XML) on bytes that are not text. */
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

/* YAML input refused at its position, never a crash (issue 14 items 10, 16). */
static void yaml_refused(const char *yaml, const char *want, const char *name)
{
	struct err e = {0};
	struct ynode *n = ynode_load_buf("in.yaml", yaml, strlen(yaml), &e);
	tap_ok(!n && e.code == 2 && strstr(e.msg, want) != NULL, "%s", name);
	if (n || !strstr(e.msg, want))
		tap_diag("got '%s', want '%s'", n ? "(loaded)" : e.msg, want);
	ynode_free(n);
}

static char *nested(int depth)
{
	char *s = malloc(2 * (size_t)depth + 8);
	strcpy(s, "k: ");
	memset(s + 3, '[', (size_t)depth);
	memset(s + 3 + depth, ']', (size_t)depth);
	strcpy(s + 3 + 2 * depth, "\n");
	return s;
}

static void test_input_yaml(void)
{
	char *deep = nested(20000);
	yaml_refused(deep, "in.yaml:1:", "20000 nested '[': an error, no stack overflow");
	yaml_refused(deep, "nest deeper than 64 levels", "which says why");
	free(deep);
	/* The limit is exact: 64 levels (the map and 63 lists) load, 65 do not. */
	char *s63 = nested(63), *s64 = nested(64);
	struct err e = {0};
	struct ynode *n = ynode_load_buf("in.yaml", s63, strlen(s63), &e), *n2;
	n2 = ynode_load_buf("in.yaml", s64, strlen(s64), &e);
	tap_ok(n && !n2 && strstr(e.msg, "in.yaml:1:67: maps and lists nest deeper than 64"),
	       "64 levels load, 65 are an error at the 65th");
	ynode_free(n);
	ynode_free(n2);
	free(s63);
	free(s64);
	/* One document with explicit markers loads; a second one is refused. */
	const char *one = "--- \na: 1\n...\n", *two = "a: 1\n---\nb: 2\n";
	n = ynode_load_buf("in.yaml", one, strlen(one), &e);
	n2 = ynode_load_buf("in.yaml", two, strlen(two), &e);
	tap_ok(n && ynode_get(n, "a") && !n2 &&
	           strstr(e.msg, "in.yaml:2:1: a second YAML document") == e.msg,
	       "a second document is an error at its '---' (one with markers loads)");
	ynode_free(n);
	ynode_free(n2);
}

static void test_numbers(void)
{
	static const char *const bad[] = {"inf",    "-inf", "nan", "1e309", "-1e999", "0x1p2000",
	                                  "1e-400", " 1",   "1x",  "",      NULL};
	double v = 7;
	int refused = 1;
	for (int i = 0; bad[i]; i++)
		if (num_parse(bad[i], &v) == 0) {
			refused = 0;
			tap_diag("'%s' accepted as %g", bad[i], v);
		}
	tap_ok(refused && v == 7 && num_parse("1e308", &v) == 0 && v == 1e308 &&
	           num_parse("-2.5", &v) == 0 && v == -2.5,
	       "num_parse refuses inf, nan, overflow, underflow, junk; takes finite numbers");
	struct ynode m = {.kind = YN_SCALAR, .file = "f", .line = 3, .col = 9, .str = "1e309"};
	struct err e = {0};
	tap_ok(ynode_num(&m, "scale", &v, &e) == -1 &&
	           strcmp(e.msg, "f:3:9: scale must be a finite number, not '1e309'") == 0,
	       "ynode_num: 1e309 is an error at its position");
}

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
	char *mem = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&mem, &len);
	xml_put(f, "a\001<\377\xef\xbf\xbe\xe7\xa4\xbe\t");
	fclose(f);
	is_str(mem, "a\xEF\xBF\xBD&lt;\xEF\xBF\xBD\xEF\xBF\xBD\xe7\xa4\xbe\t",
	       "XML: forbidden characters and bad bytes become U+FFFD, UTF-8 stays");
	free(mem);
}

int main(void)
{
	test_yaml();
	test_tap();
	test_station();
	test_hex();
	test_input_yaml();
	test_numbers();
	test_text();
	return tap_done();
}
