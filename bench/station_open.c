/* The station checks that need the drivers and the simulators: the only
 * place that knows both, so the station loader (bench/base) stays below them. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "bench/base/base.h"
#include "bench/fixtures/supervisor/sim.h"
#include "bench/lib/card/card.h"
#include "bench/lib/crypto/crypto.h"
#include "bench/record/record.h"
#include "drivers/driver.h"

/* Keys every role may have besides its driver's options. */
static const char *const role_common[] = {"driver", "sim", "title", "instrument", NULL};

/* 1 when some list of the sim: map has an entry named name. */
static int sim_named(const struct station *st, const char *name)
{
	for (size_t i = 0; st->sim && i < st->sim->nkids; i++) {
		const struct ynode *list = &st->sim->kids[i];
		for (size_t k = 0; list->kind == YN_SEQ && k < list->nkids; k++) {
			const struct ynode *n = ynode_get(&list->kids[k], "name");
			if (n && n->kind == YN_SCALAR && strcmp(n->str, name) == 0)
				return 1;
		}
	}
	return 0;
}

/* A role's `sim: NAME` is a simulator of this station's sim: map. On a real
 * station it would stand in for a device the lab meant to test: refused. */
static int check_sim(const struct station *st, const struct role *r, struct err *e)
{
	const struct ynode *n = ynode_get(r->node, "sim");
	if (!st->simulated)
		return ynode_err(e, n,
		                 "role %s: sim: on a real station (only `station: simulated: "
		                 "true` stations have simulators)",
		                 r->name);
	if (!sim_named(st, r->sim))
		return ynode_err(e, n, "role %s: no simulator named '%s' in the sim: section",
		                 r->name, r->sim);
	return 0;
}

static int check_role(const struct station *st, struct role *r, struct err *e)
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
	if (r->sim && check_sim(st, r, e))
		return -1;
	return r->driver->check ? r->driver->check(st, r, e) : 0;
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
		if (check_role(st, &st->roles[i], e) || check_card_profile(st, &st->roles[i], e))
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

/* Puts the station file's position of `station: key` before e's message. */
static int at_setting(const struct station *st, const char *key, struct err *e)
{
	const struct ynode *n = ynode_get(ynode_get(st->root, "station"), key);
	return n ? err_prefix(e, "%s:%d:%d: %s", n->file, n->line, n->col, key) : -1;
}

int station_files(const struct station *st, struct err *e)
{
	char p[4096];
	if (st->keys) {
		struct secrets sec;
		if (secrets_load(station_path(st, st->keys, p, sizeof p), &sec, e))
			return at_setting(st, "keys", e);
		secrets_free(&sec);
	}
	if (st->lab_key && manifest_key_check(station_path(st, st->lab_key, p, sizeof p), e))
		return at_setting(st, "lab_key", e);
	return 0;
}
