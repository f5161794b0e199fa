/* Placeholder until the simulated-station work lands: a station with a sim:
 * section is accepted, but `bench sim` cannot start anything yet. */
#include "sim.h"

int sim_check(const struct station *st, struct err *e)
{
	(void)st;
	(void)e;
	return 0;
}

int sim_up(const struct station *st, double time_scale, struct err *e)
{
	(void)st;
	(void)time_scale;
	return err_set(e, EXIT_USAGE, "bench sim: not yet implemented");
}

int sim_down(const struct station *st, struct err *e)
{
	(void)st;
	return err_set(e, EXIT_USAGE, "bench sim: not yet implemented");
}

int sim_is_up(const struct station *st)
{
	(void)st;
	return 0;
}

int sim_status(const struct station *st, FILE *out, struct err *e)
{
	(void)st;
	(void)out;
	return err_set(e, EXIT_USAGE, "bench sim: not yet implemented");
}

int sim_get(const struct station *st, const char *sim, const char *key, char *buf, size_t len,
	    struct err *e)
{
	(void)st;
	(void)buf;
	(void)len;
	return err_set(e, EXIT_USAGE, "simulator %s: no value %s (bench sim not yet implemented)",
		       sim, key);
}

int sim_main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return EXIT_USAGE;
}
