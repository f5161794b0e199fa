/* The decision rule of a limit check (ILAC-G8; docs/suite-api.md "Decision
 * rules"): simple acceptance decides on the value alone; guarded acceptance
 * pulls each limit in by the measuring instrument's uncertainty, and a value
 * between the limit and its guard band is inconclusive, never a pass. */
#include "internal.h"

#include <math.h>
#include <string.h>

#include <lauxlib.h>

#include "engine.h"

/* The rule a measurement is decided by: its own rule=, else its test's,
 * else its suite's decision_rule, else the station's; simple when none. */
static int rule_of(lua_State *L, const struct tctx *c)
{
	lua_getfield(L, 2, "rule");
	const char *own = lua_tostring(L, -1);
	const char *pick[] = {own, c->decl->rule, c->suite->rule, c->run->st->decision_rule};
	const char *r = NULL;
	for (size_t i = 0; !r && i < sizeof pick / sizeof *pick; i++)
		r = pick[i];
	int rule = decision_rule_parse(r);
	lua_pop(L, 1);
	if (rule < 0)
		return luaL_error(L, "measure: rule is simple or guarded, not '%s'", r);
	return rule;
}

/* The instrument m was measured with: instrument=ID, else role=NAME's,
 * else the first of the test's roles whose instrument states an
 * uncertainty in m's unit. */
static const char *instrument_of(lua_State *L, const struct tctx *c, const struct meas *m)
{
	const struct station *st = c->run->st;
	struct instrument in;
	lua_getfield(L, 2, "instrument");
	lua_getfield(L, 2, "role");
	const char *id = lua_tostring(L, -2), *role = lua_tostring(L, -1);
	if (id && instrument_get(st, id, &in))
		luaL_error(L, "measure %s: no instrument '%s' in the station", m->name, id);
	if (!id && role) {
		const struct role *r = station_role(st, role);
		if (!r)
			luaL_error(L, "measure %s: no role '%s' in the station", m->name, role);
		id = role_str(r, "instrument", NULL);
	}
	double u;
	for (size_t i = 0; !id && !role && i < c->decl->nroles; i++) {
		const struct role *r = station_role(st, c->decl->roles[i]);
		const char *cand = r ? role_str(r, "instrument", NULL) : NULL;
		if (cand && !instrument_get(st, cand, &in) &&
		    !instrument_uncertainty(&in, m->unit, &u))
			id = cand;
	}
	lua_pop(L, 2);
	return id; /* the station's string: lives as long as the run */
}

void decide_setup(lua_State *L, const struct tctx *c, struct meas *m)
{
	m->rule = rule_of(L, c);
	m->instrument = instrument_of(L, c, m);
	struct instrument in;
	m->has_u = m->instrument && !instrument_get(c->run->st, m->instrument, &in) &&
	           !instrument_uncertainty(&in, m->unit, &m->u);
}

static int inside(const struct meas *m, double lo, double hi)
{
	return (!m->has_lo || (m->lo_strict ? m->value > lo : m->value >= lo)) &&
	       (!m->has_hi || (m->hi_strict ? m->value < hi : m->value <= hi));
}

enum meas_outcome decide(const struct meas *m)
{
	/* NaN or an infinity is no measurement: it fails, whatever the limits. */
	if (!isfinite(m->value) || !inside(m, m->lo, m->hi))
		return MEAS_FAIL;
	if (m->rule != RULE_GUARDED || (!m->has_lo && !m->has_hi))
		return MEAS_PASS;
	/* Guarded without a known uncertainty cannot decide: inconclusive. */
	if (!m->has_u)
		return MEAS_INCONCLUSIVE;
	return inside(m, m->lo + m->u, m->hi - m->u) ? MEAS_PASS : MEAS_INCONCLUSIVE;
}
