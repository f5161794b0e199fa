/* bench/record/trace.c: what one trace.log line is (docs/evidence.md
 * "trace.log"): "<seq> <wall> <mono> <role> <body>", a tab and the SHA-256
 * of the line before; one line whatever the body holds, cut between
 * characters; exchanges as "<kind> > <req> < <resp> (<us> us)". The writer
 * is hand-formatted for speed (docs/perf.md), so this pins its output.
 * Prints TAP. Works in a private mkdtemp directory. */
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench/lib/crypto/crypto.h"
#include "bench/record/record.h"
#include "tap.h"

#define LINES 6

static char dir[64], path[128];
static char *line[LINES + 1]; /* as read back, without the newline */

static void read_back(void)
{
	FILE *f = fopen(path, "r");
	size_t cap = 0;
	for (int i = 0; f && i < LINES + 1; i++) {
		line[i] = NULL;
		cap = 0;
		if (getline(&line[i], &cap, f) < 0) {
			free(line[i]);
			line[i] = NULL;
			break;
		}
		line[i][strcspn(line[i], "\n")] = '\0';
	}
	if (f)
		fclose(f);
}

/* The body of line i: after seq, wall time, monotonic time and role. */
static const char *body(int i)
{
	const char *p = line[i];
	for (int sp = 0; p && *p && sp < 4; p++)
		sp += *p == ' ';
	return p ? p : "";
}

static void test_head(void)
{
	regex_t re;
	regcomp(&re,
	        "^[0-9]+ [0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{6}Z "
	        "[0-9]+\\.[0-9]{6} card ",
	        REG_EXTENDED | REG_NOSUB);
	int ok = 1;
	for (int i = 0; i < LINES; i++)
		ok &= line[i] && !regexec(&re, line[i], 0, NULL, 0) &&
		      strtoul(line[i], NULL, 10) == i + 1u;
	regfree(&re);
	tap_ok(ok && !line[LINES], "each line is seq (1, 2, ...), UTC time to the us, monotonic "
	                           "time, role");
}

static void test_chain(void)
{
	char want[SHA256_HEX];
	trace_genesis("run-1", want);
	int ok = 1;
	for (int i = 0; i < LINES && line[i]; i++) {
		char *tab = strrchr(line[i], '\t');
		ok &= tab && !strcmp(tab + 1, want);
		sha256_hex(line[i], strlen(line[i]), want);
	}
	tap_ok(ok, "each line ends with a tab and the SHA-256 of the line before (the first: "
	           "of the genesis and run id)");
}

static int body_is(int i, const char *want)
{
	const char *b = body(i), *tab = strrchr(b, '\t');
	size_t n = tab ? (size_t)(tab - b) : strlen(b);
	int same = n == strlen(want) && !strncmp(b, want, n);
	if (!same)
		tap_diag("line %d: %s", i + 1, line[i] ? line[i] : "(none)");
	return same;
}

/* The writer skips printable ASCII eight bytes at a time: a byte that is
 * not (a control character, DEL, UTF-8, a stray high byte) must be seen at
 * every offset of a word, and the words after it still copied. */
static void test_offsets(void)
{
	static const struct {
		const char *in, *out, *what;
	} odd[] = {{"\x01", " ", "0x01"},
	           {"\x1f", " ", "0x1F"},
	           {"\x7f", " ", "DEL"},
	           {"\x80", "\xef\xbf\xbd", "a stray 0x80"},
	           {"\xff", "\xef\xbf\xbd", "0xFF"},
	           {"\xc3\xa9", "\xc3\xa9", "UTF-8"}};
	char tpath[160], note[64], want[64];
	snprintf(tpath, sizeof tpath, "%s/offsets.log", dir);
	struct err e = {0};
	struct trace *t = trace_open_run(tpath, "run-2", &e);
	int ok = t != NULL;
	for (size_t k = 0; ok && k < sizeof odd / sizeof odd[0]; k++)
		for (int at = 0; at < 24; at++) {
			snprintf(note, sizeof note, "%.*s%s 0123456789abcdefghij~", at,
			         "ABCDEFGHIJKLMNOPQRSTUVWXYZ", odd[k].in);
			trace_note(t, "card", "%s", note);
		}
	trace_close(t);
	FILE *f = fopen(tpath, "r");
	char *l = NULL;
	size_t cap = 0;
	for (size_t k = 0; ok && f && k < sizeof odd / sizeof odd[0]; k++)
		for (int at = 0; ok && at < 24; at++) {
			snprintf(want, sizeof want, "%.*s%s 0123456789abcdefghij~\t", at,
			         "ABCDEFGHIJKLMNOPQRSTUVWXYZ", odd[k].out);
			ok = getline(&l, &cap, f) > 0 && strstr(l, want) != NULL;
			if (!ok)
				tap_diag("%s at %d: %s", odd[k].what, at, l ? l : "(none)");
		}
	free(l);
	if (f)
		fclose(f);
	unlink(tpath);
	tap_ok(ok, "a control character, DEL, a byte that is not UTF-8 or a UTF-8 character is "
	           "handled alike at each of 24 offsets, and the text after it is kept");
}

