/* A run's journal (bench/record/journal.c journal_read, jorder.c
 * journal_by_suite), as bench resume, report, verify and the history read
 * it after a kill, a full disk or a forger's edit. Every record read has
 * its declared bytes exactly, a length within JREC_MAX and its text fields;
 * a corrupt one is an error with a message; the records in suite order are
 * the same records. */
#include <stdio.h>
#include <string.h>

#include "bench/record/record.h"
#include "fuzz.h"
#include "memfile.h"

/* Reads every record of f; returns how many, or -1 on a corrupt one. */
static long read_all(FILE *f, const char *path)
{
	struct jrec r = {0};
	struct err e = {0};
	long n = 0;
	int rc;
	while ((rc = journal_read(f, path, &r, &e)) == 1) {
		FUZZ_CHECK(r.kind == 'R' || r.kind == 'C' || r.kind == 'B' || r.kind == 'F');
		FUZZ_CHECK(r.hdr && r.id && r.tap && r.taplen <= JREC_MAX);
		FUZZ_CHECK(strlen(r.tap) <= r.taplen);
		if (r.kind == 'R')
			FUZZ_CHECK(r.csv && r.csvlen <= JREC_MAX && r.suite >= 0 && r.suite_path &&
			           r.clause && r.title && r.bail);
		n++;
	}
	jrec_free(&r);
	FUZZ_CHECK(rc == 0 || (rc == -1 && e.msg[0]));
	return rc < 0 ? -1 : n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct memfile m;
	if (memfile_open(&m, data, size) < 0)
		return 0;
	FILE *f = fopen(m.path, "r");
	if (f) {
		long n = read_all(f, m.path);
		rewind(f);
		struct err e = {0};
		if (journal_by_suite(&f, m.path, &e) == 0)
			FUZZ_CHECK(n >= 0 && read_all(f, m.path) == n);
		else
			FUZZ_CHECK(n < 0 && e.msg[0]);
		fclose(f);
	}
	memfile_close(&m);
	return 0;
}
