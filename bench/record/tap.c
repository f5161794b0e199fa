#include "record.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "bench/lib/crypto/crypto.h"

#define WITHHELD "(withheld: out of memory while redacting)"

static void emit(struct tap *t, int indent, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void emit(struct tap *t, int indent, const char *fmt, ...)
{
	for (int i = 0; i < t->nsinks; i++) {
		va_list ap;
		va_start(ap, fmt);
		fprintf(t->sink[i], "%*s", indent, "");
		vfprintf(t->sink[i], fmt, ap);
		fputc('\n', t->sink[i]);
		if ((fflush(t->sink[i]) || ferror(t->sink[i])) && !t->err[i])
			t->err[i] = errno ? errno : EIO; /* the engine ends the run on it */
		va_end(ap);
	}
}

/* The bytes one character of in becomes on a TAP line, into piece. */
static size_t tap_piece(const char *in, size_t n, char piece[8])
{
	unsigned char c = (unsigned char)in[0];
	size_t l = utf8_seq(in, n);
	if (c == '#' || c == '\\')
		return (size_t)snprintf(piece, 8, "\\%c", c);
	if (c == '\n' || c == '\r' || c == '\t')
		return (size_t)snprintf(piece, 8, " ");
	if (c < 0x20 || c == 0x7F)
		return (size_t)snprintf(piece, 8, "\\x%02X", c);
	if (!l)
		return (size_t)snprintf(piece, 8, "%s", UTF8_REPLACEMENT);
	if (l == 2 && c == 0xC2 && (unsigned char)in[1] < 0xA0) /* C1 controls */
		return (size_t)snprintf(piece, 8, "\\x%02X", (unsigned char)in[1]);
	memcpy(piece, in, l);
	return l;
}

void tap_escape(const char *in, char *out, size_t len)
{
	size_t o = 0, n = strlen(in);
	for (size_t i = 0; i < n;) {
		char piece[8];
		size_t l = utf8_seq(in + i, n - i);
		size_t pl = tap_piece(in + i, n - i, piece);
		if (o + pl >= len)
			break; /* cut between characters, never inside one */
		memcpy(out + o, piece, pl);
		o += pl;
		i += l ? l : 1;
	}
	out[o] = '\0';
}

/* What a suite gave (a name, a description, a reason, a diagnostic line),
 * redacted before it is escaped, so the filter sees it whole; the TAP
 * structure around it (plans, test numbers) is never filtered, so an
 * over-eager match cannot break it. The caller frees the result when it is
 * not `in`; NULL: out of memory. */
static char *clean(const struct tap *t, const char *in)
{
	return t->secrets ? redact_dup(t->secrets, in) : (char *)in;
}

static void put_text(const struct tap *t, const char *in, char *out, size_t len)
{
	char *c = clean(t, in);
	tap_escape(c ? c : WITHHELD, out, len);
	if (c != in)
		free(c);
}

void tap_version(struct tap *t)
{
	emit(t, 0, "TAP version %d", t->version ? t->version : 14);
}

void tap_plan(struct tap *t, int indent, int n, const char *skip_reason)
{
	if (skip_reason) {
		char esc[512];
		put_text(t, skip_reason, esc, sizeof esc);
		emit(t, indent, "1..%d # SKIP %s", n, esc);
	} else {
		emit(t, indent, "1..%d", n);
	}
}

void tap_subtest(struct tap *t, const char *name)
{
	char esc[1024];
	put_text(t, name, esc, sizeof esc);
	emit(t, 4, "# Subtest: %s", esc);
}

void tap_comment(struct tap *t, int indent, const char *text)
{
	char esc[1024];
	put_text(t, text, esc, sizeof esc);
	emit(t, indent, "# %s", esc);
}

static void emit_yaml(struct tap *t, int indent, const char *yaml)
{
	emit(t, indent, "---");
	for (const char *p = yaml; *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		char *line = strndup(p, n), *c = line ? clean(t, line) : NULL;
		emit(t, indent, "%s", c ? c : "# " WITHHELD); /* a YAML comment */
		if (c != line)
			free(c);
		free(line);
		p += n + (nl ? 1 : 0);
	}
	emit(t, indent, "...");
}

void tap_point(struct tap *t, int indent, int ok, int num, const char *desc, enum tap_directive d,
               const char *reason, const char *yaml)
{
	char esc[1024], resc[512] = "";
	put_text(t, desc, esc, sizeof esc);
	if (reason)
		put_text(t, reason, resc, sizeof resc);
	const char *dir = d == TAP_SKIP ? " # SKIP " : d == TAP_TODO ? " # TODO " : "";
	emit(t, indent, "%sok %d - %s%s%s", ok ? "" : "not ", num, esc, dir, d ? resc : "");
	if (yaml && *yaml)
		emit_yaml(t, indent + 2, yaml);
}

void tap_bail(struct tap *t, const char *reason)
{
	char esc[512];
	put_text(t, reason, esc, sizeof esc);
	emit(t, 0, "Bail out! %s", esc);
}
