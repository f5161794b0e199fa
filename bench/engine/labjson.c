/* The lab's record in run.json: who ran it, by which decision rule, with
 * which instruments in which calibration state (ISO/IEC 17025 7.5, 7.8). */
#include <stdio.h>
#include <string.h>

#include "engine.h"
#include "bench/record/record.h"

static void kv(struct sbuf *b, const char *k, const char *v, const char *sep)
{
	sb_printf(b, "\"%s\": ", k);
	if (v)
		json_value(b, v);
	else
		sb_add(b, "null", 4);
	sb_printf(b, "%s", sep);
}

static void uncertainties(struct sbuf *b, const struct ynode *u)
{
	size_t n = !u ? 0 : u->kind == YN_SEQ ? u->nkids : 1;
	sb_add(b, "[", 1);
	for (size_t i = 0; i < n; i++) {
		const struct ynode *v = u->kind == YN_SEQ ? &u->kids[i] : u;
		sb_add(b, i ? ", " : "", i ? 2 : 0);
		json_value(b, v->str ? v->str : "");
	}
	sb_add(b, "]", 1);
}

/* The roles that name instrument id. */
static void roles_of(struct sbuf *b, const struct station *st, const char *id)
{
	int n = 0;
	sb_add(b, "[", 1);
	for (size_t i = 0; i < st->nroles; i++) {
		const char *in = role_str(&st->roles[i], "instrument", NULL);
		if (!in || strcmp(in, id))
			continue;
		if (n++)
			sb_add(b, ", ", 2);
		json_value(b, st->roles[i].name);
	}
	sb_add(b, "]", 1);
}

static void instrument(struct sbuf *b, const struct station *st, const struct instrument *in,
                       const char *day)
{
	sb_add(b, "{", 1);
	kv(b, "id", in->id, ", ");
	kv(b, "maker", in->maker, ", ");
	kv(b, "model", in->model, ", ");
	kv(b, "serial", in->serial, ", ");
	kv(b, "certificate", in->certificate, ", ");
	kv(b, "calibrated", in->calibrated, ", ");
	kv(b, "due", in->due, ", ");
	kv(b, "status", instrument_overdue(in, day) ? "overdue" : "valid", ", ");
	sb_add(b, "\"uncertainty\": ", 15);
	uncertainties(b, in->uncertainty);
	sb_add(b, ", \"roles\": ", 11);
	roles_of(b, st, in->id);
	sb_add(b, "}", 1);
}

void calibration_comment(struct run *r)
{
	char overdue[1024], c[1200];
	if (!instruments_overdue(r->st, overdue, sizeof overdue))
		return;
	snprintf(c, sizeof c, "CALIBRATION OVERDUE: %s%s", overdue,
	         r->allow_overdue ? " (run with --allow-overdue)" : "");
	tap_comment(r->tap, 0, c);
}

void runjson_lab(const struct run *r, struct sbuf *b)
{
	const struct station *st = r->st;
	char day[11], overdue[1024];
	snprintf(day, sizeof day, "%.10s", r->start_time); /* the run's date */
	sb_add(b, "  ", 2);
	kv(b, "operator", r->operator_name, ",\n  ");
	/* The DUT's name as the station gives it (maker ... class: runfiles.c). */
	const struct ynode *name = ynode_get(ynode_get(st->root, "dut"), "name");
	kv(b, "dut_name", name && name->kind == YN_SCALAR ? name->str : NULL, ",\n  ");
	kv(b, "decision_rule", st->decision_rule ? st->decision_rule : "simple", ",\n  ");
	sb_printf(b, "\"allow_overdue\": %s,\n  ", r->allow_overdue ? "true" : "false");
	kv(b, "calibration_overdue",
	   instruments_overdue(st, overdue, sizeof overdue) ? overdue : NULL, ",\n  ");
	sb_add(b, "\"instruments\": [", 16);
	for (size_t i = 0, n = instrument_count(st); i < n; i++) {
		struct instrument in;
		if (instrument_get(st, instrument_id(st, i), &in))
			continue;
		sb_add(b, i ? ",\n    " : "\n    ", i ? 6 : 5);
		instrument(b, st, &in, day);
	}
	sb_printf(b, "%s],\n", instrument_count(st) ? "\n  " : "");
}
