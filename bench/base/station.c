/* Station file loader: YAML -> struct station, every key checked. */
#include "base.h"

#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct opt_spec top_spec[] = {
    {"station", OPT_MAP, 0, "station name and settings"},
    {"dut", OPT_MAP, 1, "the device under test: maker, model, serial, firmware"},
    {"roles", OPT_MAP, 1, "role name -> driver and address"},
    {"sim", OPT_MAP, 0, "simulators `bench sim up` starts"},
    {"instruments", OPT_MAP, 0, "measuring instruments and their calibration (docs/station.md)"},
    {NULL, 0, 0, NULL},
};

static const struct opt_spec station_spec[] = {
    {"name", OPT_STRING, 0, NULL},
    {"lab", OPT_STRING, 0, "the lab's name, on the report's cover page"},
    {"simulated", OPT_BOOL, 0, "true: every device is simulated (allows --time-scale)"},
    {"keys", OPT_STRING, 0, "key file (must not be group/world readable)"},
    {"lab_key", OPT_STRING, 0, "private key that signs manifest.json"},
    {"lab_pubkey", OPT_STRING, 0,
     "the lab's public key (PEM file) or its fingerprint sha256:<hex>: lab_key must match it"},
    {"test_timeout", OPT_NUMBER, 0,
     "test timeout, real seconds (default 600); lengthens, never shortens, a test's own"},
    {"location", OPT_STRING, 0, NULL},
    {"operator", OPT_STRING, 0, "who runs the tests (--operator overrides)"},
    {"decision_rule", OPT_STRING, 0, "simple|guarded: how limit checks decide (ILAC-G8)"},
    {NULL, 0, 0, NULL},
};

static const char classes_help[] =
    "desktop|portable|self-service|interactive|document-camera|reader|video-camera|"
    "camera-ptz|display-dlp|cabinet|cabinet-integrated";

static const struct opt_spec dut_spec[] = {
    {"maker", OPT_STRING, 1, NULL},
    {"model", OPT_STRING, 1, NULL},
    {"serial", OPT_STRING, 1, NULL},
    {"firmware", OPT_STRING, 1, NULL},
    {"class", OPT_STRING, 0, classes_help},
    {"name", OPT_STRING, 0, NULL},
    {"ups_charge_s", OPT_NUMBER, 0,
     "s on mains its UPS needs to charge (the maker's): env.ups.10min waits that long first"},
    {NULL, 0, 0, NULL},
};

static const char *const dut_classes[] = {
    "desktop",      "portable",   "self-service", "interactive", "document-camera",    "reader",
    "video-camera", "camera-ptz", "display-dlp",  "cabinet",     "cabinet-integrated", NULL};

static const char *str_of(const struct ynode *map, const char *key)
{
	const struct ynode *n = ynode_get(map, key);
	return n && n->kind == YN_SCALAR ? n->str : NULL;
}

int station_wait(const struct station *st, const char *name, double *secs)
{
	if (strcmp(name, "dut.ups_charge_s"))
		return -1;
	if (st && secs)
		*secs = st->dut.has_ups_charge ? st->dut.ups_charge_s : 0;
	return 0;
}

static int load_dut(struct station *st, const struct ynode *dut, struct err *e)
{
	if (schema_check(dut, dut_spec, NULL, e))
		return -1;
	st->dut.maker = str_of(dut, "maker");
	st->dut.model = str_of(dut, "model");
	st->dut.serial = str_of(dut, "serial");
	st->dut.firmware = str_of(dut, "firmware");
	st->dut.class = str_of(dut, "class");
	const struct ynode *u = ynode_get(dut, "ups_charge_s");
	st->dut.has_ups_charge = u != NULL;
	if (u && (ynode_num(u, "ups_charge_s", &st->dut.ups_charge_s, e) ||
	          !(st->dut.ups_charge_s >= 0 && st->dut.ups_charge_s <= 7 * 86400)))
		return ynode_err(e, u, "ups_charge_s must be 0..604800 s (a week)");
	if (!st->dut.class)
		return 0;
	for (int i = 0; dut_classes[i]; i++)
		if (strcmp(st->dut.class, dut_classes[i]) == 0)
			return 0;
	return ynode_err(e, ynode_get(dut, "class"), "unknown DUT class '%s' (%s)", st->dut.class,
	                 classes_help);
}

