/* trace.log writer. Each line reaches the page cache as it is written
 * (append.c), so a killed run keeps its exchanges; the last lines of the
 * current test are also kept in memory so a failing test can show the
 * exchange that broke it. Each line ends with a tab and the SHA-256 of the
 * line before it (the first: of TRACE_GENESIS and the run id), so an
 * edited, removed or inserted line breaks the chain. */
#include "internal.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bench/lib/crypto/crypto.h"
#include "bench/base/base.h"

/* Lines kept for trace_recent: more than the 12 a failure shows, as the
 * suites of a --jobs run trace into one ring side by side. */
#define RECENT 64

/* A slot's buffers are kept and grown, not freed per line: a trace line per
 * APDU is the hot path of a card suite. */
struct recent {
	unsigned long seq;
	char *role, *line;
	size_t role_cap, line_cap;
};

struct trace {
	struct tfile file;
	int err; /* errno of the first failed write: nothing is written after it */
	unsigned long seq;
	struct recent recent[RECENT]; /* ring of the latest lines */
	size_t nrecent, head;
	char prev[SHA256_HEX]; /* hash of the last line written */
	time_t tm_sec;         /* the second tm was computed for */
	struct tm tm;
	const struct secrets *secrets;
	/* Branches of t:parallel trace from their helper threads (bench/engine/par.c):
	 * a line, its hash link and its ring slot are written as one. */
	pthread_mutex_t mu;
};

void trace_set_secrets(struct trace *t, const struct secrets *s)
{
	if (t)
		t->secrets = s;
}

void trace_genesis(const char *run_id, char out[SHA256_HEX])
{
	char g[256];
	int n = snprintf(g, sizeof g, "%s %s", TRACE_GENESIS, run_id ? run_id : "");
	sha256_hex(g, (size_t)n, out);
}

ssize_t trace_getline(char **line, size_t *cap, FILE *f)
{
	ssize_t n = getline(line, cap, f);
	if (n <= 0 || (*line)[n - 1] != '\n' || memchr(*line, '\0', (size_t)n))
		return -1;
	return n;
}

/* Continues an existing trace.log: finds its last complete line (a line cut
 * by a kill is dropped, it was never chained in; so is the zero tail of the
 * window a killed run left) and the seq it carries. */
static int resume_chain(struct trace *t, const char *path, struct err *e)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return errno == ENOENT ? 0
		                       : err_set(e, EXIT_USAGE, "%s: %s", path, strerror(errno));
	char *line = NULL, *last = NULL;
	size_t cap = 0;
	ssize_t n;
	long good = 0;
	while ((n = trace_getline(&line, &cap, f)) > 0) {
		good += n;
		line[n - 1] = '\0';
		free(last);
		last = strdup(line);
	}
	free(line);
	fclose(f);
	if (truncate(path, good))
		return err_set(e, EXIT_USAGE, "%s: %s", path, strerror(errno));
	if (last) {
		sha256_hex(last, strlen(last), t->prev);
		t->seq = strtoul(last, NULL, 10);
	}
	free(last);
	return 0;
}

struct trace *trace_open_run(const char *path, const char *run_id, struct err *e)
{
	struct trace *t = trace_open(path, e);
	if (t)
		trace_genesis(run_id, t->prev);
	if (t && resume_chain(t, path, e)) {
		trace_close(t);
		return NULL;
	}
	return t;
}

struct trace *trace_open(const char *path, struct err *e)
{
	struct trace *t = calloc(1, sizeof *t);
	if (!t) {
		err_set(e, EXIT_USAGE, "out of memory");
		return NULL;
	}
	if (tfile_open(&t->file, path)) {
		err_set(e, EXIT_BAIL, "%s: %s", path, strerror(errno));
		free(t);
		return NULL;
	}
	t->tm_sec = -1;
	pthread_mutex_init(&t->mu, NULL);
	return t;
}

static void forget(struct trace *t)
{
	for (size_t i = 0; i < RECENT; i++) {
		free(t->recent[i].role);
		free(t->recent[i].line);
		t->recent[i] = (struct recent){0};
	}
	t->nrecent = t->head = 0;
}

