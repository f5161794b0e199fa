/* The simulated card's reader side (bench/fixtures/simcard/reader.c): fault
 * parsing, drop counting, slow answers, and presence when the fixture is
 * absent (the chamber-driven presence is end to end in tests/terminal*.t). */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "bench/fixtures/simcard/reader.h"
#include "tap.h"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int parses(const char *spec)
{
	struct reader r;
	struct err e = {0};
	reader_init(&r);
	return reader_fault(&r, spec, &e) == 0;
}

static void test_parse(void)
{
	tap_ok(parses("slow=120") && parses("drop=1") && parses("no-events"), "good faults parse");
	tap_ok(!parses("slow=") && !parses("slow=-1") && !parses("slow=5x") &&
	           !parses("slow=60001"),
	       "bad slow= refused");
	tap_ok(!parses("drop=0") && !parses("drop=") && !parses("drops=3") && !parses("no-event"),
	       "bad drop= and unknown names refused");
	struct reader r;
	struct err e = {0};
	reader_init(&r);
	reader_fault(&r, "bogus", &e);
	tap_ok(strstr(e.msg, "bogus") && strstr(e.msg, "slow=MS"),
	       "error names the fault and the forms");
}

static void test_drop(void)
{
	struct reader r;
	struct err e = {0};
	reader_init(&r);
	reader_fault(&r, "drop=3", &e);
	int pattern = 0;
	for (int i = 0; i < 6; i++)
		pattern = pattern << 1 | reader_before_answer(&r);
	tap_ok(pattern == 011, "drop=3 drops the 3rd and 6th APDU only");
	reader_init(&r);
	int any = 0;
	for (int i = 0; i < 100; i++)
		any |= reader_before_answer(&r);
	tap_ok(!any, "no fault: nothing dropped");
}

static void test_slow(void)
{
	struct reader r;
	struct err e = {0};
	reader_init(&r);
	reader_fault(&r, "slow=60", &e);
	double t0 = now();
	reader_before_answer(&r);
	double ms = (now() - t0) * 1000;
	tap_ok(ms >= 60 && ms < 1000, "slow=60 delays an answer by >= 60 ms");
}

static void test_present(void)
{
	struct reader r;
	reader_init(&r);
	tap_ok(reader_present(&r) == 1, "no fixture: the card rests in the reader");
	r.fixture = "/nonexistent/chamber-x.port";
	r.insert_coil = 16;
	tap_ok(reader_present(&r) == 1, "fixture not up yet: last state (present) holds");
	r.present = 0;
	r.checked = 0;
	tap_ok(reader_present(&r) == 0, "fixture unreachable: last state (absent) holds");
	reader_fault(&r, "no-events", &(struct err){0});
	tap_ok(reader_present(&r) == 1, "no-events: the card never leaves");
	reader_free(&r);
}

int main(void)
{
	test_parse();
	test_drop();
	test_slow();
	test_present();
	return tap_done();
}