static int load_role(struct role *r, const struct ynode *n, struct err *e)
{
	r->name = n->key;
	r->node = n;
	if (n->kind != YN_MAP)
		return ynode_err(e, n, "role '%s' must be a map with a driver", n->key);
	const struct ynode *d = ynode_get(n, "driver");
	if (!d)
		return ynode_err(e, n, "role '%s' has no driver", n->key);
	if (d->kind != YN_SCALAR)
		return ynode_err(e, d, "driver must be a name");
	r->driver_name = d->str;
	const struct ynode *s = ynode_get(n, "sim");
	if (s && s->kind != YN_SCALAR)
		return ynode_err(e, s, "sim must be the name of a simulator");
	r->sim = s ? s->str : NULL;
	return 0;
}

static int load_roles(struct station *st, const struct ynode *roles, struct err *e)
{
	st->roles = calloc(roles->nkids ? roles->nkids : 1, sizeof *st->roles);
	if (!st->roles)
		return err_set(e, EXIT_USAGE, "out of memory");
	for (size_t i = 0; i < roles->nkids; i++, st->nroles++)
		if (load_role(&st->roles[i], &roles->kids[i], e))
			return -1;
	return 0;
}

static int load_settings(struct station *st, const struct ynode *s, struct err *e)
{
	if (!s)
		return 0;
	if (schema_check(s, station_spec, NULL, e))
		return -1;
	st->name = str_of(s, "name");
	st->lab = str_of(s, "lab");
	st->keys = str_of(s, "keys");
	st->lab_key = str_of(s, "lab_key");
	st->lab_pubkey = str_of(s, "lab_pubkey");
	st->operator_name = str_of(s, "operator");
	st->decision_rule = str_of(s, "decision_rule");
	const struct ynode *to = ynode_get(s, "test_timeout");
	if (to && ynode_num(to, "test_timeout", &st->test_timeout, e))
		return -1;
	if (to && !(st->test_timeout > 0))
		return ynode_err(e, to, "test_timeout must be seconds > 0");
	const struct ynode *sim = ynode_get(s, "simulated");
	return sim ? ynode_bool(sim, "simulated", &st->simulated, e) : 0;
}

int station_load(const char *path, struct station *st, struct err *e)
{
	memset(st, 0, sizeof *st);
	st->path = strdup(path);
	char tmp[sizeof st->dir];
	snprintf(tmp, sizeof tmp, "%s", path);
	snprintf(st->dir, sizeof st->dir, "%s", dirname(tmp));
	st->root = ynode_load_file(path, e);
	if (!st->path || !st->root)
		goto fail;
	if (schema_check(st->root, top_spec, NULL, e))
		goto fail;
	if (load_settings(st, ynode_get(st->root, "station"), e) ||
	    load_dut(st, ynode_get(st->root, "dut"), e) ||
	    load_roles(st, ynode_get(st->root, "roles"), e) || instruments_check(st, e))
		goto fail;
	st->sim = ynode_get(st->root, "sim");
	if (st->sim && !st->simulated) {
		ynode_err(e, st->sim, "a sim: section needs station: simulated: true");
		goto fail;
	}
	return 0;
fail:
	station_free(st);
	return -1;
}

void station_free(struct station *st)
{
	ynode_free(st->root);
	free(st->roles);
	free(st->path);
	memset(st, 0, sizeof *st);
}

const struct role *station_role(const struct station *st, const char *name)
{
	for (size_t i = 0; i < st->nroles; i++)
		if (strcmp(st->roles[i].name, name) == 0)
			return &st->roles[i];
	return NULL;
}

int station_sim_get(const struct station *st, const char *sim, const char *key, char *buf,
                    size_t len, struct err *e)
{
	if (!st->sims)
		return err_set(e, EXIT_USAGE, "%s: no simulator can be reached from here",
		               st->path);
	return st->sims->get(st, sim, key, buf, len, e);
}

const char *station_path(const struct station *st, const char *p, char *buf, size_t len)
{
	if (p[0] == '/')
		snprintf(buf, len, "%s", p);
	else
		snprintf(buf, len, "%s/%s", st->dir, p);
	return buf;
}

const char *role_str(const struct role *r, const char *key, const char *def)
{
	const char *s = str_of(r->node, key);
	return s ? s : def;
}

long role_int(const struct role *r, const char *key, long def)
{
	const char *s = str_of(r->node, key);
	return s ? strtol(s, NULL, 0) : def;
}

double role_num(const struct role *r, const char *key, double def)
{
	const char *s = str_of(r->node, key);
	return s ? strtod(s, NULL) : def;
}
