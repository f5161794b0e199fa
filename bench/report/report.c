/* Builds junit.xml and report.html from a run directory's journal, then the
 * manifest over everything. Each report is written to a temporary name and
 * renamed, so a reader never sees half a file. */
#include "report.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/record/record.h"
#include "internal.h"

int report_read(FILE *j, const char *jpath, struct jrec *r, const struct secrets *s, struct err *e)
{
	int rc = journal_read(j, jpath, r, e);
	if (rc == 1 && jrec_redact(r, s))
		return err_set(e, EXIT_USAGE, "%s: out of memory redacting a record", jpath);
	return rc;
}

typedef int (*writer)(const struct runinfo *, FILE *, const char *, FILE *, struct err *);

static int build(const struct runinfo *ri, const char *name, writer w, struct err *e)
{
	char jp[4200], tmp[4300], out[4300];
	snprintf(jp, sizeof jp, "%s/journal", ri->dir);
	snprintf(out, sizeof out, "%s/%s", ri->dir, name);
	snprintf(tmp, sizeof tmp, "%s.tmp", out);
	FILE *j = fopen(jp, "r");
	if (!j)
		return err_set(e, EXIT_USAGE, "%s: %s", jp, strerror(errno));
	if (journal_by_suite(&j, jp, e)) { /* one <testsuite> per suite, --jobs or not */
		fclose(j);
		return -1;
	}
	FILE *f = fopen(tmp, "w");
	if (!f) {
		fclose(j);
		return err_set(e, EXIT_USAGE, "%s: %s", tmp, strerror(errno));
	}
	static char buf[1 << 16];
	setvbuf(f, buf, _IOFBF, sizeof buf);
	int rc = w(ri, j, jp, f, e);
	fclose(j);
	int bad = fflush(f) || ferror(f); /* a write that failed midway, too */
	if ((fclose(f) || bad) && !rc)
		rc = err_set(e, EXIT_USAGE, "%s: write failed: %s", tmp, strerror(errno));
	if (!rc && rename(tmp, out))
		rc = err_set(e, EXIT_USAGE, "%s: %s", out, strerror(errno));
	if (rc)
		remove(tmp);
	return rc;
}

int report_write(const char *dir, const char *lab_key, const struct secrets *secrets, struct err *e)
{
	return report_write_opts(dir, lab_key, secrets, NULL, e);
}

/* A report.pdf left from an earlier build shows another report.html: it
 * goes first, so the manifest never covers a PDF of something else, even
 * when rendering the new one fails. */
static int pdf_step(const char *dir, int render, struct err *e)
{
	char p[4200];
	snprintf(p, sizeof p, "%s/report.pdf", dir);
	int gone = remove(p) == 0;
	if (!gone && errno != ENOENT)
		return err_set(e, EXIT_USAGE, "%s: %s", p, strerror(errno));
	if (gone && !render)
		fprintf(stderr,
		        "bench: note: removed %s (it showed the report before this "
		        "rebuild; `bench report --pdf` renders it again)\n",
		        p);
	return render ? report_pdf(dir, e) : 0;
}

int report_write_opts(const char *dir, const char *lab_key, const struct secrets *secrets,
                      const struct report_opts *o, struct err *e)
{
	struct runinfo ri;
	if (runinfo_load(dir, &ri, e))
		return -1;
	ri.secrets = secrets;
	char bin[4096];
	int rc = 0;
	if (o && o->lang && lang_parse(o->lang, &ri.lang))
		rc = err_set(e, EXIT_USAGE, "--lang is zh or en, not '%s'", o->lang);
	else if (o && o->pdf) /* no Chromium: nothing is rebuilt */
		rc = report_chromium(bin, sizeof bin, e);
	if (!rc)
		rc = build(&ri, "junit.xml", junit_write, e);
	if (!rc)
		rc = build(&ri, "report.html", html_write, e);
	/* A PDF that failed still gets the manifest over the rest, then fails. */
	struct err pe = {0};
	if (!rc)
		pdf_step(dir, o && o->pdf, &pe);
	/* run.json records the lab key the station names ("sha256:<hex>"). */
	const char *named = runinfo_str(&ri, "lab_key_fingerprint", NULL);
	char fpr[SHA256_HEX];
	if (named && fpr_parse(named, strlen(named), fpr))
		named = NULL;
	if (!rc)
		rc = manifest_write(dir, runinfo_str(&ri, "run_id", ""), lab_key,
		                    named ? fpr : NULL, e);
	if (!rc && !lab_key)
		fprintf(stderr, "bench: note: manifest.json is NOT signed (no `station: lab_key:`; "
		                "see docs/evidence.md)\n");
	if (!rc && pe.code) {
		*e = pe;
		rc = -1;
	}
	runinfo_free(&ri);
	return rc;
}
