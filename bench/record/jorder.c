/* The journal in suite order. A --jobs run journals each point as it
 * finishes, so the records of suites that ran side by side interleave;
 * the reports (one <testsuite> per suite) and bench verify read them suite
 * by suite, each suite's records in the order it wrote them. */
#include "record.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

struct span {
	int suite; /* INT_MAX for a checkpoint or bail record: after every point */
	size_t seq;
	long from, to;
};

static int by_suite(const void *a, const void *b)
{
	const struct span *x = a, *y = b;
	if (x->suite != y->suite)
		return x->suite < y->suite ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Where each whole record is; *sorted: already in suite order. */
static struct span *spans(FILE *j, const char *path, size_t *n, int *sorted, struct err *e)
{
	struct span *v = NULL;
	struct jrec r = {0};
	int rc;
	*n = 0;
	*sorted = 1;
	for (long at = ftell(j); (rc = journal_read(j, path, &r, e)) == 1; at = ftell(j)) {
		struct span *g = realloc(v, (*n + 1) * sizeof *g);
		if (!g) {
			rc = err_set(e, EXIT_USAGE, "out of memory");
			break;
		}
		v = g;
		v[*n] = (struct span){r.kind == 'R' ? r.suite : INT_MAX, *n, at, ftell(j)};
		if (*n && v[*n].suite < v[*n - 1].suite)
			*sorted = 0;
		(*n)++;
	}
	jrec_free(&r);
	if (rc < 0) {
		free(v);
		return NULL;
	}
	return v ? v : calloc(1, sizeof *v);
}

static int copy(FILE *from, FILE *to, const struct span *s)
{
	char buf[1 << 14];
	if (fseek(from, s->from, SEEK_SET))
		return -1;
	for (long left = s->to - s->from; left > 0;) {
		size_t k = fread(buf, 1, left < (long)sizeof buf ? (size_t)left : sizeof buf, from);
		if (!k || fwrite(buf, 1, k, to) != k)
			return -1;
		left -= (long)k;
	}
	return 0;
}

int journal_by_suite(FILE **j, const char *path, struct err *e)
{
	size_t n;
	int sorted, rc = 0;
	struct span *v = spans(*j, path, &n, &sorted, e);
	if (!v)
		return -1;
	FILE *t = sorted ? NULL : tmpfile();
	if (!sorted && !t)
		rc = err_set(e, EXIT_USAGE, "%s: a temporary file: %s", path, strerror(errno));
	if (t) {
		qsort(v, n, sizeof *v, by_suite);
		for (size_t i = 0; i < n && !rc; i++)
			if (copy(*j, t, &v[i]))
				rc = err_set(e, EXIT_USAGE, "%s: sorting by suite: %s", path,
				             strerror(errno ? errno : EIO));
		if (rc)
			fclose(t);
		else {
			fclose(*j);
			*j = t;
		}
	}
	free(v);
	rewind(*j);
	return rc;
}
