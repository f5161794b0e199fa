#include "engine.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/lib/crypto/crypto.h"
#include "bench/record/record.h"

/* The points of one suite, in journal order. Each suite reads its own, so
 * the suites of a --jobs run, whose records interleave in the journal,
 * replay side by side, each on its own thread without a lock. */
struct cursor {
	long *off; /* where each of its point records starts */
	size_t n, next;
	FILE *f;         /* opened on first use */
	struct jrec cur; /* the record last matched */
	int done;        /* a test had no record: the rest of the suite runs */
};

struct ck {
	char *id, *data; /* the latest checkpoint of test id */
	size_t len;
	struct ck *next;
};

struct replay {
	char path[4200];
	struct cursor *c; /* by suite number */
	int nc;
	struct ck *ck;
	struct ck *seen, **seen_end; /* every failure seen ('F'), in journal order */
	char *bail;                  /* reason of a bail record read */
};

static struct cursor *cursor(struct replay *p, int suite)
{
	if (suite < 0 || suite > 100000)
		return NULL;
	if (suite >= p->nc) {
		struct cursor *c = realloc(p->c, (size_t)(suite + 1) * sizeof *c);
		if (!c)
			return NULL;
		memset(c + p->nc, 0, (size_t)(suite + 1 - p->nc) * sizeof *c);
		p->c = c;
		p->nc = suite + 1;
	}
	return &p->c[suite];
}

static int keep_checkpoint(struct replay *p, struct jrec *r)
{
	struct ck *k = p->ck;
	while (k && strcmp(k->id, r->id) != 0)
		k = k->next;
	if (!k) {
		if (!(k = calloc(1, sizeof *k)) || !(k->id = strdup(r->id))) {
			free(k);
			return -1;
		}
		k->next = p->ck;
		p->ck = k;
	}
	free(k->data);
	k->data = r->tap;
	k->len = r->taplen;
	r->tap = NULL;
	return 0;
}

static int keep_failure(struct replay *p, struct jrec *r)
{
	struct ck *k = calloc(1, sizeof *k);
	if (!k || !(k->id = strdup(r->id))) {
		free(k);
		return -1;
	}
	k->data = r->tap;
	k->len = r->taplen;
	r->tap = NULL;
	*p->seen_end = k;
	p->seen_end = &k->next;
	return 0;
}

static int keep_point(struct replay *p, const struct jrec *r, long at)
{
	struct cursor *c = cursor(p, r->suite);
	long *off = c ? realloc(c->off, (c->n + 1) * sizeof *off) : NULL;
	if (!off)
		return -1;
	c->off = off;
	c->off[c->n++] = at;
	return 0;
}

/* One pass over the journal as the interrupted run left it, before this
 * resume appends to it: where each suite's points are, the latest
 * checkpoint of each test, a bail record. */
static int scan(struct replay *p, FILE *f, struct err *e)
{
	struct jrec r = {0};
	struct err re = {0};
	int rc = 0;
	for (long at = ftell(f); !rc && journal_read(f, p->path, &r, &re) == 1; at = ftell(f)) {
		if (r.kind == 'R')
			rc = keep_point(p, &r, at);
		else if (r.kind == 'C')
			rc = keep_checkpoint(p, &r);
		else if (r.kind == 'F')
			rc = keep_failure(p, &r);
		else if (r.kind == 'B') {
			free(p->bail);
			p->bail = r.tap;
			r.tap = NULL;
		}
	}
	if (re.code) /* the records before it stand */
		fprintf(stderr, "bench: warning: %s; re-running from there\n", re.msg);
	jrec_free(&r);
	return rc ? err_set(e, EXIT_USAGE, "out of memory reading %s", p->path) : 0;
}

struct replay *replay_open(const char *path, struct err *e)
{
	struct replay *p = calloc(1, sizeof *p);
	if (!p) {
		err_set(e, EXIT_USAGE, "out of memory");
		return NULL;
	}
	snprintf(p->path, sizeof p->path, "%s", path);
	p->seen_end = &p->seen;
	FILE *f = fopen(path, "r"); /* none: killed before the first point finished */
	int rc = f ? scan(p, f, e) : 0;
	if (f)
		fclose(f);
	if (rc) {
		replay_close(p);
		return NULL;
	}
	return p;
}

static void free_cks(struct ck *k)
{
	for (struct ck *n; k; k = n) {
		n = k->next;
		free(k->id);
		free(k->data);
		free(k);
	}
}

void replay_close(struct replay *p)
{
	if (!p)
		return;
	for (int i = 0; i < p->nc; i++) {
		jrec_free(&p->c[i].cur);
		free(p->c[i].off);
		if (p->c[i].f)
			fclose(p->c[i].f);
	}
	free(p->c);
	free_cks(p->ck);
	free_cks(p->seen);
	free(p->bail);
	free(p);
}

/* Is the journaled id (written redacted) that of test id? */
static int same_id(const char *journaled, const char *id, const struct secrets *s)
{
	char red[512];
	redact(s, id, red, sizeof red);
	return strcmp(journaled, red) == 0;
}

/* Reads the cursor's next record into c->cur; 0 when there is none. */
static int next_record(struct replay *p, struct cursor *c)
{
	struct err e = {0};
	if (c->done || c->next >= c->n)
		return 0;
	if (!c->f && !(c->f = fopen(p->path, "r")))
		return 0;
	if (fseek(c->f, c->off[c->next], SEEK_SET) || journal_read(c->f, p->path, &c->cur, &e) != 1)
		return 0;
	return 1;
}

const struct jrec *replay_match(struct replay *p, int suite, const char *id,
                                const struct secrets *s)
{
	if (!p || suite < 0 || suite >= p->nc)
		return NULL;
	struct cursor *c = &p->c[suite];
	if (!next_record(p, c) || c->cur.kind != 'R' || c->cur.suite != suite ||
	    !same_id(c->cur.id, id, s)) {
		c->done = 1;
		return NULL;
	}
	c->next++;
	return &c->cur;
}

const char *replay_checkpoint(const struct replay *p, const char *id, const struct secrets *s,
                              size_t *len)
{
	for (const struct ck *k = p ? p->ck : NULL; k; k = k->next)
		if (same_id(k->id, id, s)) {
			*len = k->len;
			return k->data;
		}
	return NULL;
}

int replay_seen(const struct replay *p, const char *id, const struct secrets *s,
                void (*fn)(void *arg, const char *text, size_t len), void *arg)
{
	int n = 0;
	for (const struct ck *k = p ? p->seen : NULL; k; k = k->next)
		if (same_id(k->id, id, s)) {
			fn(arg, k->data, k->len);
			n++;
		}
	return n;
}

const char *replay_bail(const struct replay *p)
{
	return p ? p->bail : NULL;
}