void trace_close(struct trace *t)
{
	if (!t)
		return;
	forget(t);
	tfile_close(&t->file);
	pthread_mutex_destroy(&t->mu);
	free(t);
}

/* Copies s (n bytes) into *buf, growing it; a slot whose copy fails holds
 * no line (trace_recent skips it) rather than a stale one. */
static int keep(char **buf, size_t *cap, const char *s, size_t n)
{
	if (n >= *cap) {
		char *p = realloc(*buf, n + 64);
		if (!p)
			return -1;
		*buf = p;
		*cap = n + 64;
	}
	memcpy(*buf, s, n);
	(*buf)[n] = '\0';
	return 0;
}

static void remember(struct trace *t, const char *role, const char *line, size_t len)
{
	size_t slot = (t->head + t->nrecent) % RECENT;
	if (t->nrecent == RECENT) {
		slot = t->head;
		t->head = (t->head + 1) % RECENT;
	} else {
		t->nrecent++;
	}
	struct recent *r = &t->recent[slot];
	r->seq = t->seq;
	if (keep(&r->role, &r->role_cap, role, strlen(role)) ||
	    keep(&r->line, &r->line_cap, line, len))
		r->seq = 0;
}

/* Length of the run of printable ASCII (0x20..0x7E) at s, at most n: eight
 * bytes at a time while none of them is below 0x20 or above 0x7E (the
 * bit tricks of "Bit Twiddling Hacks", hasless/hasmore, which only tell
 * whether a word holds such a byte; the byte loop finds which). */
static size_t printable_run(const char *s, size_t n)
{
	const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
	size_t k = 0;
	for (uint64_t w; k + 8 <= n; k += 8) {
		memcpy(&w, s + k, 8);
		if ((((w - 0x20 * ones) & ~w) | (w + ones) | w) & highs)
			break;
	}
	while (k < n && (unsigned char)(s[k] - 0x20) < 0x5F)
		k++;
	return k;
}

/* One exchange, one line (the chain depends on it): control characters
 * become spaces, bytes that are not UTF-8 U+FFFD; cut between characters.
 * Returns the length written to out. */
static size_t one_line(const char *in, size_t n, char *out, size_t len)
{
	size_t o = 0;
	for (size_t i = 0; i < n;) {
		/* printable ASCII, nearly every byte: copied as one run */
		size_t k = i + printable_run(in + i, n - i);
		if (k > i) {
			size_t m = k - i < len - 1 - o ? k - i : len - 1 - o;
			memcpy(out + o, in + i, m);
			o += m;
			i += m;
			if (i < k)
				break;
			continue;
		}
		unsigned char c = (unsigned char)in[i];
		size_t l = utf8_seq(in + i, n - i);
		const char *piece = c < 0x20 || c == 0x7F ? " " : l ? in + i : UTF8_REPLACEMENT;
		size_t pl = c < 0x20 || c == 0x7F ? 1 : l ? l : 3;
		if (o + pl >= len)
			break;
		memcpy(out + o, piece, pl);
		o += pl;
		i += l ? l : 1;
	}
	out[o] = '\0';
	return o;
}

/* Decimal v, at least width digits (zero-padded), at p; the end. */
static char *put_u(char *p, unsigned long v, int width)
{
	char d[24];
	int n = 0;
	do
		d[n++] = (char)('0' + v % 10);
	while ((v /= 10) > 0 || n < width);
	while (n > 0)
		*p++ = d[--n];
	return p;
}

/* s at p, as much as fits before end; the new end of the text. */
static char *put_s(char *p, const char *end, const char *s)
{
	size_t n = strlen(s), room = (size_t)(end - p);
	n = n < room ? n : room;
	memcpy(p, s, n);
	return p + n;
}

/* "<seq> <wall> <mono> <role> " for the line being written, formatted by
 * hand: printf's cost showed per APDU. The calendar fields are computed
 * once a second. Returns its length (< cap; the role is cut to fit). */
