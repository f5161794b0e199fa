/* bench runs: the run history of a reports directory (bench/history). */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "bench/base/base.h"
#include "bench/history/history.h"

static const char runs_usage[] =
    "usage: bench runs [--out DIR] [--dut SERIAL] [--test ID] [--rebuild]\n"
    "  Lists the runs of DIR (default: reports, as bench run --out) from its\n"
    "  index DIR/.runs.sqlite, oldest first; --dut only those of one DUT serial.\n"
    "  Then each test's verdict per run (P F S T, - not run; the last 12 runs),\n"
    "  or with --test ID each run's verdict of test ID and the values it measured.\n"
    "  Writes DIR/index.html: the runs and, per DUT model, each measurement's\n"
    "  trend across runs. --rebuild makes the index afresh from the run\n"
    "  directories first (it is only an index: the run directories are the record).\n";

int cmd_runs(int argc, char **argv)
{
	static const struct option longs[] = {
	    {"out", required_argument, NULL, 'o'},  {"dut", required_argument, NULL, 'd'},
	    {"test", required_argument, NULL, 't'}, {"rebuild", no_argument, NULL, 'r'},
	    {"help", no_argument, NULL, 'h'},       {NULL, 0, NULL, 0},
	};
	const char *out = "reports";
	struct history_query q = {0};
	int rebuild = 0, c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "o:d:t:rh", longs, NULL)) != -1) {
		if (c == 'o')
			out = optarg;
		else if (c == 'd')
			q.dut = optarg;
		else if (c == 't')
			q.test = optarg;
		else if (c == 'r')
			rebuild = 1;
		else if (c == 'h')
			return fputs(runs_usage, stdout), 0;
		else
			return fputs(runs_usage, stderr), EXIT_USAGE;
	}
	if (optind < argc)
		return fputs(runs_usage, stderr), EXIT_USAGE;
	struct stat sb;
	if (stat(out, &sb) || !S_ISDIR(sb.st_mode)) {
		fprintf(stderr, "bench runs: %s: no such reports directory\n", out);
		return EXIT_USAGE;
	}
	struct err e = {0};
	if ((rebuild && history_rebuild(out, &e)) || history_list(out, &q, stdout, &e) ||
	    history_index(out, &e)) {
		fprintf(stderr, "bench runs: %s\n", e.msg);
		return EXIT_USAGE;
	}
	fprintf(stderr, "bench runs: %s/%s\n", out, HISTORY_INDEX);
	return 0;
}
