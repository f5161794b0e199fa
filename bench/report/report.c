/* Builds junit.xml and report.html from a run directory's journal, then the
 * manifest over everything. Each report is written to a temporary name and
 * renamed, so a reader never sees half a file. */
#include "report.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/record/manifest.h"
#include "runinfo.h"
#include "bench/engine/station.h"

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
	FILE *f = fopen(tmp, "w");
	if (!f) {
		fclose(j);
		return err_set(e, EXIT_USAGE, "%s: %s", tmp, strerror(errno));
	}
	static char buf[1 << 16];
	setvbuf(f, buf, _IOFBF, sizeof buf);
	int rc = w(ri, j, jp, f, e);
	fclose(j);
	if (fclose(f) && !rc)
		rc = err_set(e, EXIT_USAGE, "%s: write failed", tmp);
	if (!rc && rename(tmp, out))
		rc = err_set(e, EXIT_USAGE, "%s: %s", out, strerror(errno));
	if (rc)
		remove(tmp);
	return rc;
}

int report_write(const char *dir, const char *lab_key, struct err *e)
{
	struct runinfo ri;
	if (runinfo_load(dir, &ri, e))
		return -1;
	int rc = build(&ri, "junit.xml", junit_write, e);
	if (!rc)
		rc = build(&ri, "report.html", html_write, e);
	if (!rc)
		rc = manifest_write(dir, runinfo_str(&ri, "run_id", ""), lab_key, e);
	if (!rc && !lab_key)
		fprintf(stderr, "bench: note: manifest.json is NOT signed (no `station: lab_key:`; "
		                "see docs/evidence.md)\n");
	runinfo_free(&ri);
	return rc;
}

static const char report_usage[] =
    "usage: bench report [--key FILE | --unsigned] DIR\n"
    "  Rebuilds DIR/junit.xml, report.html and the manifest from the run's\n"
    "  journal. The manifest is signed with --key, else with the lab_key of the\n"
    "  station recorded in run.json; --unsigned writes it unsigned.\n";

/* The lab key of the station the run used, when it still loads. */
static int station_key(const char *dir, char *key, size_t len, struct err *e)
{
	struct runinfo ri;
	if (runinfo_load(dir, &ri, e))
		return -1;
	const char *sp = runinfo_str(&ri, "station", NULL);
	struct station st;
	struct err se = {0};
	if (sp && station_load(sp, &st, &se) == 0) {
		if (st.lab_key)
			station_path(&st, st.lab_key, key, len);
		station_free(&st);
	} else if (sp) {
		fprintf(stderr, "bench report: warning: station %s: %s\n", sp, se.msg);
	}
	runinfo_free(&ri);
	return 0;
}

int cmd_report(int argc, char **argv)
{
	const char *dir = NULL, *key = NULL;
	int unsigned_ = 0;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--key") == 0 && i + 1 < argc)
			key = argv[++i];
		else if (strcmp(argv[i], "--unsigned") == 0)
			unsigned_ = 1;
		else if (strcmp(argv[i], "--help") == 0)
			return fputs(report_usage, stdout), 0;
		else if (argv[i][0] != '-' && !dir)
			dir = argv[i];
		else
			return fputs(report_usage, stderr), EXIT_USAGE;
	}
	if (!dir)
		return fputs(report_usage, stderr), EXIT_USAGE;
	struct err e = {0};
	char sk[4096] = "";
	if (!key && !unsigned_ && station_key(dir, sk, sizeof sk, &e) == 0 && *sk)
		key = sk;
	if (!e.code && report_write(dir, unsigned_ ? NULL : key, &e) == 0) {
		fprintf(stderr, "bench report: %s\n", dir);
		return 0;
	}
	fprintf(stderr, "bench report: %s\n", e.msg);
	return e.code ? e.code : EXIT_USAGE;
}
