/* The station's measuring instruments and their calibration (docs/station.md
 * "Instruments"): what each role measures with, how well (its uncertainty,
 * the guard band of guarded acceptance) and until when it may be trusted. */
#include "base.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const struct opt_spec instrument_spec[] = {
    {"maker", OPT_STRING, 1, NULL},
    {"model", OPT_STRING, 1, NULL},
    {"serial", OPT_STRING, 1, NULL},
    {"certificate", OPT_STRING, 1, "calibration certificate id"},
    {"calibrated", OPT_STRING, 1, "calibration date, YYYY-MM-DD"},
    {"due", OPT_STRING, 1, "next calibration due, YYYY-MM-DD"},
    {"uncertainty", OPT_ANY, 0, "\"0.3 °C\" or a list of them, one per unit measured"},
    {"title", OPT_STRING, 0, NULL},
    {NULL, 0, 0, NULL},
};

static const char *str_of(const struct ynode *map, const char *key)
{
	const struct ynode *n = ynode_get(map, key);
	return n && n->kind == YN_SCALAR ? n->str : NULL;
}

/* YYYY-MM-DD with a real month and day: dates compare as strings. */
static int is_date(const char *s)
{
	int y, m, d, n = 0;
	if (strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || n != 10)
		return 0;
	static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return y >= 1900 && m >= 1 && m <= 12 && d >= 1 && d <= mdays[m - 1];
}

int uncertainty_parse(const char *s, double *u, char *unit, size_t len)
{
	while (*s == ' ')
		s++;
	if (strncmp(s, "\xc2\xb1", 2) == 0) /* ± */
		s += 2;
	else if (strncmp(s, "+-", 2) == 0)
		s += 2;
	char *end;
	*u = strtod(s, &end);
	if (end == s || !isfinite(*u) || *u < 0 || *end != ' ')
		return -1;
	while (*end == ' ')
		end++;
	snprintf(unit, len, "%s", end);
	size_t n = strlen(unit);
	while (n && unit[n - 1] == ' ')
		unit[--n] = '\0';
	return n ? 0 : -1;
}

static int check_uncertainty(const struct ynode *n, struct err *e)
{
	size_t k = n->kind == YN_SEQ ? n->nkids : 1;
	for (size_t i = 0; i < k; i++) {
		const struct ynode *v = n->kind == YN_SEQ ? &n->kids[i] : n;
		double u;
		char unit[64];
		if (v->kind != YN_SCALAR || uncertainty_parse(v->str, &u, unit, sizeof unit))
			return ynode_err(e, v,
			                 "uncertainty must be a value and its unit, e.g. \"0.3 "
			                 "°C\" (or a list of them)");
	}
	return 0;
}

static int check_one(const struct ynode *in, struct err *e)
{
	if (in->kind != YN_MAP)
		return ynode_err(e, in,
		                 "instrument '%s' must be a map (maker, model, serial, "
		                 "certificate, calibrated, due, uncertainty)",
		                 in->key);
	if (schema_check(in, instrument_spec, NULL, e))
		return -1;
	static const char *const dates[] = {"calibrated", "due"};
	for (int i = 0; i < 2; i++)
		if (!is_date(str_of(in, dates[i])))
			return ynode_err(e, ynode_get(in, dates[i]), "%s must be a date YYYY-MM-DD",
			                 dates[i]);
	if (strcmp(str_of(in, "due"), str_of(in, "calibrated")) < 0)
		return ynode_err(e, ynode_get(in, "due"), "due is before calibrated");
	const struct ynode *u = ynode_get(in, "uncertainty");
	return u ? check_uncertainty(u, e) : 0;
}