/* A 4-digit PIN: its digits are redacted from what the card and the suite
 * gave (request, answer, a note), never from an exchange's duration, which
 * is bench's own number: a latency plot must not lose the point. */
/* A trace at p (a file of dir named name) redacting secrets s; NULL, with a
 * failed point, when it cannot be had. */
static struct trace *open_redacting(char *p, size_t cap, const char *name, struct secrets *s)
{
	snprintf(p, cap, "%s/%s", dir, name);
	struct err e = {0};
	struct trace *t = trace_open_run(p, name, &e);
	if (!t || redact_index(s)) {
		tap_ok(0, "trace %s redacting secrets: %s", name, e.msg);
		trace_close(t);
		return NULL;
	}
	trace_set_secrets(t, s);
	return t;
}

static void test_short_pin(void)
{
	char p[160];
	struct secret pin = {.kind = SECRET_PIN, .pin = "1234", .label = "<pin:card/holder>"};
	struct secrets s = {.v = &pin, .n = 1};
	struct trace *t = open_redacting(p, sizeof p, "pin.log", &s);
	if (!t)
		return;
	trace_exchange(t, "card", "apdu", "0020000102123400", "9000", 51234);
	trace_exchange(t, "card", "apdu", "00B0000000", "12349000", 1234);
	trace_note(t, "card", "waited 1234 ms");
	static const unsigned char req[] = {0x00, 0x20, 0x00, 0x01, 0x02, 0x12, 0x34, 0x00},
	                           resp[] = {0x90, 0x00}, rd[] = {0x00, 0xB0, 0, 0, 0},
	                           rdresp[] = {0x12, 0x34, 0x90, 0x00};
	trace_exchange_bytes(t, "card", "apdu", req, sizeof req, resp, sizeof resp, 51234);
	trace_exchange_bytes(t, "card", "apdu", rd, sizeof rd, rdresp, sizeof rdresp, 1234);
	trace_close(t);
	free(s.starts);
	FILE *f = fopen(p, "r");
	char l[5][512] = {"", "", "", "", ""};
	for (int i = 0; f && i < 5 && fgets(l[i], sizeof l[i], f); i++)
		l[i][strcspn(l[i], "\t")] = '\0';
	if (f)
		fclose(f);
	unlink(p);
	tap_ok_diag(strstr(l[0], "apdu > 0020000102<pin:card/holder>00 < 9000 (51234 us)") != NULL,
	            "a short PIN in a request is redacted, the duration holding its digits is not",
	            l[0]);
	tap_ok_diag(strstr(l[1], "apdu > 00B0000000 < <pin:card/holder>9000 (1234 us)") != NULL,
	            "in an answer too; a duration equal to the PIN stays", l[1]);
	tap_ok_diag(strstr(l[2], "waited <pin:card/holder> ms") != NULL,
	            "a note's text is redacted whole", l[2]);
	/* the same exchanges given as bytes: the same text after the head */
	const char *a = strstr(l[0], " card "), *b = strstr(l[3], " card ");
	const char *c = strstr(l[1], " card "), *d = strstr(l[4], " card ");
	tap_ok_diag(a && b && !strcmp(a, b) && c && d && !strcmp(c, d),
	            "an exchange given as bytes: the line of its hex, redacted alike", l[3]);
}

/* A key file may name a key with any bytes: a tab in the label that stands
 * for a key inside an answer given as bytes is mended like one in text,
 * even when the label is exactly as long as the hex it replaces. */
