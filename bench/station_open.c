/* The station checks that need the drivers and the simulators: the only
 * place that knows both, so the station loader (bench/base) stays below them. */
#include <stdio.h>

#include "cli.h"
#include "bench/base/base.h"
#include "bench/fixtures/supervisor/sim.h"
#include "bench/lib/card/card.h"
#include "drivers/driver.h"

/* Keys every role may have besides its driver's options. */
static const char *const role_common[] = {"driver", "sim", "title", NULL};

static int check_role(struct role *r, struct err *e)
{
	const struct ynode *d = ynode_get(r->node, "driver");
	r->driver = driver_find(r->driver_name);
	if (!r->driver) {
		char names[512];
		driver_names(names, sizeof names);
		return ynode_err(e, d, "unknown driver '%s' (known: %s)", r->driver_name, names);
	}
	if (schema_check(r->node, r->driver->opts, role_common, e))
		return -1;
	return r->driver->check ? r->driver->check(r, e) : 0;
}

/* A role's `card_profile:` declares the card's issuer choices for suites: a
 * wrong one is a station error (file:line), found before any device is used. */
static int check_card_profile(const struct station *st, const struct role *r, struct err *e)
{
	const char *p = role_str(r, "card_profile", NULL);
	char path[4096];
	struct card_choices ch;
	if (!p)
		return 0;
	return card_choices_load(station_path(st, p, path, sizeof path), &ch, e);
}

int station_check(struct station *st, struct err *e)
{
	for (size_t i = 0; i < st->nroles; i++)
		if (check_role(&st->roles[i], e) || check_card_profile(st, &st->roles[i], e))
			return -1;
	if (sim_check(st, e))
		return -1;
	st->sims = &sim_station_ops;
	return 0;
}

int station_open(const char *path, struct station *st, struct err *e)
{
	if (station_load(path, st, e))
		return -1;
	if (station_check(st, e)) {
		station_free(st);
		return -1;
	}
	return 0;
}
