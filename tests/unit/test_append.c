/* Unit tests of bench/record/append.c: trace.log's mapped window and its
 * way back to write(2). In each directory given (append.t passes a tmpfs
 * and the test's own temporary directory, whose filesystem may not take a
 * window): lines across many windows and mappings read back exact, with
 * zero bytes only past the lines while open and none once closed; a writer
 * killed with SIGKILL loses no line it had written and leaves a whole hash
 * chain, which bench resume's open cuts back to its lines and continues; a
 * file size limit (standing in for a full disk) moves the writer to
 * write(2), which fills the room left and then fails with the file cut
 * back to whole lines; a file another process cuts short under the writer
 * fails the writer, which lives on and leaves the file as found;
 * trace_getline ends at a cut line, a torn line and the zero tail. Prints
 * TAP. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench/base/base.h"
#include "bench/lib/crypto/crypto.h"
#include "bench/record/internal.h"
#include "tap.h"

#define LINE 300

/* Line i: its number, padding, a newline; LINE bytes. */
static void line_of(int i, char out[LINE])
{
	memset(out, 'a' + i % 26, LINE);
	int n = snprintf(out, LINE, "%06d ", i);
	out[n] = ' ';
	out[LINE - 1] = '\n';
}

static char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "r");
	struct stat st;
	char *b = f && !fstat(fileno(f), &st) ? malloc((size_t)st.st_size + 1) : NULL;
	*n = b ? fread(b, 1, (size_t)st.st_size, f) : 0;
	if (f)
		fclose(f);
	return b;
}

/* The first `lines` lines are there in order, and only zero bytes follow. */
static int exact(const char *path, int lines, size_t *tail)
{
	size_t n;
	char *b = slurp(path, &n), want[LINE];
	int ok = b && n >= (size_t)lines * LINE;
	for (int i = 0; ok && i < lines; i++) {
		line_of(i, want);
		ok = memcmp(b + (size_t)i * LINE, want, LINE) == 0;
	}
	*tail = 0;
	for (size_t k = (size_t)lines * LINE; ok && k < n; k++, ++*tail)
		ok = b[k] == '\0';
	free(b);
	return ok;
}

static void test_grow(const char *dir)
{
	char path[4200], l[LINE];
	snprintf(path, sizeof path, "%s/grow", dir);
	struct tfile f;
	/* 9.6 MB: past the 8 MB of address space one mapping spans (append.c) */
	int rc = tfile_open(&f, path), n = 32000, mapped = !f.no_map;
	for (int i = 0; !rc && i < n / 2; i++)
		line_of(i, l), rc = tfile_append(&f, l, LINE);
	size_t tail;
	int mid = !rc && exact(path, n / 2, &tail) && (mapped ? tail > 0 : tail == 0) &&
	          tfile_size(&f) == (off_t)n / 2 * LINE;
	for (int i = n / 2; !rc && i < n; i++)
		line_of(i, l), rc = tfile_append(&f, l, LINE);
	rc |= tfile_close(&f);
	tap_ok(!rc && mid && exact(path, n, &tail) && tail == 0,
	       "%s (%s): %d lines across windows and mappings read back exact; zero bytes past "
	       "them only while open, none after close",
	       dir, mapped ? "mapped window" : "no window: write(2)", n);
	unlink(path);
}

/* Counts trace.log's lines (trace_getline) and checks their chain as bench
 * verify does: each carries the hash of the one before, seq 1, 2, ... */
static int chain_ok(const char *path, const char *run_id, long *lines, off_t *bytes)
{
	char prev[SHA256_HEX], *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int ok = 1;
	trace_genesis(run_id, prev);
	FILE *f = fopen(path, "r");
	*lines = 0, *bytes = 0;
	while (f && (n = trace_getline(&line, &cap, f)) > 0) {
		*bytes += n;
		line[--n] = '\0';
		char *tab = strrchr(line, '\t');
		ok &= tab && !strcmp(tab + 1, prev) && strtol(line, NULL, 10) == ++*lines;
		sha256_hex(line, (size_t)n, prev);
	}
	free(line);
	if (f)
		fclose(f);
	return f && ok;
}