int instruments_check(const struct station *st, struct err *e)
{
	const struct ynode *all = ynode_get(st->root, "instruments");
	for (size_t i = 0; all && i < all->nkids; i++)
		if (check_one(&all->kids[i], e))
			return -1;
	for (size_t i = 0; i < st->nroles; i++) {
		const struct ynode *n = ynode_get(st->roles[i].node, "instrument");
		if (n && (n->kind != YN_SCALAR || !ynode_get(all, n->str)))
			return ynode_err(e, n, "role %s: no instrument named '%s' in instruments:",
			                 st->roles[i].name, n->kind == YN_SCALAR ? n->str : "?");
	}
	const struct ynode *rule = ynode_get(ynode_get(st->root, "station"), "decision_rule");
	if (rule && decision_rule_parse(rule->str) < 0)
		return ynode_err(e, rule, "decision_rule is simple or guarded, not '%s'",
		                 rule->str);
	return 0;
}

int instrument_get(const struct station *st, const char *id, struct instrument *in)
{
	const struct ynode *n = id ? ynode_get(ynode_get(st->root, "instruments"), id) : NULL;
	if (!n || n->kind != YN_MAP)
		return -1;
	*in = (struct instrument){.id = n->key,
	                          .maker = str_of(n, "maker"),
	                          .model = str_of(n, "model"),
	                          .serial = str_of(n, "serial"),
	                          .certificate = str_of(n, "certificate"),
	                          .calibrated = str_of(n, "calibrated"),
	                          .due = str_of(n, "due"),
	                          .uncertainty = ynode_get(n, "uncertainty")};
	return 0;
}

size_t instrument_count(const struct station *st)
{
	const struct ynode *all = ynode_get(st->root, "instruments");
	return all ? all->nkids : 0;
}

const char *instrument_id(const struct station *st, size_t i)
{
	return ynode_get(st->root, "instruments")->kids[i].key;
}

/* "°C" and "C" are one unit (suites write "C"). */
static const char *bare(const char *unit)
{
	return strncmp(unit, "\xc2\xb0", 2) == 0 ? unit + 2 : unit;
}

int instrument_uncertainty(const struct instrument *in, const char *unit, double *u)
{
	const struct ynode *n = in->uncertainty;
	size_t k = !n ? 0 : n->kind == YN_SEQ ? n->nkids : 1;
	for (size_t i = 0; i < k; i++) {
		const struct ynode *v = n->kind == YN_SEQ ? &n->kids[i] : n;
		char un[64];
		if (v->kind == YN_SCALAR && !uncertainty_parse(v->str, u, un, sizeof un) &&
		    strcmp(bare(un), bare(unit)) == 0)
			return 0;
	}
	return -1;
}

int instrument_overdue(const struct instrument *in, const char *today)
{
	return strcmp(in->due, today) < 0;
}

int decision_rule_parse(const char *s)
{
	if (!s || strcmp(s, "simple") == 0)
		return RULE_SIMPLE;
	return strcmp(s, "guarded") == 0 ? RULE_GUARDED : -1;
}

/* Today's date, UTC, as YYYY-MM-DD. */
static void today_utc(char out[11])
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

int instruments_gate(const struct station *st, int allow, struct err *e)
{
	char msg[1024];
	if (!instruments_overdue(st, msg, sizeof msg))
		return 0;
	if (!st->simulated && !allow)
		return err_set(
		    e, EXIT_USAGE,
		    "%s: calibration overdue: %s; a run on a real station needs "
		    "calibrated instruments (`bench run --allow-overdue` runs anyway, and every "
		    "report says so)",
		    st->path, msg);
	fprintf(stderr, "bench: WARNING: calibration overdue: %s%s\n", msg,
	        st->simulated ? " (simulated station)" : " (--allow-overdue)");
	return 0;
}

int instruments_overdue(const struct station *st, char *msg, size_t len)
{
	char today[11];
	today_utc(today);
	int n = 0;
	size_t used = 0;
	msg[0] = '\0';
	for (size_t i = 0, k = instrument_count(st); i < k; i++) {
		struct instrument in;
		if (instrument_get(st, instrument_id(st, i), &in) ||
		    !instrument_overdue(&in, today))
			continue;
		int w = snprintf(msg + used, len - used,
		                 "%sinstrument %s (%s %s, serial %s) was due %s", n ? "; " : "",
		                 in.id, in.maker, in.model, in.serial, in.due);
		used += w > 0 && (size_t)w < len - used ? (size_t)w : 0;
		n++;
	}
	return n;
}
