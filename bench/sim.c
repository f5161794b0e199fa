/* bench sim up|down|status: the simulated station by hand. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "bench/base/base.h"
#include "bench/fixtures/supervisor/sim.h"

static int sim_usage(void)
{
	fprintf(stderr, "usage: bench sim up|down|status [--station FILE]\n");
	return EXIT_USAGE;
}

int cmd_sim(int argc, char **argv)
{
	const char *station = "bench/fixtures/sim.yaml", *cmd = NULL;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--station") == 0 && i + 1 < argc)
			station = argv[++i];
		else if (!cmd && argv[i][0] != '-')
			cmd = argv[i];
		else
			return sim_usage();
	}
	if (!cmd || (strcmp(cmd, "up") && strcmp(cmd, "down") && strcmp(cmd, "status")))
		return sim_usage();
	struct station st;
	struct err e = {0};
	if (station_open(station, &st, &e) < 0) {
		fprintf(stderr, "bench sim: %s\n", e.msg);
		return e.code ? e.code : EXIT_USAGE;
	}
	int rc = 0;
	if (!st.sim)
		rc = err_set(&e, EXIT_USAGE, "%s: no sim: section", station);
	else if (strcmp(cmd, "up") == 0) {
		rc = sim_up(&st, 1.0, &e);
		/* What runs where: an external card needs its reader's vpcd port. */
		if (rc == 0)
			rc = sim_status(&st, stderr, &e);
	} else if (strcmp(cmd, "down") == 0)
		rc = sim_down(&st, &e);
	else
		rc = sim_status(&st, stdout, &e);
	station_free(&st);
	if (rc < 0) {
		fprintf(stderr, "bench sim %s: %s\n", cmd, e.msg);
		return e.code ? e.code : EXIT_BAIL;
	}
	return 0;
}