/* The child writes trace lines and reports each one written on the pipe. */
static void killed_writer(const char *path, int out)
{
	struct err e = {0};
	struct trace *t = trace_open_run(path, "run-kill", &e);
	char pad[200];
	memset(pad, 'p', sizeof pad - 1);
	pad[sizeof pad - 1] = '\0';
	for (int i = 0; t; i++)
		if (trace_note(t, "bench", "line %d %s", i, pad) || write(out, &i, sizeof i) < 0)
			break;
	_exit(1);
}

static void test_kill(const char *dir)
{
	char path[4200];
	snprintf(path, sizeof path, "%s/trace.log", dir);
	int p[2], last = -1, i;
	if (pipe(p))
		return (void)tap_ok(0, "pipe: %s", strerror(errno));
	pid_t pid = fork();
	if (pid == 0) {
		close(p[0]);
		killed_writer(path, p[1]);
	}
	close(p[1]);
	while (last < 3000 && read(p[0], &i, sizeof i) == sizeof i)
		last = i;
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	while (read(p[0], &i, sizeof i) == sizeof i) /* reported before it died */
		last = i;
	close(p[0]);
	long lines;
	off_t bytes;
	struct stat st;
	int chain = chain_ok(path, "run-kill", &lines, &bytes) && !stat(path, &st);
	tap_ok(chain && lines >= last + 1,
	       "%s: a writer killed with SIGKILL after reporting line %d written: %ld lines, "
	       "all there, one hash chain (%lld zero bytes after them)",
	       dir, last, lines, chain ? (long long)(st.st_size - bytes) : -1LL);
	struct err e = {0};
	struct trace *t = trace_open_run(path, "run-kill", &e);
	struct stat cut;
	int resumed = t && !stat(path, &cut) && cut.st_size == bytes;
	resumed &= t && !trace_note(t, "bench", "resumed");
	trace_close(t);
	long after;
	resumed &= chain_ok(path, "run-kill", &after, &bytes) && after == lines + 1 &&
	           !stat(path, &cut) && cut.st_size == bytes;
	tap_ok(resumed, "%s: the resume's open cuts the file to its %ld lines and chains on (%s)",
	       dir, lines, e.msg);
	unlink(path);
}

/* In a child: the limit and SIGXFSZ stay there. Exit 0 when the writer
 * failed with EFBIG after filling the room, with whole lines only. */
static int limited(const char *path, off_t limit)
{
	signal(SIGXFSZ, SIG_IGN);
	struct rlimit lim = {(rlim_t)limit, (rlim_t)limit};
	struct tfile f;
	if (setrlimit(RLIMIT_FSIZE, &lim) || tfile_open(&f, path))
		return 2;
	char l[LINE];
	int i = 0; /* lines written */
	for (line_of(i, l); !tfile_append(&f, l, LINE);)
		line_of(++i, l);
	int err = errno;
	tfile_close(&f);
	return err == EFBIG && f.size == (off_t)i * LINE && f.size + LINE > limit ? 0 : 1;
}

