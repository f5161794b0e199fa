/* reports/<id>/journal: an append-only record of each finished test point,
 * fsync'd before the next test starts. A record carries the exact TAP lines
 * and CSV rows the point produced, so `bench resume` replays it byte for byte
 * and `bench report` builds junit.xml and report.html from it alone.
 *
 * Record:  "R\t<suite#>\t<num>\t<verdict>\t<ok>\t<dur>\t<taplen>\t<csvlen>\t<suite>
 *           \t<id>\t<clause>\t<title>\t<bail>\n" <tap bytes> <csv bytes> ".\n"
 * Checkpoint: "C\t<id>\t<len>\n" <bytes> ".\n"
 * A record cut short by a kill has no ".\n" and is dropped on reading. */
#ifndef BENCH_JOURNAL_H
#define BENCH_JOURNAL_H

#include <stdio.h>

#include "bench/base/err.h"

struct jrec {
	char kind; /* 'R' test point, 'C' checkpoint */
	int suite, num, ok;
	char verdict[8]; /* pass fail skip todo */
	double dur;
	/* Text fields have no tab or line break (replaced by spaces). */
	char *suite_path, *id, *clause, *title, *bail;
	char *tap, *csv; /* exact bytes, NUL-terminated */
	size_t taplen, csvlen;
	char *hdr; /* owns the text fields */
};

struct journal;

/* Opens path for appending after its last complete record (a torn tail is cut). */
struct journal *journal_open(const char *path, struct err *e);
int journal_append(struct journal *j, const struct jrec *r, struct err *e);
int journal_checkpoint(struct journal *j, const char *id, const char *data, size_t len,
                       struct err *e);
void journal_close(struct journal *j);

/* Reads the next complete record into r (valid until the next call or
 * jrec_free). Returns 1, 0 at the end (or at a torn tail), -1 on a corrupt
 * record (e names the byte offset). */
int journal_read(FILE *f, const char *path, struct jrec *r, struct err *e);
void jrec_free(struct jrec *r);

#endif
