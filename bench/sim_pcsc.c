/* The "pcscd" simulator kind: one private pcscd with vpcd readers, and the
 * simulated cards (bench/fixtures/simcard) plugged into them.
 *
 *   sim:
 *     pcscd: {readers: 1}       # vpcd entries; each gives reader slots 00 and 01
 *     cards:
 *       - {name: card, reader: 0, profile: cards/default.yaml, protocol: T=1,
 *          defects: [], faults: [], insert_relay: 1, field_mm: 60, fixture: chamber}
 *
 * Reader-side behaviour (docs/station.md "### Readers, slots and fixtures"):
 * insert_relay/field_mm tie the card's presence to the simulated chamber's
 * relay coil or actuator; card `faults` are reader faults (slow=MS, drop=N,
 * no-events); pcscd `faults: [missing-reader=N]` leaves vpcd reader N out.
 *
 * pcscd's server socket is fixed at /run/pcscd/pcscd.comm, so it runs in its
 * own mount namespace with a state directory bound over /run/pcscd; clients
 * reach it with PCSCLITE_CSOCK_NAME=<state>/pcscd/pcscd.comm. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fixtures/simcard/defects.h"
#include "schema.h"
#include "sim_kind.h"
#include "sim_pcsc.h"

enum { MAX_READERS = 8 };

static const struct opt_spec pcscd_spec[] = {
    {"readers", OPT_INT, 0, "number of vpcd readers (1..8), each with two slots"},
    {"faults", OPT_LIST, 0, "missing-reader=N: vpcd reader N is not there"},
    {NULL, 0, 0, NULL},
};

static const struct opt_spec card_spec[] = {
    {"name", OPT_STRING, 1, "simulator name roles use (`sim: NAME`)"},
    {"reader", OPT_INT, 0, "vpcd reader index the card is plugged into (default 0)"},
    {"profile", OPT_STRING, 1, "card data file, relative to the station file"},
    {"protocol", OPT_STRING, 0, "T=0 or T=1 (default): what the ATR offers"},
    {"defects", OPT_LIST, 0, "defect names, see `simcard --list-defects`"},
    {"faults", OPT_LIST, 0, "reader faults: slow=MS, drop=N, no-events"},
    {"insert_relay", OPT_INT, 0, "relay 1..8 of the fixture: on = card pulled out"},
    {"field_mm", OPT_NUMBER, 0, "contactless: answers while the fixture's actuator is <= this"},
    {"fixture", OPT_STRING, 0, "sim.chambers entry for insert_relay/field_mm (default chamber)"},
    {NULL, 0, 0, NULL},
};

static long readers_of(const struct station *st)
{
	const struct ynode *r = ynode_get(ynode_get(st->sim, "pcscd"), "readers");
	long n = 1;
	if (r && ynode_int(r, "readers", &n, NULL) < 0)
		return -1;
	return n;
}

static int check_defects(const struct ynode *d, struct err *e)
{
	for (size_t i = 0; d && i < d->nkids; i++) {
		const char *s;
		if (ynode_str(&d->kids[i], "defect", &s, e) < 0)
			return -1;
		if (defect_find(s) < 0)
			return ynode_err(e, &d->kids[i],
			                 "unknown card defect '%s' (see `simcard --list-defects`)",
			                 s);
	}
	return 0;
}

/* "slow=MS", "drop=N" (N >= 1) or "no-events"; simcard parses them again. */
static int fault_ok(const char *s)
{
	char *end;
	if (strcmp(s, "no-events") == 0)
		return 1;
	if (strncmp(s, "slow=", 5) && strncmp(s, "drop=", 5))
		return 0;
	long v = strtol(s + 5, &end, 10);
	return s[5] && !*end && v >= (s[0] == 'd') && v <= 60000;
}

static int check_faults(const struct ynode *f, struct err *e)
{
	for (size_t i = 0; f && i < f->nkids; i++) {
		const char *s;
		if (ynode_str(&f->kids[i], "fault", &s, e) < 0)
			return -1;
		if (!fault_ok(s))
			return ynode_err(e, &f->kids[i],
			                 "unknown reader fault '%s' (slow=MS, drop=N, no-events)",
			                 s);
	}
	return 0;
}

static int check_fixture(const struct ynode *c, struct err *e)
{
	const struct ynode *r = ynode_get(c, "insert_relay"), *f = ynode_get(c, "field_mm");
	long n = 1;
	double mm = 0;
	if (r && ynode_int(r, "insert_relay", &n, e) < 0)
		return -1;
	if (n < 1 || n > 8)
		return ynode_err(e, r, "insert_relay must be 1..8 (the fixture's relays)");
	if (f && ynode_num(f, "field_mm", &mm, e) < 0)
		return -1;
	if (mm < 0 || mm > 1000)
		return ynode_err(e, f, "field_mm must be 0..1000");
	return 0;
}