static void test_limit(const char *dir)
{
	char path[4200];
	snprintf(path, sizeof path, "%s/limited", dir);
	off_t limit = 200000; /* room for three windows, not a fourth */
	pid_t pid = fork();
	if (pid == 0)
		_exit(limited(path, limit));
	int status = -1;
	waitpid(pid, &status, 0);
	size_t n;
	char *b = slurp(path, &n);
	int whole = b && n > 0 && n % LINE == 0 && b[n - 1] == '\n' && !memchr(b, '\0', n);
	free(b);
	tap_ok(WIFEXITED(status) && WEXITSTATUS(status) == 0 && whole && (off_t)n + LINE > limit,
	       "%s: a file size limit of %lld bytes: write(2) takes over from the window, fills "
	       "the room (%zu bytes) and fails with EFBIG, whole lines only (exit %d)",
	       dir, (long long)limit, n, WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	unlink(path);
}

/* The file as another process cut it: `lines` whole lines, exactly. */
static int cut_to(const char *path, int lines)
{
	size_t n, tail;
	free(slurp(path, &n));
	return n == (size_t)lines * LINE && exact(path, lines, &tail);
}

/* trace.log cut short under its writer (truncate(1) by a hand or a forger),
 * met three ways: CUT_FAR, a store past the new end is a SIGBUS, which
 * fails that append and not the process; CUT_GROW, the window is full and
 * is to grow; CUT_NEAR, inside the last page, where no store meets it and
 * giving the window up finds it. Each time the file is left as found,
 * never grown back with zeros over the lines it lost. */
enum cut { CUT_FAR, CUT_GROW, CUT_NEAR };

static void test_cut(const char *dir, enum cut how)
{
	static const char *const what[] = {
	    "the next store fails (SIGBUS caught), the process lives on",
	    "the window, full, does not grow over the cut",
	    "the next line lands in the last page, past the end"};
	char path[4200], l[LINE];
	snprintf(path, sizeof path, "%s/cut", dir);
	struct tfile f;
	int rc = tfile_open(&f, path), n = how == CUT_NEAR ? 5 : 400, i = 0;
	if (!rc && f.no_map) {
		tfile_close(&f);
		unlink(path);
		tap_skip("%s: no window here: a cut shows as a broken chain", dir);
		return;
	}
	for (; !rc && (i < n || (how == CUT_GROW && f.size + LINE <= f.map_off + (off_t)f.map_len));
	     i++)
		line_of(i, l), rc = tfile_append(&f, l, LINE);
	int cut = !rc && !truncate(path, 2 * LINE);
	line_of(i, l);
	int next = tfile_append(&f, l, LINE);
	int failed = how == CUT_NEAR ? next == 0 : next == -1 && f.cut;
	int closed = tfile_close(&f), err = errno;
	tap_ok(cut && failed && closed == -1 && err == EIO && f.cut && cut_to(path, 2),
	       "%s: cut to 2 lines under a writer of %d: %s; closing says so (%s) and leaves "
	       "the 2 lines, no zeros grown back",
	       dir, i, what[how], strerror(err));
	unlink(path);
}

static int count_lines(const char *dir, const char *bytes, size_t len)
{
	char path[4200], *line = NULL;
	snprintf(path, sizeof path, "%s/getline", dir);
	FILE *f = fopen(path, "w");
	if (!f || fwrite(bytes, 1, len, f) != len || fclose(f))
		return -1;
	f = fopen(path, "r");
	size_t cap = 0;
	int n = 0;
	while (f && trace_getline(&line, &cap, f) > 0)
		n++;
	free(line);
	if (f)
		fclose(f);
	unlink(path);
	return n;
}

static void test_getline(const char *dir)
{
	static const char tail[] = "1 a\n2 b\n\0\0\0\0", torn[] = "1 a\n2 b\n3 \0\0d\n4 e\n",
	                  cut[] = "1 a\n2 b\n3 c";
	int a = count_lines(dir, tail, sizeof tail - 1),
	    b = count_lines(dir, torn, sizeof torn - 1), c = count_lines(dir, cut, sizeof cut - 1);
	tap_ok(a == 2 && b == 2 && c == 2,
	       "trace_getline ends at the zero tail (%d), at a torn line with zero bytes in it "
	       "(%d), at a line without its newline (%d): 2 lines each",
	       a, b, c);
}

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		test_grow(argv[i]);
		test_kill(argv[i]);
		test_limit(argv[i]);
		test_cut(argv[i], CUT_FAR);
		test_cut(argv[i], CUT_GROW);
		test_cut(argv[i], CUT_NEAR);
	}
	if (argc > 1)
		test_getline(argv[1]);
	return tap_done();
}
