#include "record.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench/lib/crypto/crypto.h"

struct journal {
	int fd;
	/* The file's length after the last whole record, kept instead of an
	 * fstat per record; mu makes each record's write and cut-back one step
	 * (points are journaled under the run's lock, checkpoints and bail
	 * notes from any suite's thread). */
	off_t size;
	pthread_mutex_t mu;
	char path[4200];
	const struct secrets *secrets; /* redacted from every record, or NULL */
	struct syncer *sync;           /* fsyncs test point records in groups, or NULL */
};

void jrec_free(struct jrec *r)
{
	free(r->hdr);
	free(r->tap);
	free(r->csv);
	memset(r, 0, sizeof *r);
}

/* Splits the header line in place; fields point into `line` (owned by r). */
static int split(char *line, char **f, int max)
{
	int n = 0;
	for (char *p = line; n < max;) {
		f[n++] = p;
		p = strchr(p, '\t');
		if (!p)
			break;
		*p++ = '\0';
	}
	return n;
}

static int read_exact(FILE *f, size_t n, char **out)
{
	*out = malloc(n + 1);
	if (!*out || fread(*out, 1, n, f) != n)
		return -1;
	(*out)[n] = '\0';
	return 0;
}

/* A length or number field of a header: decimal digits only, at most max.
 * A corrupt or forged journal must not size a buffer: "-1" through
 * strtoul was SIZE_MAX, so malloc(n + 1) got 0 bytes and fread the rest. */
static int field_num(const char *s, unsigned long max, unsigned long *out)
{
	if (!*s || strspn(s, "0123456789") != strlen(s) || strlen(s) > 10)
		return -1;
	*out = strtoul(s, NULL, 10);
	return *out <= max ? 0 : -1;
}

static int field_int(const char *s, int *out)
{
	unsigned long v;
	if (field_num(s, INT_MAX, &v))
		return -1;
	*out = (int)v;
	return 0;
}

static int parse_header(char *line, struct jrec *r)
{
	char *f[13];
	unsigned long tap, csv = 0;
	if (line[0] == 'C' || line[0] == 'B' || line[0] == 'F') {
		if (split(line, f, 3) != 3 || field_num(f[2], JREC_MAX, &tap))
			return -1;
		r->kind = line[0];
		r->id = f[1];
		r->taplen = tap;
		return 0;
	}
	if (line[0] != 'R' || split(line, f, 13) != 13 || field_int(f[1], &r->suite) ||
	    field_int(f[2], &r->num) || field_int(f[4], &r->ok) ||
	    field_num(f[6], JREC_MAX, &tap) || field_num(f[7], JREC_MAX, &csv))
		return -1;
	r->kind = 'R';
	snprintf(r->verdict, sizeof r->verdict, "%s", f[3]);
	r->dur = strtod(f[5], NULL);
	r->taplen = tap;
	r->csvlen = csv;
	r->suite_path = f[8];
	r->id = f[9];
	r->clause = f[10];
	r->title = f[11];
	r->bail = f[12];
	return 0;
}

int journal_read(FILE *f, const char *path, struct jrec *r, struct err *e)
{
	jrec_free(r);
	long at = ftell(f);
	char *line = NULL;
	size_t cap = 0;
	ssize_t n = getline(&line, &cap, f);
	if (n <= 0 || line[n - 1] != '\n') {
		free(line);
		return 0;
	}
	line[n - 1] = '\0';
	r->hdr = line;
	if (parse_header(line, r))
		return err_set(e, EXIT_USAGE, "%s: byte %ld: not a journal record", path, at);
	char end[2];
	if (read_exact(f, r->taplen, &r->tap) ||
	    (r->kind == 'R' && read_exact(f, r->csvlen, &r->csv)) || fread(end, 1, 2, f) != 2)
		return 0; /* torn tail */
	if (end[0] != '.' || end[1] != '\n')
		return err_set(e, EXIT_USAGE, "%s: byte %ld: record has no end mark", path, at);
	return 1;
}

/* A header field: redacted first (a tab is a separator the filter sees
 * through), then without tabs or line breaks. */
static void clean(char *out, size_t len, const char *s, const struct secrets *sec)
{
	redact(sec, s ? s : "", out, len);
	for (char *p = out; *p; p++)
		if (*p == '\t' || *p == '\n' || *p == '\r')
			*p = ' ';
}

