/* bench: hardware-in-the-loop conformance test bench. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "bench/base/base.h"

static const char usage[] =
    "usage: bench COMMAND [options] ...\n"
    "  run    [--station FILE] [--out DIR] [--filter GLOB] [--time-scale N] SUITE...\n"
    "  list   [--station FILE] SUITE...        test ids, clauses, required roles\n"
    "  check  SUITE... | --station FILE        lint: exit 2 with file:line on errors\n"
    "  resume DIR                              finish an interrupted run\n"
    "  report DIR                              (re)build junit.xml, report.html\n"
    "  verify [--trust FILE] DIR               check the manifest, trace chain and signer\n"
    "  tail   [-f] [-n N] DIR                  trace.log's latest lines; -f: as written\n"
    "  sim    up|down|status [--station FILE]  the simulated station\n"
    "  runs   [--out DIR] [--dut SERIAL] [--test ID] [--rebuild]  run history, index.html\n"
    "  plan   [--station FILE] [--out DIR] SUITE...  tests, roles, expected times\n"
    "`bench COMMAND --help` for more. Exit codes: 0 all passed, 1 a test failed,\n"
    "2 usage/station/suite error, 3 bail out (device lost, station unusable,\n"
    "evidence that could not be written).\n";

struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
};

static const struct command commands[] = {
    {"run", cmd_run},       {"list", cmd_list},     {"check", cmd_check},   {"sim", cmd_sim},
    {"resume", cmd_resume}, {"report", cmd_report}, {"verify", cmd_verify}, {"runs", cmd_runs},
    {"plan", cmd_plan},     {"tail", cmd_tail},     {NULL, NULL},
};

int main(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		fputs(usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_USAGE : 0;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("bench %s (%s)\n", BENCH_VERSION, bench_commit());
		return 0;
	}
	for (const struct command *c = commands; c->name; c++)
		if (strcmp(argv[1], c->name) == 0)
			return c->fn(argc - 1, argv + 1);
	fprintf(stderr, "bench: unknown command '%s'\n%s", argv[1], usage);
	return EXIT_USAGE;
}
