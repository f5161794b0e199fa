/* The printer's job and scan ledger (drivers/ipp_ledger.c): job names
 * unique across the role objects of a run (one per suite file) and across
 * a resume, names whose files are already in the folder skipped, a scan
 * identical to an earlier one caught, and waiting for a scanner that
 * delivers late. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "drivers/ipp_io.h"
#include "tap.h"

static char dir[] = "/tmp/test_ipp_ledger.XXXXXX";

static void name(struct ipp_ledger *l, char *out)
{
	struct err e = {0};
	if (ipp_ledger_name(l, out, 128, &e) != 0)
		snprintf(out, 128, "error: %s", e.msg);
}

static void touch(const char *leaf)
{
	char p[4200];
	snprintf(p, sizeof p, "%s/%s", dir, leaf);
	FILE *f = fopen(p, "w");
	if (f)
		fclose(f);
}

static void names(void)
{
	struct ipp_ledger a, b, c, other;
	struct err e = {0};
	char n1[128], n2[128], n3[128], n4[128], n5[128];
	ipp_ledger_open(&a, dir, "RUN1", &e);
	name(&a, n1);
	name(&a, n2);
	ipp_ledger_open(&b, dir, "RUN1", &e); /* the next suite file's role */
	name(&b, n3);
	tap_ok(!strcmp(n1, "bench-RUN1-1") && !strcmp(n2, "bench-RUN1-2") &&
	           !strcmp(n3, "bench-RUN1-3"),
	       "names go on across role objects of a run: %s %s %s", n1, n2, n3);
	touch("bench-RUN1-4.png");            /* a scan no ledger line knows of */
	ipp_ledger_open(&c, dir, "RUN1", &e); /* bench resume */
	name(&c, n4);
	tap_ok(!strcmp(n4, "bench-RUN1-5"), "after a resume, past a name whose scan exists: %s",
	       n4);
	ipp_ledger_open(&other, dir, "RUN2", &e);
	name(&other, n5);
	tap_ok(!strcmp(n5, "bench-RUN2-1"), "another run has its own names: %s", n5);
	tap_ok(ipp_ledger_use(&b, n1, &e) == 1 && ipp_ledger_use(&c, n1, &e) == 0,
	       "a reserved name prints once");
	tap_ok(ipp_ledger_use(&a, "bench-RUN1-99", &e) == 0 && ipp_ledger_use(&a, n5, &e) == 0,
	       "names the run's ledger never gave do not print");
}

static void scans(void)
{
	struct ipp_ledger l;
	struct err e = {0};
	char dup[256] = "";
	ipp_ledger_open(&l, dir, "RUN3", &e);
	int first = ipp_ledger_scan(&l, "bench-RUN3-1", "aa11", dup, sizeof dup, &e);
	int other = ipp_ledger_scan(&l, "bench-RUN3-2", "bb22", dup, sizeof dup, &e);
	int same = ipp_ledger_scan(&l, "bench-RUN3-3", "aa11", dup, sizeof dup, &e);
	tap_ok(first == 0 && other == 0 && same == 1 && !strcmp(dup, "bench-RUN3-1"),
	       "a scan identical to an earlier one is caught, naming its job (%s)", dup);
}

static void late(void)
{
	char path[4400];
	struct err e = {0};
	int rc = ipp_scan_wait(dir, "nothing", 0.3, 0.2, path, sizeof path, &e);
	tap_ok(rc != 0 && strstr(e.msg, "no scan") && strstr(e.msg, "within 0.3 s"), "no scan: %s",
	       e.msg);
	pid_t pid = fork();
	if (pid == 0) {
		usleep(800 * 1000);
		touch("late.png");
		_exit(0);
	}
	rc = ipp_scan_wait(dir, "late", 5, 0.3, path, sizeof path, &e);
	waitpid(pid, NULL, 0);
	tap_ok(rc == 0 && strstr(path, "/late.png"), "a scan 0.8 s late is waited for: %s",
	       rc ? e.msg : path);
}

int main(void)
{
	if (!mkdtemp(dir)) {
		printf("Bail out! mkdtemp\n");
		return 1;
	}
	names();
	scans();
	late();
	char cmd[200];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	if (system(cmd) != 0)
		tap_diag("could not remove %s", dir);
	return tap_done();
}
