/* bench report DIR: rebuilds a run's junit.xml, report.html and manifest. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "bench/base/base.h"
#include "bench/history/history.h"
#include "bench/lib/crypto/crypto.h"
#include "bench/report/report.h"

static const char report_usage[] =
    "usage: bench report [--key FILE | --unsigned] [--lang zh|en] [--pdf] DIR\n"
    "  Rebuilds DIR/junit.xml, report.html and the manifest from the run's\n"
    "  journal. The manifest is signed with --key, else with the lab_key of the\n"
    "  station recorded in run.json; --unsigned writes it unsigned.\n"
    "  --lang zh|en  language of report.html (default: the run's, in run.json)\n"
    "  --pdf         also print report.html to report.pdf with headless Chromium\n"
    "                ($BENCH_CHROMIUM, else chromium or chromium-browser on PATH;\n"
    "                none: exit 2); the manifest covers it. Without --pdf a\n"
    "                report.pdf of an earlier build is removed.\n";

int lang_option(const char *arg, const char **out)
{
	enum lang l;
	if (lang_parse(arg, &l)) {
		fprintf(stderr, "bench: --lang is zh or en, not '%s'\n", arg);
		return -1;
	}
	*out = lang_name(l);
	return 0;
}

/* The station's key file, so the reports redact what the journal holds as
 * the run's writers did (a journal of an older bench may hold secrets). */
static void station_secrets(const struct station *st, struct secrets *sec)
{
	char p[4096];
	struct err e = {0};
	if (st->keys && secrets_load(station_path(st, st->keys, p, sizeof p), sec, &e))
		fprintf(stderr, "bench report: warning: reports built without the key file: %s\n",
		        e.msg);
}

/* The lab key and key file of the station the run used, when it still loads. */
static int station_key(const char *dir, char *key, size_t len, struct secrets *sec, struct err *e)
{
	struct runinfo ri;
	if (runinfo_load(dir, &ri, e))
		return -1;
	const char *sp = runinfo_str(&ri, "station", NULL);
	struct station st;
	struct err se = {0};
	if (sp && station_open(sp, &st, &se) == 0) {
		if (st.lab_key)
			station_path(&st, st.lab_key, key, len);
		station_secrets(&st, sec);
		station_free(&st);
	} else if (sp) {
		fprintf(stderr, "bench report: warning: station %s: %s\n", sp, se.msg);
	}
	runinfo_free(&ri);
	return 0;
}

int report_rebuild(const char *dir, const char *key, int unsigned_, struct err *e)
{
	return report_rebuild_as(dir, key, unsigned_, NULL, e);
}

int report_rebuild_as(const char *dir, const char *key, int unsigned_, const struct report_opts *o,
                      struct err *e)
{
	struct secrets sec = {0};
	char sk[4096] = "";
	if (station_key(dir, sk, sizeof sk, &sec, e) == 0 && *sk && !key && !unsigned_)
		key = sk;
	int rc = 0;
	if (e->code || report_write_opts(dir, unsigned_ ? NULL : key, sec.n ? &sec : NULL, o, e))
		rc = -1;
	secrets_free(&sec);
	return rc;
}

int cmd_report(int argc, char **argv)
{
	const char *dir = NULL, *key = NULL;
	int unsigned_ = 0;
	struct report_opts o = {0};
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--key") == 0 && i + 1 < argc)
			key = argv[++i];
		else if (strcmp(argv[i], "--lang") == 0 && i + 1 < argc) {
			if (lang_option(argv[++i], &o.lang))
				return EXIT_USAGE;
		} else if (strcmp(argv[i], "--pdf") == 0)
			o.pdf = 1;
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
	if (report_rebuild_as(dir, key, unsigned_, &o, &e) == 0) {
		history_add(dir);
		fprintf(stderr, "bench report: %s\n", dir);
		return 0;
	}
	fprintf(stderr, "bench report: %s\n", e.msg);
	return e.code ? e.code : EXIT_USAGE;
}
