/* Unit tests of bench/record/journal.c's writer: records from several
 * threads at once (points, checkpoints) all read back whole, each thread's
 * in its order; a record the file cannot take whole (RLIMIT_FSIZE stands in
 * for a full disk) is cut back, the error says so, and the next record
 * follows the last whole one. Prints TAP. Works in a private mkdtemp
 * directory. */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bench/record/record.h"
#include "tap.h"

#define THREADS 4
#define EACH    300

static struct journal *jn;

static void *writer(void *arg)
{
	int k = (int)(long)arg;
	struct err e = {0};
	for (int i = 0; i < EACH; i++) {
		char id[32], tap[64];
		snprintf(id, sizeof id, "t%d.%d", k, i);
		snprintf(tap, sizeof tap, "ok %d - %s\n", i + 1, id);
		struct jrec r = {.suite = k,
		                 .num = i + 1,
		                 .ok = 1,
		                 .suite_path = "s.lua",
		                 .id = id,
		                 .clause = "c",
		                 .title = "t",
		                 .bail = "",
		                 .tap = tap,
		                 .taplen = strlen(tap),
		                 .csv = "",
		                 .csvlen = 0};
		snprintf(r.verdict, sizeof r.verdict, "pass");
		if (k % 2 ? journal_checkpoint(jn, id, tap, strlen(tap), &e)
		          : journal_append(jn, &r, &e))
			return (void *)1;
	}
	return NULL;
}

/* Every record whole; each thread's in its order. Returns how many. */
static int read_all(const char *path, int *in_order)
{
	FILE *f = fopen(path, "r");
	struct jrec r = {0};
	struct err e = {0};
	int n = 0, next[THREADS] = {0};
	*in_order = 1;
	while (f && journal_read(f, path, &r, &e) == 1) {
		int k = -1, i = -1;
		if (sscanf(r.id, "t%d.%d", &k, &i) != 2 || k < 0 || k >= THREADS || i != next[k]++)
			*in_order = 0;
		n++;
	}
	jrec_free(&r);
	if (f)
		fclose(f);
	return n;
}

static void test_threads(const char *path)
{
	struct err e = {0};
	jn = journal_open(path, &e);
	pthread_t t[THREADS];
	int started = 0, failed = 0;
	for (long k = 0; jn && k < THREADS; k++)
		started += pthread_create(&t[started], NULL, writer, (void *)k) == 0;
	for (int k = 0; k < started; k++) {
		void *rv;
		pthread_join(t[k], &rv);
		failed += rv != NULL;
	}
	journal_close(jn);
	int in_order, n = read_all(path, &in_order);
	tap_ok(started == THREADS && !failed && n == THREADS * EACH && in_order,
	       "%d threads' points and checkpoints at once: %d records read back whole, each "
	       "thread's in order",
	       THREADS, n);
}

static void test_cut_back(const char *path)
{
	struct err e = {0};
	struct stat st;
	jn = journal_open(path, &e);
	if (!jn || stat(path, &st)) {
		tap_ok(0, "journal reopened: %s", e.msg);
		return;
	}
	signal(SIGXFSZ, SIG_IGN);
	struct rlimit old, lim;
	getrlimit(RLIMIT_FSIZE, &old);
	lim = old;
	lim.rlim_cur = (rlim_t)st.st_size + 100;
	setrlimit(RLIMIT_FSIZE, &lim);
	static char big[4000];
	memset(big, 'x', sizeof big);
	int rc = journal_checkpoint(jn, "t0.9999", big, sizeof big, &e);
	setrlimit(RLIMIT_FSIZE, &old);
	struct stat after;
	tap_ok(rc < 0 && e.code == EXIT_BAIL && strstr(e.msg, path) && !stat(path, &after) &&
	           after.st_size == st.st_size,
	       "a record the file cannot take is cut back to the last whole one (%s)", e.msg);
	e = (struct err){0};
	rc = journal_checkpoint(jn, "t1.300", "after", 5, &e);
	journal_close(jn);
	int in_order, n = read_all(path, &in_order);
	tap_ok(rc == 0 && n == THREADS * EACH + 1,
	       "the next record follows it, and the journal reads back whole (%d records)", n);
}

/* Reopening cuts off what is not a whole record (a torn tail; records
 * after a corrupt one), but keeps those bytes in <journal>.cut. */
static void test_keep_cut(const char *path)
{
	char cut[80];
	snprintf(cut, sizeof cut, "%s.cut", path);
	struct stat st, cst;
	stat(path, &st);
	static const char torn[] = "R\t0\t1\tpass\t1\t0.1\t99\t0\ts\tid\tc\tt\t\n  ok 1";
	static const char bad[] = "X\tnot a record\n";
	FILE *f = fopen(path, "ab");
	fputs(bad, f);
	fputs(torn, f); /* after the corrupt one: cut with it */
	fclose(f);
	struct err e = {0};
	jn = journal_open(path, &e);
	struct stat after;
	char got[256] = "";
	f = fopen(cut, "rb");
	size_t n = f ? fread(got, 1, sizeof got - 1, f) : 0;
	if (f)
		fclose(f);
	tap_ok(jn && !stat(path, &after) && after.st_size == st.st_size && !stat(cut, &cst) &&
	           n == strlen(bad) + strlen(torn) && !memcmp(got, bad, strlen(bad)) &&
	           !memcmp(got + strlen(bad), torn, strlen(torn)),
	       "reopened after a corrupt record and a torn one: both cut, their bytes kept in .cut "
	       "(%zu bytes)",
	       n);
	if (jn)
		journal_close(jn);
	jn = journal_open(path, &e);
	struct stat again;
	tap_ok(jn && !stat(cut, &again) && again.st_size == cst.st_size,
	       "a journal ending whole is reopened without adding to .cut");
	if (jn)
		journal_close(jn);
	unlink(cut);
}

int main(void)
{
	char dir[] = "/tmp/test_journal.XXXXXX", path[64];
	if (!mkdtemp(dir))
		return 1;
	snprintf(path, sizeof path, "%s/journal", dir);
	test_threads(path);
	test_cut_back(path);
	test_keep_cut(path);
	unlink(path);
	rmdir(dir);
	return tap_done();
}