static size_t line_head(struct trace *t, const char *role, char *out, size_t cap)
{
	struct timespec w, m;
	clock_gettime(CLOCK_REALTIME, &w);
	clock_gettime(CLOCK_MONOTONIC, &m);
	if (w.tv_sec != t->tm_sec)
		gmtime_r(&w.tv_sec, &t->tm);
	t->tm_sec = w.tv_sec;
	const struct tm *tm = &t->tm;
	char *p = put_u(out, ++t->seq, 1);
	*p++ = ' ';
	p = put_u(p, (unsigned long)tm->tm_year + 1900, 4);
	*p++ = '-';
	p = put_u(p, (unsigned long)tm->tm_mon + 1, 2);
	*p++ = '-';
	p = put_u(p, (unsigned long)tm->tm_mday, 2);
	*p++ = 'T';
	p = put_u(p, (unsigned long)tm->tm_hour, 2);
	*p++ = ':';
	p = put_u(p, (unsigned long)tm->tm_min, 2);
	*p++ = ':';
	p = put_u(p, (unsigned long)tm->tm_sec, 2);
	*p++ = '.';
	p = put_u(p, (unsigned long)w.tv_nsec / 1000, 6);
	*p++ = 'Z';
	*p++ = ' ';
	p = put_u(p, (unsigned long)m.tv_sec, 1);
	*p++ = '.';
	p = put_u(p, (unsigned long)m.tv_nsec / 1000, 6);
	*p++ = ' ';
	size_t n = (size_t)(p - out), rl = strlen(role);
	if (rl > cap - n - 2)
		rl = cap - n - 2;
	memcpy(out + n, role, rl);
	n += rl;
	out[n++] = ' ';
	return n;
}

/* Writes "<seq> <wall> <mono> <role> <body><own>" and keeps it for
 * trace_recent. body is redacted already; own is bench's own text (an exchange's
 * duration), which holds nothing a suite or device gave, so a short PIN's
 * digits inside a number of microseconds stay (NULL: none). A line that
 * cannot be written whole is cut off again and ends the trace: a later line
 * chained over the gap would hide it (disk full, file size limit).
 * trace_error tells the engine, which ends the run. */
static int write_clean(struct trace *t, const char *role, const char *body, const char *own)
{
	if (t->err)
		return -1;
	char line[8192];
	char *p = line + line_head(t, role, line, sizeof line), *end = line + sizeof line - 1;
	p = put_s(p, end, body);
	if (own)
		p = put_s(p, end, own);
	size_t n = (size_t)(p - line);
	char full[8192 + SHA256_HEX + 2];
	size_t len = one_line(line, n, full, 8192);
	remember(t, role, full, len);
	full[len++] = '\t';
	size_t pl = strlen(t->prev); /* empty on a trace_open without genesis */
	memcpy(full + len, t->prev, pl);
	len += pl;
	full[len] = '\n';
	if (tfile_append(&t->file, full, len + 1)) {
		t->err = errno ? errno : EIO;
		return -1;
	}
	sha256_hex(full, len, t->prev);
	return 0;
}

/* write_clean of body redacted: keys and PINs never reach the file. */
static int write_locked(struct trace *t, const char *role, const char *body, const char *own)
{
	char clean[8192];
	if (t->secrets && !t->err) {
		redact(t->secrets, body, clean, sizeof clean);
		body = clean;
	}
	return write_clean(t, role, body, own);
}

int trace_fd(const struct trace *t)
{
	return t->file.fd;
}

off_t trace_written(struct trace *t)
{
	pthread_mutex_lock(&t->mu);
	off_t n = tfile_size(&t->file);
	pthread_mutex_unlock(&t->mu);
	return n;
}

int trace_settle(struct trace *t)
{
	if (!t)
		return 0;
	pthread_mutex_lock(&t->mu);
	int rc = tfile_settle(&t->file);
	if (rc && !t->err)
		t->err = errno ? errno : EIO;
	pthread_mutex_unlock(&t->mu);
	return rc;
}

int trace_error(struct trace *t)
{
	if (!t)
		return 0;
	pthread_mutex_lock(&t->mu);
	int err = t->err;
	pthread_mutex_unlock(&t->mu);
	return err;
}

static int write_line(struct trace *t, const char *role, const char *body, const char *own)
{
	pthread_mutex_lock(&t->mu);
	int rc = write_locked(t, role, body, own);
	pthread_mutex_unlock(&t->mu);
	return rc;
}