/* Drops a torn tail so new records follow the last complete one. */
static long complete_prefix(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return 0;
	struct jrec r = {0};
	struct err e = {0};
	long good = 0;
	while (journal_read(f, path, &r, &e) == 1)
		good = ftell(f);
	jrec_free(&r);
	fclose(f);
	return good;
}

/* What the reopening cuts off (a torn tail; records after a corrupt one,
 * which resume runs again) is appended to <path>.cut first: cut, never
 * lost. */
static int keep_cut(const char *path, long good, struct err *e)
{
	char cut[4300], buf[1 << 14];
	snprintf(cut, sizeof cut, "%s.cut", path);
	FILE *in = fopen(path, "rb"), *out = NULL;
	if (!in || fseek(in, 0, SEEK_END) || ftell(in) <= good) {
		if (in)
			fclose(in);
		return 0;
	}
	int ok = fseek(in, good, SEEK_SET) == 0 && (out = fopen(cut, "ab")) != NULL;
	for (size_t n; ok && (n = fread(buf, 1, sizeof buf, in)) > 0;)
		ok = fwrite(buf, 1, n, out) == n;
	ok = ok && !ferror(in) && fflush(out) == 0 && fsync(fileno(out)) == 0;
	fclose(in);
	if (out && fclose(out))
		ok = 0;
	if (!ok)
		return err_set(e, EXIT_BAIL, "%s: keeping the bytes after %ld: %s", cut, good,
		               strerror(errno ? errno : EIO));
	fprintf(stderr,
	        "bench: warning: %s: the bytes after %ld (no whole record) are kept in %s\n", path,
	        good, cut);
	return 0;
}

struct journal *journal_open(const char *path, struct err *e)
{
	struct journal *j = calloc(1, sizeof *j);
	if (!j) {
		err_set(e, EXIT_USAGE, "out of memory");
		return NULL;
	}
	snprintf(j->path, sizeof j->path, "%s", path);
	long good = complete_prefix(path);
	if (keep_cut(path, good, e)) {
		free(j);
		return NULL;
	}
	j->fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	pthread_mutex_init(&j->mu, NULL);
	if (j->fd < 0 || ftruncate(j->fd, good)) {
		err_set(e, EXIT_BAIL, "%s: %s", path, strerror(errno));
		journal_close(j);
		return NULL;
	}
	j->size = good;
	return j;
}

void journal_set_secrets(struct journal *j, const struct secrets *s)
{
	j->secrets = s;
}

void journal_set_syncer(struct journal *j, struct syncer *s)
{
	j->sync = s;
}

int journal_fd(const struct journal *j)
{
	return j->fd;
}

void journal_close(struct journal *j)
{
	if (!j)
		return;
	if (j->fd >= 0)
		close(j->fd);
	pthread_mutex_destroy(&j->mu);
	free(j);
}

/* The record is in the page cache before the next test starts: a kill -9
 * after this point cannot lose the verdict. It is on disk at once (sync),
 * or within the syncer's period, which holds off while it is written (a
 * group sync in between would make it durable before its trace lines). A
 * record that cannot be written whole is cut off again, so none is ever
 * torn in the middle of the file. */
static int commit(struct journal *j, char *rec, size_t len, int sync, struct err *e)
{
	syncer_hold(j->sync);
	pthread_mutex_lock(&j->mu);
	int rc = !rec || fd_append_at(j->fd, &j->size, rec, len, sync || !j->sync) ? -1 : 0;
	pthread_mutex_unlock(&j->mu);
	syncer_release(j->sync);
	if (rc)
		err_set(e, EXIT_BAIL, "%s: %s", j->path, rec ? strerror(errno) : "out of memory");
	free(rec);
	return rc;
}

/* The TAP and CSV bytes come redacted from their writers (tap.c redacts
 * what a suite gave before it frames it, which a second pass over whole
 * TAP lines could not: "ok 12 - 34..." with the PIN 1234); the header
 * fields are redacted here. */
