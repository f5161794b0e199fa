/* Unit tests of the station loader (bench/base/station.c) through
 * station_open (bench/station_open.c), the way every command loads a
 * station: each error is code 2 at its file:line:col. Prints TAP. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench/base/base.h"
#include "bench/cli.h"
#include "tap.h"

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

int main(void)
{
	test_station();
	return tap_done();
}
