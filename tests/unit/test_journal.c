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

int main(void)
{
	char dir[] = "/tmp/test_journal.XXXXXX", path[64];
	if (!mkdtemp(dir))
		return 1;
	snprintf(path, sizeof path, "%s/journal", dir);
	test_threads(path);
	test_cut_back(path);
	unlink(path);
	rmdir(dir);
	return tap_done();
}