int journal_append(struct journal *j, const struct jrec *r, struct err *e)
{
	char sp[1024], id[256], cl[1024], ti[1024], bail[512];
	clean(sp, sizeof sp, r->suite_path, j->secrets);
	clean(id, sizeof id, r->id, j->secrets);
	clean(cl, sizeof cl, r->clause, j->secrets);
	clean(ti, sizeof ti, r->title, j->secrets);
	clean(bail, sizeof bail, r->bail, j->secrets);
	if (r->taplen > JREC_MAX || r->csvlen > JREC_MAX)
		return err_set(e, EXIT_BAIL,
		               "%s: test point %s: %zu bytes of TAP, %zu of CSV (over %lu)",
		               j->path, id, r->taplen, r->csvlen, JREC_MAX);
	char *rec = NULL;
	size_t n = 0;
	FILE *m = open_memstream(&rec, &n);
	if (m) {
		fprintf(m, "R\t%d\t%d\t%s\t%d\t%.6f\t%zu\t%zu\t%s\t%s\t%s\t%s\t%s\n", r->suite,
		        r->num, r->verdict, r->ok, r->dur, r->taplen, r->csvlen, sp, id, cl, ti,
		        bail);
		fwrite(r->tap, 1, r->taplen, m);
		fwrite(r->csv, 1, r->csvlen, m);
		fputs(".\n", m);
		if (fclose(m)) {
			free(rec);
			rec = NULL;
		}
	}
	return commit(j, rec, n, 0, e);
}

/* Checkpoints, failures seen and bail notes share one shape:
 * "<kind>\t<id>\t<len>\n" <bytes> ".\n"; sync: on disk at once, else with
 * the next group sync (as test points). */
static int note(struct journal *j, char kind, const char *id, const char *data, size_t len,
                int sync, struct err *e)
{
	char cid[256];
	clean(cid, sizeof cid, id, j->secrets);
	if (len > JREC_MAX)
		return err_set(e, EXIT_BAIL, "%s: %s: %zu bytes (over %lu)", j->path, cid, len,
		               JREC_MAX);
	char *rec = NULL;
	size_t n = 0;
	FILE *m = open_memstream(&rec, &n);
	if (m) {
		fprintf(m, "%c\t%s\t%zu\n", kind, cid, len);
		fwrite(data, 1, len, m);
		fputs(".\n", m);
		if (fclose(m)) {
			free(rec);
			rec = NULL;
		}
	}
	return commit(j, rec, n, sync, e);
}

/* A note whose bytes are redacted whole first. */
static int redacted_note(struct journal *j, char kind, const char *id, const char *data, size_t len,
                         int sync, struct err *e)
{
	size_t n = len;
	char *d = j->secrets ? redact_mem(j->secrets, data, len, &n) : NULL;
	if (j->secrets && !d)
		return err_set(e, EXIT_BAIL, "%s: out of memory redacting a record", j->path);
	int rc = note(j, kind, id, d ? d : data, n, sync, e);
	free(d);
	return rc;
}

/* Checkpoint data is Lua source (lcheckpoint.c, which redacts each value
 * before escaping): redacted again whole, as nothing else reads it. */
int journal_checkpoint(struct journal *j, const char *id, const char *data, size_t len,
                       struct err *e)
{
	return redacted_note(j, 'C', id, data, len, 1, e);
}

int journal_failure(struct journal *j, const char *id, const char *text, size_t len, struct err *e)
{
	return redacted_note(j, 'F', id, text, len, 0, e);
}

int journal_bail(struct journal *j, const char *id, const char *reason, struct err *e)
{
	char r[512];
	clean(r, sizeof r, reason, j->secrets);
	return note(j, 'B', id, r, strlen(r), 1, e);
}

int jrec_redact(struct jrec *r, const struct secrets *s)
{
	if (!s)
		return 0;
	char **f[] = {&r->suite_path, &r->id, &r->clause, &r->title, &r->bail};
	char *red[5];
	size_t need = 0;
	int all = 1;
	for (int i = 0; i < 5; i++) {
		red[i] = redact_dup(s, *f[i] ? *f[i] : "");
		all &= red[i] != NULL;
		need += red[i] ? strlen(red[i]) + 1 : 0;
	}
	char *hdr = all ? malloc(need) : NULL; /* owns the new fields, as hdr did */
	for (size_t i = 0, at = 0; hdr && i < 5; i++) {
		*f[i] = strcpy(hdr + at, red[i]);
		at += strlen(red[i]) + 1;
	}
	for (int i = 0; i < 5; i++)
		free(red[i]);
	if (!hdr)
		return -1;
	free(r->hdr);
	r->hdr = hdr;
	return 0;
}