/* " (<dur> us)" into us (48 bytes), or "" when dur_us < 0: bench's own
 * number, outside redaction (write_clean). */
static void put_dur(char *us, long dur_us)
{
	us[0] = '\0';
	if (dur_us >= 0) {
		char *u = put_s(us, us + 47, " (");
		u = put_u(u, (unsigned long)dur_us, 1);
		*put_s(u, us + 47, " us)") = '\0';
	}
}

int trace_exchange(struct trace *t, const char *role, const char *kind, const char *req,
                   const char *resp, long dur_us)
{
	if (!t)
		return 0;
	/* "<kind> > <req> < <resp> (<dur> us)", put together by hand: a
	 * printf per APDU showed in the profile. */
	char body[8000], us[48], *p = body, *end = body + sizeof body - 1;
	p = put_s(p, end, kind);
	p = put_s(p, end, " > ");
	p = put_s(p, end, req);
	p = put_s(p, end, " < ");
	p = put_s(p, end, resp);
	*p = '\0';
	put_dur(us, dur_us);
	return write_line(t, role, body, us);
}

/* Appends what a redaction made (its full length n) at body[*at], cut to
 * what fits before cap. */
static void advance(size_t *at, size_t n, size_t cap)
{
	*at = *at + n < cap - 1 ? *at + n : cap - 1;
}

int trace_exchange_bytes(struct trace *t, const char *role, const char *kind,
                         const unsigned char *req, size_t rn, const unsigned char *resp, size_t sn,
                         long dur_us)
{
	if (!t)
		return 0;
	/* The line trace_exchange writes for the hex of req and resp: no
	 * secret spans " > " or " < " (neither is a digit or a separator), so
	 * each part is redacted on its own, the hex straight from the bytes. */
	char body[8000], us[48];
	size_t at = 0, cap = sizeof body;
	pthread_mutex_lock(&t->mu);
	const struct secrets *s = t->secrets;
	advance(&at, redact(s, kind, body, cap), cap);
	advance(&at, redact(NULL, " > ", body + at, cap - at), cap);
	advance(&at, redact_hex(s, req, rn, body + at, cap - at), cap);
	advance(&at, redact(NULL, " < ", body + at, cap - at), cap);
	redact_hex(s, resp, sn, body + at, cap - at);
	put_dur(us, dur_us);
	int rc = write_clean(t, role, body, us);
	pthread_mutex_unlock(&t->mu);
	return rc;
}

int trace_note(struct trace *t, const char *role, const char *fmt, ...)
{
	if (!t)
		return 0;
	char body[4096];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(body, sizeof body, fmt, ap);
	va_end(ap);
	return write_line(t, role, body, NULL);
}

unsigned long trace_test_begin(struct trace *t, const char *test_id)
{
	if (!t)
		return 0;
	pthread_mutex_lock(&t->mu);
	char body[600];
	snprintf(body, sizeof body, "test %s begins", test_id);
	write_locked(t, "bench", body, NULL);
	unsigned long seq = t->seq; /* the marker itself is not an exchange of the test */
	pthread_mutex_unlock(&t->mu);
	return seq;
}

static int wanted(const struct recent *l, unsigned long since, char *const *roles, size_t nroles)
{
	if (!l->line || l->seq <= since)
		return 0;
	for (size_t i = 0; i < nroles; i++)
		if (l->role && strcmp(l->role, roles[i]) == 0)
			return 1;
	return !roles;
}

size_t trace_recent(struct trace *t, unsigned long since, char *const *roles, size_t nroles,
                    char **lines, size_t max)
{
	if (!t)
		return 0;
	size_t n = 0;
	pthread_mutex_lock(&t->mu);
	for (size_t k = t->nrecent; k-- > 0 && n < max;) { /* newest first */
		const struct recent *l = &t->recent[(t->head + k) % RECENT];
		if (wanted(l, since, roles, nroles) && (lines[n] = strdup(l->line)))
			n++;
	}
	pthread_mutex_unlock(&t->mu);
	for (size_t i = 0; i < n / 2; i++) { /* oldest first */
		char *x = lines[i];
		lines[i] = lines[n - 1 - i];
		lines[n - 1 - i] = x;
	}
	return n;
}
