/* bench report DIR: rebuilds a run's junit.xml, report.html and manifest. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "bench/base/base.h"
#include "bench/report/report.h"

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
	if (sp && station_open(sp, &st, &se) == 0) {
		if (st.lab_key)
			station_path(&st, st.lab_key, key, len);
		station_free(&st);
	} else if (sp) {
		fprintf(stderr, "bench report: warning: station %s: %s\n", sp, se.msg);
	}
	runinfo_free(&ri);
	return 0;
}

int report_rebuild(const char *dir, const char *key, int unsigned_, struct err *e)
{
	char sk[4096] = "";
	if (!key && !unsigned_ && station_key(dir, sk, sizeof sk, e) == 0 && *sk)
		key = sk;
	if (e->code || report_write(dir, unsigned_ ? NULL : key, e))
		return -1;
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
	if (report_rebuild(dir, key, unsigned_, &e) == 0) {
		fprintf(stderr, "bench report: %s\n", dir);
		return 0;
	}
	fprintf(stderr, "bench report: %s\n", e.msg);
	return e.code ? e.code : EXIT_USAGE;
}
