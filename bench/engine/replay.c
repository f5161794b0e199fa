#include "engine.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/lib/crypto/crypto.h"
#include "bench/record/record.h"

struct replay {
	FILE *f;
	char path[4200];
	struct jrec next; /* read ahead */
	struct jrec cur;  /* the record last matched */
	char *ck_id, *ck; /* latest checkpoint seen while reading */
	size_t ck_len;
	char *bail; /* reason of a bail record read */
	int done;
};

/* Reads ahead to the next point record, keeping checkpoints on the way. The
 * journal is appended to while we read it, so reading stops at the first
 * miss: nothing after it can be a record of this resume's own making. */
static void advance(struct replay *p)
{
	struct err e = {0};
	for (;;) {
		if (p->done || journal_read(p->f, p->path, &p->next, &e) != 1) {
			if (e.code)
				fprintf(stderr, "bench: warning: %s; re-running from there\n",
				        e.msg);
			jrec_free(&p->next);
			p->done = 1;
			return;
		}
		if (p->next.kind == 'R')
			return;
		if (p->next.kind == 'B') {
			free(p->bail);
			p->bail = p->next.tap;
			p->next.tap = NULL;
			continue;
		}
		free(p->ck_id);
		free(p->ck);
		p->ck_id = strdup(p->next.id);
		p->ck = p->next.tap;
		p->ck_len = p->next.taplen;
		p->next.tap = NULL;
	}
}

struct replay *replay_open(const char *path, struct err *e)
{
	struct replay *p = calloc(1, sizeof *p);
	if (!p) {
		err_set(e, EXIT_USAGE, "out of memory");
		return NULL;
	}
	snprintf(p->path, sizeof p->path, "%s", path);
	p->f = fopen(path, "r");
	if (!p->f)
		p->done = 1; /* killed before the first point finished */
	advance(p);
	return p;
}

void replay_close(struct replay *p)
{
	if (!p)
		return;
	jrec_free(&p->next);
	jrec_free(&p->cur);
	if (p->f)
		fclose(p->f);
	free(p->ck_id);
	free(p->ck);
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

const struct jrec *replay_match(struct replay *p, int suite, const char *id,
                                const struct secrets *s)
{
	if (!p || p->done || p->next.suite != suite || !same_id(p->next.id, id, s)) {
		if (p)
			p->done = 1;
		return NULL;
	}
	jrec_free(&p->cur);
	p->cur = p->next;
	memset(&p->next, 0, sizeof p->next);
	advance(p);
	return &p->cur;
}

const char *replay_checkpoint(const struct replay *p, const char *id, const struct secrets *s,
                              size_t *len)
{
	if (!p || !p->ck_id || !same_id(p->ck_id, id, s))
		return NULL;
	*len = p->ck_len;
	return p->ck;
}

const char *replay_bail(const struct replay *p)
{
	return p ? p->bail : NULL;
}
