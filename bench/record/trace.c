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
	time_t tm_sec;         /* the second cal was formatted for */
	char cal[32];          /* "YYYY-MM-DDTHH:MM:SS." of that second */
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
		if (!(last = strdup(line))) { /* the chain would start again unseen */
			free(line);
			fclose(f);
			return err_set(e, EXIT_USAGE, "%s: out of memory", path);
		}
	}
	free(line);
	fclose(f);
	if (truncate(path, good)) {
		free(last);
		return err_set(e, EXIT_USAGE, "%s: %s", path, strerror(errno));
	}
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
 * hand: printf's cost showed per APDU. The wall clock's calendar part
 * ("2026-11-26T15:04:05.") is formatted once a second. Returns its length
 * (< cap; the role is cut to fit). */
static size_t line_head(struct trace *t, const char *role, char *out, size_t cap)
{
	struct timespec w, m;
	clock_gettime(CLOCK_REALTIME, &w);
	clock_gettime(CLOCK_MONOTONIC, &m);
	if (w.tv_sec != t->tm_sec) {
		struct tm tm;
		gmtime_r(&w.tv_sec, &tm);
		char *c = put_u(t->cal, (unsigned long)tm.tm_year + 1900, 4);
		*c++ = '-';
		c = put_u(c, (unsigned long)tm.tm_mon + 1, 2);
		*c++ = '-';
		c = put_u(c, (unsigned long)tm.tm_mday, 2);
		*c++ = 'T';
		c = put_u(c, (unsigned long)tm.tm_hour, 2);
		*c++ = ':';
		c = put_u(c, (unsigned long)tm.tm_min, 2);
		*c++ = ':';
		c = put_u(c, (unsigned long)tm.tm_sec, 2);
		*c++ = '.';
		*c = '\0';
		t->tm_sec = w.tv_sec;
	}
	char *p = put_u(out, ++t->seq, 1);
	*p++ = ' ';
	size_t cl = strlen(t->cal);
	memcpy(p, t->cal, cl);
	p = put_u(p + cl, (unsigned long)w.tv_nsec / 1000, 6);
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

/* A line put together in one buffer: its head, then each piece as it is
 * redacted (or bench's own text), cut at LINE - 1 bytes; then its tab,
 * the hash of the line before and its newline. Each piece is looked at
 * for bytes one_line() must mend as it is added, so the hex of an APDU and
 * its answer (most of a line) is not read again. */
#define LINE 8192
struct line {
	char s[LINE + SHA256_HEX + 2];
	size_t n;
	int mend; /* a piece holds a byte outside printable ASCII */
};

/* The piece from `from` to the end: printable, or the line needs mending. */
static void line_look(struct line *l, size_t from)
{
	if (printable_run(l->s + from, l->n - from) < l->n - from)
		l->mend = 1;
}

/* After a failed write nothing is written, and no seq is taken. */
static void line_begin(struct trace *t, const char *role, struct line *l)
{
	l->n = t->err ? 0 : line_head(t, role, l->s, LINE);
	l->mend = 0;
	line_look(l, 0);
}

/* A redaction wrote k bytes (its full length) at l->n, cut to fit. */
static void line_grow(struct line *l, size_t k)
{
	l->n += k < LINE - 1 - l->n ? k : LINE - 1 - l->n;
}

static void line_took(struct line *l, size_t k)
{
	size_t from = l->n;
	line_grow(l, k);
	line_look(l, from);
}

/* Text a suite or device gave: keys and PINs never reach the file. */
static void line_text(struct trace *t, struct line *l, const char *text)
{
	line_took(l, redact(t->secrets, text, l->s + l->n, LINE - l->n));
}

/* bench's own text (a separator, an exchange's duration), which holds
 * nothing a suite or device gave, so a short PIN's digits inside a number
 * of microseconds stay; printable ASCII, never mended. */
static void line_own(struct line *l, const char *own)
{
	l->n = (size_t)(put_s(l->s + l->n, l->s + LINE - 1, own) - l->s);
}

/* Writes the line and keeps it for trace_recent. A line that cannot be
 * written whole is cut off again and ends the trace: a later line chained
 * over the gap would hide it (disk full, file size limit). trace_error
 * tells the engine, which ends the run. */
static int line_end(struct trace *t, const char *role, struct line *l)
{
	if (t->err)
		return -1;
	size_t len = l->n;
	if (l->mend) { /* one exchange, one line: one_line() */
		char raw[LINE];
		memcpy(raw, l->s, len);
		len = one_line(raw, len, l->s, LINE);
	}
	char *full = l->s;
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

/* "<seq> <wall> <mono> <role> <body>", body redacted. */
static int write_locked(struct trace *t, const char *role, const char *body)
{
	struct line l;
	line_begin(t, role, &l);
	line_text(t, &l, body);
	return line_end(t, role, &l);
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

const char *trace_strerror(struct trace *t)
{
	pthread_mutex_lock(&t->mu);
	int err = t->err, cut = t->file.cut;
	pthread_mutex_unlock(&t->mu);
	return cut ? "cut short under the run by another process (the lines it held past the cut "
	             "are gone)"
	           : strerror(err);
}

static int write_line(struct trace *t, const char *role, const char *body)
{
	pthread_mutex_lock(&t->mu);
	int rc = write_locked(t, role, body);
	pthread_mutex_unlock(&t->mu);
	return rc;
}

/* " (<dur> us)", unless dur_us < 0: bench's own number, outside redaction. */
static void line_dur(struct line *l, long dur_us)
{
	if (dur_us < 0)
		return;
	char us[48], *u = put_s(us, us + sizeof us - 1, " (");
	u = put_u(u, (unsigned long)dur_us, 1);
	*put_s(u, us + sizeof us - 1, " us)") = '\0';
	line_own(l, us);
}

/* A request or an answer: text a suite or device gave, or bytes written
 * as their hex straight from them (redact_hex). */
struct part {
	const char *text;
	const unsigned char *b;
	size_t n;
};

static void line_part(struct trace *t, struct line *l, struct part p)
{
	if (p.text) {
		line_text(t, l, p.text);
		return;
	}
	size_t from = l->n;
	line_grow(l, redact_hex(t->secrets, p.b, p.n, l->s + l->n, LINE - l->n));
	/* Hex digits need no look; a label ("<key:role/id>") may hold any byte
	 * of the key file's names. */
	if (memchr(l->s + from, '<', l->n - from))
		line_look(l, from);
}

/* "<kind> > <req> < <resp> (<dur> us)": no secret spans " > " or " < "
 * (neither is a digit or a separator), so each part is redacted on its own
 * (redact.t), with no copy of the whole; kind is the driver's word. */
static int exchange(struct trace *t, const char *role, const char *kind, struct part req,
                    struct part resp, long dur_us)
{
	if (!t)
		return 0;
	struct line l;
	pthread_mutex_lock(&t->mu);
	line_begin(t, role, &l);
	line_own(&l, kind);
	line_own(&l, " > ");
	line_part(t, &l, req);
	line_own(&l, " < ");
	line_part(t, &l, resp);
	line_dur(&l, dur_us);
	int rc = line_end(t, role, &l);
	pthread_mutex_unlock(&t->mu);
	return rc;
}

int trace_exchange(struct trace *t, const char *role, const char *kind, const char *req,
                   const char *resp, long dur_us)
{
	return exchange(t, role, kind, (struct part){.text = req}, (struct part){.text = resp},
	                dur_us);
}

int trace_exchange_bytes(struct trace *t, const char *role, const char *kind,
                         const unsigned char *req, size_t rn, const unsigned char *resp, size_t sn,
                         long dur_us)
{
	return exchange(t, role, kind, (struct part){.b = req, .n = rn},
	                (struct part){.b = resp, .n = sn}, dur_us);
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
	return write_line(t, role, body);
}

unsigned long trace_test_begin(struct trace *t, const char *test_id)
{
	if (!t)
		return 0;
	pthread_mutex_lock(&t->mu);
	char body[600];
	snprintf(body, sizeof body, "test %s begins", test_id);
	write_locked(t, "bench", body);
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