static int check_card(const struct station *st, const struct ynode *c, long readers, struct err *e)
{
	if (c->kind != YN_MAP)
		return ynode_err(e, c, "a card must be a map (name, reader, profile, ...)");
	if (schema_check(c, card_spec, NULL, e) < 0)
		return -1;
	const struct ynode *r = ynode_get(c, "reader"), *p = ynode_get(c, "protocol");
	long idx = 0;
	if (r && (ynode_int(r, "reader", &idx, e) < 0))
		return -1;
	if (idx < 0 || idx >= readers)
		return ynode_err(e, r, "reader must be 0..%ld (sim.pcscd.readers)", readers - 1);
	if (p && strcmp(p->str, "T=0") && strcmp(p->str, "T=1"))
		return ynode_err(e, p, "protocol must be T=0 or T=1");
	char path[PATH_MAX];
	const struct ynode *prof = ynode_get(c, "profile");
	if (access(station_path(st, prof->str, path, sizeof path), R_OK) != 0)
		return ynode_err(e, prof, "card profile %s: cannot read", path);
	if (check_defects(ynode_get(c, "defects"), e) < 0 || check_fixture(c, e) < 0)
		return -1;
	return check_faults(ynode_get(c, "faults"), e);
}

static int check_pcscd_faults(const struct ynode *f, long readers, struct err *e)
{
	for (size_t i = 0; f && i < f->nkids; i++) {
		const char *s;
		char *end;
		if (ynode_str(&f->kids[i], "fault", &s, e) < 0)
			return -1;
		long n = strncmp(s, "missing-reader=", 15) ? -1 : strtol(s + 15, &end, 10);
		if (n < 0 || n >= readers || !s[15] || *end)
			return ynode_err(e, &f->kids[i],
			                 "unknown pcscd fault '%s' (missing-reader=N, N 0..%ld)", s,
			                 readers - 1);
	}
	return 0;
}

static int pcsc_check(const struct station *st, struct err *e)
{
	const struct ynode *pc = ynode_get(st->sim, "pcscd"), *cards = ynode_get(st->sim, "cards");
	if (pc && (pc->kind != YN_MAP || schema_check(pc, pcscd_spec, NULL, e) < 0))
		return pc->kind != YN_MAP ? ynode_err(e, pc, "sim.pcscd must be a map") : -1;
	long readers = readers_of(st);
	if (readers < 1 || readers > MAX_READERS)
		return ynode_err(e, pc, "sim.pcscd.readers must be 1..%d", MAX_READERS);
	if (check_pcscd_faults(ynode_get(pc, "faults"), readers, e) < 0)
		return -1;
	if (cards && cards->kind != YN_SEQ)
		return ynode_err(e, cards, "sim.cards must be a list of cards");
	for (size_t i = 0; cards && i < cards->nkids; i++) {
		if (check_card(st, &cards->kids[i], readers, e) < 0)
			return -1;
		const char *name = ynode_get(&cards->kids[i], "name")->str;
		for (size_t j = 0; j < i; j++)
			if (strcmp(ynode_get(&cards->kids[j], "name")->str, name) == 0)
				return ynode_err(e, &cards->kids[i], "duplicate card name %s",
				                 name);
		if (strcmp(name, "pcscd") == 0)
			return ynode_err(e, &cards->kids[i],
			                 "'pcscd' names the daemon, not a card");
	}
	return 0;
}

static const struct ynode *card_named(const struct station *st, const char *name)
{
	const struct ynode *cards = ynode_get(st->sim, "cards");
	for (size_t i = 0; cards && i < cards->nkids; i++)
		if (strcmp(ynode_get(&cards->kids[i], "name")->str, name) == 0)
			return &cards->kids[i];
	return NULL;
}

static void file_of(const struct sim_ctx *c, char *buf, size_t len, const char *fmt,
                    const char *name)
{
	char leaf[256];
	snprintf(leaf, sizeof leaf, fmt, name);
	snprintf(buf, len, "%s/%s", c->dir, leaf);
}

static int pcsc_get(const struct sim_ctx *c, const char *sim, const char *key, char *buf,
                    size_t len, struct err *e)
{
	int daemon = strcmp(sim, "pcscd") == 0;
	if (!daemon && !card_named(c->st, sim))
		return 1;
	char path[4200];
	if (strcmp(key, "socket") == 0) {
		file_of(c, path, sizeof path, "%s", "pcscd/pcscd.comm");
		snprintf(buf, len, "%s", path);
		return 0;
	}
	if (!daemon && strcmp(key, "reader") == 0) {
		file_of(c, path, sizeof path, "card-%s.reader", sim);
		if (sim_read_file(path, buf, len) == 0)
			return 0;
		return err_set(e, EXIT_BAIL, "simulator %s: not running (no %s); `bench sim up`",
		               sim, path);
	}
	return err_set(e, EXIT_USAGE, "simulator %s has no value '%s' (socket%s)", sim, key,
	               daemon ? "" : ", reader");
}

const struct sim_kind sim_pcsc = {
    .name = "pcscd",
    .keys = (const char *const[]){"pcscd", "cards", NULL},
    .check = pcsc_check,
    .up = pcsc_up,
    .down = pcsc_down,
    .is_up = pcsc_is_up,
    .status = pcsc_status,
    .get = pcsc_get,
};
