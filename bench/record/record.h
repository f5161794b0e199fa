/* What a run writes as it goes: the TAP stream, trace.log, the journal,
 * the manifest and LAVA signals. */
#ifndef BENCH_RECORD_H
#define BENCH_RECORD_H

#include <stddef.h>
#include <stdio.h>

#include "bench/base/base.h"

/* TAP 14 writer. Every line goes to each sink (stdout and results.tap) and
 * is flushed at once, so a 24 h run shows progress live and a crash loses
 * nothing that was already decided. */
struct tap {
	FILE *sink[2];
	int nsinks;
	int version; /* 14, or 13 for harnesses that refuse 14 (Debian 12's prove) */
};

enum tap_directive { TAP_NONE, TAP_SKIP, TAP_TODO };

void tap_version(struct tap *t);
void tap_plan(struct tap *t, int indent, int n, const char *skip_reason);
void tap_subtest(struct tap *t, const char *name);
void tap_comment(struct tap *t, int indent, const char *text);
/* yaml: the diagnostic block body (lines without indent), or NULL. */
void tap_point(struct tap *t, int indent, int ok, int num, const char *desc, enum tap_directive d,
               const char *reason, const char *yaml);
void tap_bail(struct tap *t, const char *reason);

/* Escapes a description for a test-point line: '#' and '\' are escaped and
 * line breaks become spaces, so no text can end the line or fake a directive. */
void tap_escape(const char *in, char *out, size_t len);

/* trace.log: every device exchange, one line each, with wall time, monotonic
 * time and duration. Callers pass request/answer text already redacted. */
struct trace;

#define TRACE_GENESIS "bench trace.log genesis"

struct trace *trace_open(const char *path, struct err *e);
/* Opens the trace.log of run run_id, continuing the hash chain of lines
 * already there (bench resume). */
struct trace *trace_open_run(const char *path, const char *run_id, struct err *e);
/* The hash the first line of run_id's trace.log carries (64 hex + NUL). */
void trace_genesis(const char *run_id, char out[65]);
void trace_close(struct trace *t);
/* Secrets to redact from every line from now on (see bench/lib/crypto/redact.c). */
struct secrets;
void trace_set_secrets(struct trace *t, const struct secrets *s);

/* One exchange. kind: "apdu", "ctrl", "ipp", "modbus", ... dur_us < 0: none. */
int trace_exchange(struct trace *t, const char *role, const char *kind, const char *req,
                   const char *resp, long dur_us);
/* A free-form event line (state change, reset, fault). */
int trace_note(struct trace *t, const char *role, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Marks the start of a test: trace_recent returns lines written since. */
void trace_test_begin(struct trace *t, const char *test_id);
/* Up to max of the most recent lines of the current test, oldest first. */
size_t trace_recent(const struct trace *t, const char **lines, size_t max);

/* reports/<id>/journal: an append-only record of each finished test point,
 * fsync'd before the next test starts. A record carries the exact TAP lines
 * and CSV rows the point produced, so `bench resume` replays it byte for byte
 * and `bench report` builds junit.xml and report.html from it alone.
 *
 * Record:  "R\t<suite#>\t<num>\t<verdict>\t<ok>\t<dur>\t<taplen>\t<csvlen>\t<suite>
 *           \t<id>\t<clause>\t<title>\t<bail>\n" <tap bytes> <csv bytes> ".\n"
 * Checkpoint: "C\t<id>\t<len>\n" <bytes> ".\n"
 * A record cut short by a kill has no ".\n" and is dropped on reading. */
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

/* manifest.json: the SHA-256 of every file of a run directory; manifest.sig:
 * the lab's signature over manifest.json's exact bytes, with the public key
 * (base64 DER) so `bench verify` can check it and print its fingerprint. */
/* The files a manifest covers, in this order, when present. */
extern const char *const manifest_files[];

/* lab_key: PEM private key (Ed25519 recommended; RSA/EC with SHA-256), or NULL. */
int manifest_write(const char *dir, const char *run_id, const char *lab_key, struct err *e);

/* Checks manifest.sig over manifest.json. pin: PEM public key the signer
 * must have, or NULL. Fills fpr with the signer key's SHA-256 fingerprint.
 * Returns 0 valid, 1 no signature, -1 invalid (e says why). */
int manifest_check_sig(const char *dir, const char *pin, char fpr[65], struct err *e);

/* LAVA test-shell signals, printed to stdout next to the TAP stream when the
 * run is inside a LAVA job (or --lava). They are written as TAP comments
 * ("    # <LAVA_SIGNAL_...>"): TAP 14 allows "anything else" lines but a
 * strict parser rejects them, while a comment is valid everywhere; LAVA's
 * test shell matches the signal anywhere in a console line. results.tap
 * does not get them. */
struct jrec;

/* 1 when LAVA signals are wanted without --lava: BENCH_LAVA=1, or the
 * LAVA test shell's environment (LAVA_RESULT_DIR / LAVA_SIGNAL). */
int lava_from_env(void);
void lava_set_start(FILE *f, const char *suite);
void lava_set_stop(FILE *f);
/* STARTTC of a point, before anything the point prints (its log in LAVA
 * is the console from STARTTC to ENDTC). */
void lava_case_start(FILE *f, const char *test_id);
/* ENDTC and TESTCASE for the finished point, one TESTCASE per measurement
 * (a repeated name gets ".2", ".3", ...). Returns -1 out of memory. */
int lava_point(FILE *f, const struct jrec *j);

#endif
