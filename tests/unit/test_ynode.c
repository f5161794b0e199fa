/* Unit tests of bench/base/ynode.c: YAML input refused at its position
 * (nesting, a second document) and numbers that are not finite (num_parse,
 * ynode_num). Prints TAP. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/base/base.h"
#include "tap.h"

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

int main(void)
{
	test_input_yaml();
	test_numbers();
	return tap_done();
}
