/* Chamber register profile loader (see modbus_profile.h). */
#include "modbus_profile.h"

#include <string.h>

#include "bench/base/base.h"

static const struct opt_spec top_opts[] = {
    {"model", OPT_STRING, 1, "chamber maker and model, for reports"},
    {"temperature", OPT_MAP, 1, "{setpoint: REG, actual: REG, min: C, max: C}"},
    {"humidity", OPT_MAP, 0, "{setpoint: REG, actual: REG, min: %RH, max: %RH}"},
    {"run", OPT_MAP, 1, "REG of the run/stop switch, plus on:/off: values"},
    {"alarms", OPT_LIST, 0, "list of REG with name: (bit set = alarm)"},
    {"alarm_events", OPT_MAP, 0, "REG counting alarm events (one per alarm that rose)"},
    {"clock", OPT_MAP, 0, "REG counting the device's seconds (simulators)"},
    {"humidity_control", OPT_MAP, 0, "REG switching humidity control, plus on:/off: values"},
    {NULL, 0, 0, NULL},
};

static const struct opt_spec quantity_opts[] = {
    {"setpoint", OPT_MAP, 1, "register the setpoint is written to"},
    {"actual", OPT_MAP, 1, "register the measured value is read from"},
    {"min", OPT_NUMBER, 1, "lowest setpoint the chamber accepts"},
    {"max", OPT_NUMBER, 1, "highest setpoint the chamber accepts"},
    {"valid_min", OPT_NUMBER, 0, "lowest plausible reading (-100 C / 0 %RH)"},
    {"valid_max", OPT_NUMBER, 0, "highest plausible reading (300 C / 100 %RH)"},
    {NULL, 0, 0, NULL},
};

static const char *const reg_extra[] = {"on", "off", "name", NULL};

/* valid[] keeps its default (set by the caller) where the profile is silent. */
static int valid_range(const struct ynode *q, double valid[2], struct err *e)
{
	const struct ynode *k;
	if ((k = ynode_get(q, "valid_min")) && ynode_num(k, "valid_min", &valid[0], e))
		return -1;
	if ((k = ynode_get(q, "valid_max")) && ynode_num(k, "valid_max", &valid[1], e))
		return -1;
	if (valid[0] >= valid[1])
		return ynode_err(e, q, "valid_min must be below valid_max");
	return 0;
}

static int quantity(const struct ynode *q, const char *what, struct mbreg *set, struct mbreg *act,
                    double *min, double *max, double valid[2], struct err *e)
{
	if (schema_check(q, quantity_opts, NULL, e))
		return -1;
	if (mbreg_parse(ynode_get(q, "setpoint"), what, NULL, set, e) ||
	    mbreg_parse(ynode_get(q, "actual"), what, NULL, act, e) ||
	    ynode_num(ynode_get(q, "min"), "min", min, e) ||
	    ynode_num(ynode_get(q, "max"), "max", max, e) || valid_range(q, valid, e))
		return -1;
	if (*min >= *max)
		return ynode_err(e, ynode_get(q, "min"), "min must be below max");
	return 0;
}

/* An optional counter register (alarm_events:, clock:). */
static int counter(const struct ynode *r, const char *key, int *has, struct mbreg *reg,
                   struct err *e)
{
	const struct ynode *n = ynode_get(r, key);
	if (!n)
		return 0;
	*has = 1;
	return mbreg_parse(n, key, NULL, reg, e);
}

/* A switch: its register and the values written for on (1) and off (0). */
static int parse_switch(const struct ynode *n, const char *what, struct mbreg *reg, double *on,
                        double *off, struct err *e)
{
	if (mbreg_parse(n, what, reg_extra, reg, e))
		return -1;
	*on = 1;
	*off = 0;
	const struct ynode *k;
	if ((k = ynode_get(n, "on")) && ynode_num(k, "on", on, e))
		return -1;
	if ((k = ynode_get(n, "off")) && ynode_num(k, "off", off, e))
		return -1;
	return 0;
}

static int parse_alarms(const struct ynode *n, struct chprofile *p, struct err *e)
{
	if (!n)
		return 0;
	if (n->nkids > CH_MAX_ALARMS)
		return ynode_err(e, n, "at most %d alarms", CH_MAX_ALARMS);
	for (size_t i = 0; i < n->nkids; i++) {
		const struct ynode *a = &n->kids[i];
		const char *name = "alarm";
		const struct ynode *nm = a->kind == YN_MAP ? ynode_get(a, "name") : NULL;
		if (nm && ynode_str(nm, "name", &name, e))
			return -1;
		if (mbreg_parse(a, name, reg_extra, &p->alarms[i], e))
			return -1;
	}
	p->nalarms = n->nkids;
	return 0;
}

int chprofile_load(const char *path, struct chprofile *p, struct err *e)
{
	memset(p, 0, sizeof *p);
	p->temp_valid[0] = -100;
	p->temp_valid[1] = 300;
	p->rh_valid[1] = 100;
	p->root = ynode_load_file(path, e);
	if (!p->root)
		return -1;
	const struct ynode *r = p->root, *h;
	if (r->kind != YN_MAP) {
		ynode_err(e, r, "a chamber profile is a map (model:, temperature:, run:, ...)");
		goto fail;
	}
	if (schema_check(r, top_opts, NULL, e) ||
	    ynode_str(ynode_get(r, "model"), "model", &p->model, e) ||
	    quantity(ynode_get(r, "temperature"), "temperature", &p->temp_set, &p->temp_act,
	             &p->temp_min, &p->temp_max, p->temp_valid, e) ||
	    parse_switch(ynode_get(r, "run"), "run", &p->run, &p->run_on, &p->run_off, e) ||
	    parse_alarms(ynode_get(r, "alarms"), p, e) ||
	    counter(r, "alarm_events", &p->has_events, &p->events, e) ||
	    counter(r, "clock", &p->has_clock, &p->clock, e))
		goto fail;
	if ((h = ynode_get(r, "humidity"))) {
		if (quantity(h, "humidity", &p->rh_set, &p->rh_act, &p->rh_min, &p->rh_max,
		             p->rh_valid, e))
			goto fail;
		p->has_rh = 1;
	}
	if ((h = ynode_get(r, "humidity_control"))) {
		if (!p->has_rh) {
			ynode_err(e, h, "humidity_control: the profile has no humidity:");
			goto fail;
		}
		if (parse_switch(h, "humidity_control", &p->rh_control, &p->rh_on, &p->rh_off, e))
			goto fail;
		p->has_rh_control = 1;
	}
	p->temp_set.name = "temperature setpoint";
	p->temp_act.name = "temperature actual";
	p->rh_set.name = "humidity setpoint";
	p->rh_act.name = "humidity actual";
	return 0;
fail:
	chprofile_free(p);
	return -1;
}

void chprofile_free(struct chprofile *p)
{
	ynode_free(p->root);
	p->root = NULL;
}
