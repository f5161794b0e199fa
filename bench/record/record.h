/* What a run writes as it goes: the TAP stream, trace.log, the journal,
 * the manifest and LAVA signals. */
#ifndef BENCH_RECORD_H
#define BENCH_RECORD_H

#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

#include "bench/base/base.h"

/* TAP 14 writer. Every line goes to each sink (stdout and results.tap) and
 * is flushed at once, so a 24 h run shows progress live and a crash loses
 * nothing that was already decided. */
struct secrets;

struct tap {
	FILE *sink[2];
	int nsinks;
	int version; /* 14, or 13 for harnesses that refuse 14 (Debian 12's prove) */
	int err[2];  /* errno of each sink's first failed write, 0 while none failed */
	/* Keys and PINs redacted (bench/lib/crypto) from every text a line
	 * carries (names, descriptions, reasons, diagnostics), or NULL. */
	const struct secrets *secrets;
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

/* Escapes a description for a test-point line: '#' and '\' are escaped,
 * line breaks and tabs become spaces, other control characters \xNN, bytes
 * that are not UTF-8 U+FFFD; cut to len between characters. No text can end
 * the line, fake a directive or make the stream invalid UTF-8. */
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
/* Cuts trace.log back to its lines now (internal.h: the window), as
 * trace_close does, for readers while the trace stays open (the reports);
 * -1 when it could not be cut: the trace ends there, trace_error says why. */
int trace_settle(struct trace *t);
/* getline for readers of a trace.log: -1 at the end of its lines, which is
 * the end of the file, a line without its newline, or a line holding a
 * zero byte (a kill cut the line, or the rest of a window a killed run had
 * mapped: docs/evidence.md). */
ssize_t trace_getline(char **line, size_t *cap, FILE *f);
/* Secrets to redact from every line from now on (see bench/lib/crypto/redact.c). */
void trace_set_secrets(struct trace *t, const struct secrets *s);

/* One exchange. kind: the driver's own word ("apdu", "scpi", "power", ...),
 * written as it is (printable ASCII, no secret: not redacted); req and resp
 * are redacted. dur_us < 0: none. */
int trace_exchange(struct trace *t, const char *role, const char *kind, const char *req,
                   const char *resp, long dur_us);
/* The same for an exchange of bytes (an APDU and its answer): the line
 * trace_exchange writes for their upper-case hex. */
int trace_exchange_bytes(struct trace *t, const char *role, const char *kind,
                         const unsigned char *req, size_t rn, const unsigned char *resp, size_t sn,
                         long dur_us);
/* A free-form event line (state change, reset, fault). */
int trace_note(struct trace *t, const char *role, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* errno of the first line that could not be written (disk full, file size
 * limit), 0 while none failed. The trace ends at that line: it is cut off
 * and no later line is written, so trace.log stays a whole chain. */
int trace_error(struct trace *t);
/* trace_error for a message: its strerror, or that another process cut
 * trace.log short under the run (docs/evidence.md). */
const char *trace_strerror(struct trace *t);
int trace_fd(const struct trace *t);
/* Bytes of whole lines trace.log holds (the file may be longer while the
 * trace is open): what a group sync must have covered. */
off_t trace_written(struct trace *t);

/* Marks the start of a test; returns the sequence number of its marker line
 * (what trace_recent takes as `since`). */
unsigned long trace_test_begin(struct trace *t, const char *test_id);
/* Up to max of the most recent lines written after line `since`, oldest
 * first, as copies (free each); roles: only lines of those roles (suites
 * side by side share the trace), NULL: all. */
size_t trace_recent(struct trace *t, unsigned long since, char *const *roles, size_t nroles,
                    char **lines, size_t max);

/* reports/<id>/journal: an append-only record of each finished test point,
 * written before the next test starts (fsync'd then, or in a group: see
 * journal_set_syncer). A record carries the exact TAP lines
 * and CSV rows the point produced, so `bench resume` replays it byte for byte
 * and `bench report` builds junit.xml and report.html from it alone.
 *
 * Record:  "R\t<suite#>\t<num>\t<verdict>\t<ok>\t<dur>\t<taplen>\t<csvlen>\t<suite>
 *           \t<id>\t<clause>\t<title>\t<bail>\n" <tap bytes> <csv bytes> ".\n"
 * Checkpoint: "C\t<id>\t<len>\n" <bytes> ".\n"
 * Bail: "B\t<id>\t<len>\n" <reason> ".\n": the run ended here because evidence
 * could not be written (id: the test running then, or empty).
 * A record cut short by a kill has no ".\n" and is dropped on reading. */
/* The largest TAP or CSV part of a record a journal holds (a test point's
 * diagnostics are kilobytes; a checkpoint's data at most a suite's heap,
 * SUITE_HEAP_MAX, 256 MiB): bigger is refused when written, and corrupt
 * when read. */
#define JREC_MAX (1UL << 30)

struct jrec {
	char kind; /* 'R' test point, 'C' checkpoint, 'F' failure seen, 'B' bail (tap holds the
	              text) */
	int suite, num, ok;
	char verdict[8]; /* pass fail skip todo */
	double dur;
	/* Text fields have no tab or line break (replaced by spaces). */
	/* title: the test's title, then a US (0x1F) and its title_zh when it
	 * declares one (report.h tr_title splits them). */
	char *suite_path, *id, *clause, *title, *bail;
	char *tap, *csv; /* exact bytes, NUL-terminated */
	size_t taplen, csvlen;
	char *hdr; /* owns the text fields */
};

struct journal;
struct syncer;

/* Opens path for appending after its last complete record (a torn tail is cut). */
struct journal *journal_open(const char *path, struct err *e);
/* Secrets to redact from every record from now on: the header fields
 * (suite, id, clause, title, bail reason), checkpoint ids and data. The TAP
 * and CSV bytes a record carries come redacted from their writers. */
void journal_set_secrets(struct journal *j, const struct secrets *s);
int journal_append(struct journal *j, const struct jrec *r, struct err *e);
int journal_checkpoint(struct journal *j, const char *id, const char *data, size_t len,
                       struct err *e);
/* A failure of the DUT a test saw, as it saw it (ltest.c): a run killed
 * before the test's point is written keeps it, and bench resume fails the
 * test with it again (replay.c). Synced with the next group, as points are. */
int journal_failure(struct journal *j, const char *id, const char *text, size_t len, struct err *e);
int journal_bail(struct journal *j, const char *id, const char *reason, struct err *e);
void journal_close(struct journal *j);
/* From now on a test point's record is written (write(2): a kill -9 keeps
 * it) without its own fsync, which s makes in a group; checkpoints and bail
 * records are still fsync'd at once. */
void journal_set_syncer(struct journal *j, struct syncer *s);
int journal_fd(const struct journal *j);

/* Grouped fsync (sync.c, docs/evidence.md "Kill -9 and power cuts"): the
 * run's files reach the page cache as they go, and a thread syncs the
 * ones that grew at most every period_ms, so a power cut loses at most that
 * much. Files are synced in the order added (the journal last); while a
 * journal record is written (syncer_hold .. syncer_release) no group sync
 * runs. Every function takes a NULL syncer (nothing to do). */
struct syncer;

#define SYNC_PERIOD_MS 100
struct syncer *syncer_start(long period_ms, struct err *e);
/* Syncs fd (a dup of it: the writer may close its own first) from now on.
 * size(arg): how much the file holds, for a file that grows inside its
 * length (trace.log's window); NULL: its length (fstat). */
int syncer_add(struct syncer *s, int fd, const char *name, off_t (*size)(void *), void *arg);
void syncer_hold(struct syncer *s);
void syncer_release(struct syncer *s);
/* Syncs every file that grew, now; -1 when one failed (syncer_error says). */
int syncer_now(struct syncer *s);
/* errno of the first sync that failed (name: its file), 0 while none did. */
int syncer_error(struct syncer *s, char *name, size_t len);
/* Stops the thread, without a last sync (syncer_now first). */
void syncer_stop(struct syncer *s);

/* Appends n bytes to the O_APPEND file fd (fsync'd when sync), or cuts the
 * file back to *size and returns -1 with errno set: a failed write never
 * leaves half a line or record behind. The writer keeps the file's size in
 * *size (-1: not known yet, read once): no fstat per append, which on a
 * trace line per APDU cost the stat and a fine-grained mtime update on the
 * next write. One writer at a time per file (the caller's lock). */
int fd_append_at(int fd, off_t *size, const void *buf, size_t n, int sync);

/* Reads the next complete record into r (valid until the next call or
 * jrec_free). Returns 1, 0 at the end (or at a torn tail), -1 on a corrupt
 * record (e names the byte offset). */
int journal_read(FILE *f, const char *path, struct jrec *r, struct err *e);
void jrec_free(struct jrec *r);
/* Replaces *j (a journal open for reading) with its records in suite
 * order, each suite's as written (jorder.c): a --jobs run interleaves the
 * suites it ran side by side. Checkpoint and bail records come last. *j is
 * rewound; on error it stays as it was. */
int journal_by_suite(FILE **j, const char *path, struct err *e);
/* Redacts the header fields of a record read back (s may be NULL: nothing
 * to do), for the reports: a journal written before the journal redacted
 * them must not leak through junit.xml and report.html. -1: out of memory. */
int jrec_redact(struct jrec *r, const struct secrets *s);

/* manifest.json: the SHA-256 of every file of a run directory; manifest.sig:
 * the lab's signature over manifest.json's exact bytes, with the public key
 * (base64 DER) so `bench verify` can check it and print its fingerprint. */
/* The files a manifest covers, in this order, when present. */
extern const char *const manifest_files[];

/* lab_key: PEM private key (Ed25519 recommended; RSA/EC with SHA-256), or NULL.
 * lab_fpr: the fingerprint (hex) of the lab key the station names, recorded
 * in manifest.json next to the signer's, or NULL. */
int manifest_write(const char *dir, const char *run_id, const char *lab_key, const char *lab_fpr,
                   struct err *e);
/* Before a run: lab_key is a private regular file (mode 0600 or stricter)
 * holding a private key that loads, so a missing or bad key stops the run
 * before its first test, not after its last. */
int manifest_key_check(const char *lab_key, struct err *e);

/* Checks manifest.sig over manifest.json and fills fpr with the signer
 * key's fingerprint. Who that key belongs to is the trust list's question.
 * Returns 0 valid, 1 no signature, -1 invalid (e says why). */
int manifest_check_sig(const char *dir, char fpr[SHA256_HEX], struct err *e);

/* Key fingerprints: the SHA-256 (hex) of a key's public part in DER
 * (SubjectPublicKeyInfo), written "sha256:<hex>"; the same as
 *   openssl pkey -pubin -in lab.pub -outform DER | sha256sum
 * Of a PEM private key (private_key) or public key file: */
int key_fpr_file(const char *path, int private_key, char fpr[SHA256_HEX], struct err *e);
/* "sha256:<64 hex>" or the 64 hex digits alone (n bytes of s) to hex. */
int fpr_parse(const char *s, size_t n, char fpr[SHA256_HEX]);

/* A trust list: the keys a lab accepts as signers of its runs, one per
 * line: a fingerprint, a public key as one line of base64 DER, or a PEM
 * public key block (as `openssl pkey -pubout` writes it), each optionally
 * followed by a name; # comments, blank lines. */
struct trusted {
	char fpr[SHA256_HEX];
	char *label; /* the name after the key, or "" */
};

struct trust {
	struct trusted *keys;
	size_t n;
	char path[4096];
};

/* Fails (exit 2, FILE:LINE) on a line that is not a key, or on a list without one. */
int trust_load(const char *path, struct trust *t, struct err *e);
void trust_free(struct trust *t);
/* The name of key fpr in t ("" if none), or NULL when t does not list it. */
const char *trust_find(const struct trust *t, const char fpr[SHA256_HEX]);

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
/* Every name and value is redacted with s (may be NULL) first. */
void lava_set_start(FILE *f, const char *suite, const struct secrets *s);
void lava_set_stop(FILE *f);
/* STARTTC of a point, before anything the point prints (its log in LAVA
 * is the console from STARTTC to ENDTC). */
void lava_case_start(FILE *f, const char *test_id, const struct secrets *s);
/* ENDTC and TESTCASE for the finished point, one TESTCASE per measurement
 * (a repeated name gets ".2", ".3", ...). Returns -1 out of memory. */
int lava_point(FILE *f, const struct jrec *j, const struct secrets *s);

#endif