static void test_label_mended(void)
{
	char p[160];
	struct secret key = {.kind = SECRET_KEY, .label = "<key:c/a\tbcdefg>"};
	key.key.len = 8;
	memcpy(key.key.b, "\x3C\x8D\x51\xE2\x07\x9A\x64\xBF", 8);
	struct secrets s = {.v = &key, .n = 1};
	struct trace *t = open_redacting(p, sizeof p, "label.log", &s);
	if (!t)
		return;
	static const unsigned char rd[] = {0x00, 0xB0, 0, 0, 8},
	                           ans[] = {0x3C, 0x8D, 0x51, 0xE2, 0x07,
	                                    0x9A, 0x64, 0xBF, 0x90, 0x00};
	trace_exchange_bytes(t, "card", "apdu", rd, sizeof rd, ans, sizeof ans, 7);
	trace_close(t);
	free(s.starts);
	FILE *f = fopen(p, "r");
	char l[512] = "";
	if (f && !fgets(l, sizeof l, f))
		l[0] = '\0';
	if (f)
		fclose(f);
	unlink(p);
	const char *tab = strchr(l, '\t');
	tap_ok_diag(strstr(l, "apdu > 00B0000008 < <key:c/a bcdefg>9000 (7 us)\t") != NULL && tab &&
	                !strchr(tab + 1, '\t'),
	            "a tab in a key's label within an answer's hex becomes a space: one tab a line",
	            l);
}

int main(void)
{
	snprintf(dir, sizeof dir, "/tmp/test_trace.XXXXXX");
	if (!mkdtemp(dir))
		return 1;
	snprintf(path, sizeof path, "%s/trace.log", dir);
	struct err e = {0};
	struct trace *t = trace_open_run(path, "run-1", &e);
	if (!t) {
		printf("Bail out! %s\n", e.msg);
		return 1;
	}
	static char big[10000];
	memset(big, 'A', sizeof big - 1);
	memcpy(big + 4090, "\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad", 12);
	trace_exchange(t, "card", "apdu", "00A4040000", "6F009000", 123);
	trace_exchange(t, "card", "apdu", "00B0000000", "(error: timeout)", -1);
	trace_note(t, "card", "tab\there, newline\nthere, DEL\x7f end");
	trace_note(t, "card", "utf-8 \xe4\xb8\xad\xe6\x96\x87 kept, \xff\xc3 bad");
	trace_note(t, "card", "%s", big);
	trace_exchange(t, "card", "apdu", "", "", 0);
	char *recent[8];
	size_t nr = trace_recent(t, 4, NULL, 0, recent, 8);
	trace_close(t);
	read_back();

	test_head();
	test_chain();
	tap_ok(body_is(0, "apdu > 00A4040000 < 6F009000 (123 us)"),
	       "an exchange with its duration");
	tap_ok(body_is(1, "apdu > 00B0000000 < (error: timeout)"), "an exchange without one");
	tap_ok(body_is(2, "tab here, newline there, DEL  end"), "control characters become spaces");
	tap_ok(body_is(3, "utf-8 \xe4\xb8\xad\xe6\x96\x87 kept, \xef\xbf\xbd\xef\xbf\xbd bad"),
	       "UTF-8 is kept, bytes that are not UTF-8 become U+FFFD");
	const char *b = body(4), *tab = strrchr(b, '\t');
	const char *end = "\xe4\xb8\xad\xef\xbf\xbd\xef\xbf\xbd";
	size_t len = tab ? (size_t)(tab - b) : 0;
	tap_ok(
	    len == 4090 + 9 && !strncmp(tab - 9, end, 9),
	    "a 10 000-byte note is cut to 4095 bytes; the character cut in two is U+FFFD, on one "
	    "line (%zu)",
	    len);
	tap_ok(body_is(5, "apdu >  <  (0 us)"), "an empty exchange");
	tap_ok(nr == 2 && strstr(recent[0], " 5 ") == NULL && strstr(recent[1], "apdu >  < "),
	       "trace_recent gives the lines after a seq, oldest first (%zu)", nr);
	for (size_t i = 0; i < nr; i++)
		free(recent[i]);
	for (int i = 0; i < LINES + 1; i++)
		free(line[i]);
	test_offsets();
	test_short_pin();
	test_label_mended();
	unlink(path);
	rmdir(dir);
	return tap_done();
}
