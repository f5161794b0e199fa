/* Hopper and consumable capacities from a printer's PWG 5100.13 records.
 * The records are vendor-written, so nothing in them is trusted to be
 * there or well-formed: a capacity is taken only from a plain count in a
 * unit we can turn into cards or prints; everything else says why not. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "printer.h"

/* Case-insensitive substring search (ASCII; other bytes compare as-is). */
static int has(const char *s, const char *want)
{
	size_t n = strlen(want);
	for (; *s; s++) {
		size_t i = 0;
		while (i < n && s[i] &&
		       tolower((unsigned char)s[i]) == tolower((unsigned char)want[i]))
			i++;
		if (i == n)
			return 1;
	}
	return 0;
}

static char *trim(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	size_t n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
	return s;
}

/* A plain integer, else PWG_UNKNOWN ("250 cards", "lots", "" are no number). */
static long number(const char *v)
{
	char *end;
	errno = 0;
	long n = strtol(v, &end, 10);
	return (end == v || *end || errno) ? PWG_UNKNOWN : n;
}

static void set_field(struct pwg_rec *r, const char *k, const char *v)
{
	if (!strcasecmp(k, "type"))
		snprintf(r->type, sizeof r->type, "%s", v);
	else if (!strcasecmp(k, "name"))
		snprintf(r->name, sizeof r->name, "%s", v);
	else if (!strcasecmp(k, "unit") || !strcasecmp(k, "capacityunit"))
		snprintf(r->unit, sizeof r->unit, "%s", v);
	else if (!strcasecmp(k, "colorantname"))
		snprintf(r->colorant, sizeof r->colorant, "%s", v);
	else if (!strcasecmp(k, "maxcapacity")) {
		r->max = number(v), r->has_max = 1;
		if (r->max == PWG_UNKNOWN && strcmp(v, "-2"))
			r->has_max = 2, snprintf(r->max_raw, sizeof r->max_raw, "%s", v);
	} else if (!strcasecmp(k, "level") || !strcasecmp(k, "remaining"))
		r->level = number(v);
}

int pwg_rec_parse(const char *s, size_t len, struct pwg_rec *r)
{
	char buf[1024], *tok, *save = NULL;
	int pairs = 0;
	memset(r, 0, sizeof *r);
	r->max = r->level = PWG_UNKNOWN;
	snprintf(buf, sizeof buf, "%.*s", (int)(len < sizeof buf ? len : sizeof buf - 1), s);
	for (tok = strtok_r(buf, ";", &save); tok; tok = strtok_r(NULL, ";", &save)) {
		char *eq = strchr(tok, '=');
		if (!eq)
			continue;
		*eq = '\0';
		set_field(r, trim(tok), trim(eq + 1));
		pairs++;
	}
	return pairs ? 0 : -1;
}

/* max in unit as cards (hopper) or prints (roll), or -1 and why. */
static long as_count(const struct pwg_rec *r, int hopper, char *why, size_t cap)
{
	static const char *const counts[] = {"sheets", "items", "cards", "impressions", "prints"};
	if (!r->has_max)
		return snprintf(why, cap, "no maxcapacity"), -1;
	if (r->has_max == 2)
		return snprintf(why, cap, "maxcapacity '%s' is no number", r->max_raw), -1;
	if (r->max < 0) {
		const char *what = r->max == PWG_OTHER     ? " (other: no limit stated)"
		                   : r->max == PWG_UNKNOWN ? " (unknown)"
		                   : r->max == PWG_SOME    ? " (some)"
		                                           : "";
		snprintf(why, cap, "maxcapacity %ld%s is no count", r->max, what);
		return -1;
	}
	/* A tray record carries no unit in PWG 5100.13: its capacity is sheets. */
	if (!r->unit[0] && hopper)
		return r->max;
	for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++)
		if (!strcasecmp(r->unit, counts[i]) && (!hopper || i < 3))
			return r->max;
	/* A stack height to the nearest card: 125 cards (95 mm) said in whole
	 * ten-thousandths of an inch is 37401, 124.998 cards, not 124. */
	if (hopper && !strcasecmp(r->unit, "micrometers"))
		return r->max / PWG_CARD_UM + (r->max % PWG_CARD_UM >= PWG_CARD_UM / 2);
	if (hopper && !strcasecmp(r->unit, "tenThousandthsOfInches"))
		return (long)((double)r->max * 2.54 / PWG_CARD_UM + 0.5);
	const char *of = hopper ? "cards" : "prints";
	if (r->unit[0])
		snprintf(why, cap, "unit %s is no count of %s", r->unit, of);
	else
		snprintf(why, cap, "no unit: maxcapacity %ld is no count of %s", r->max, of);
	return -1;
}

const char *pcap_name(enum pcap_item i)
{
	static const char *const n[PCAP_N] = {"input", "output", "reject", "ribbon", "film"};
	return i < PCAP_N ? n[i] : "?";
}

static void none(struct pcap *c, const char *why)
{
	memset(c, 0, sizeof *c);
	c->count = -1;
	snprintf(c->why, sizeof c->why, "%s", why);
}

/* Takes record i of attribute attr for c: its count (or why not). */
static void take(struct pcap *c, const char *attr, int i, const struct pcap_text *t,
                 const struct pwg_rec *r, int hopper)
{
	char why[sizeof c->why];
	c->count = as_count(r, hopper, why, sizeof why);
	snprintf(c->why, sizeof c->why, "%s", c->count < 0 ? why : "");
	snprintf(c->attr, sizeof c->attr, "%s[%d]", attr, i + 1);
	snprintf(c->record, sizeof c->record, "%.*s", (int)(t->len < 255 ? t->len : 255), t->s);
}

/* Whether a record counting n is a better pick than what c holds. Among
 * counts the largest for hoppers (a one-card exception slot is not the
 * hopper), the smallest for rolls (the shortest roll is what the printer is
 * held to). A record that gives no count is kept once picked: which tray is
 * the hopper, or how short the shortest roll, is then unknown, and the
 * operator is asked rather than a neighbour judged. */
static int better(const struct pcap *c, long n, int picked, int largest)
{
	if (!picked || n < 0)
		return !picked || c->count >= 0;
	if (c->count < 0)
		return 0;
	return largest ? n > c->count : n < c->count;
}

static void pick(struct pcap *c, const char *attr, int i, const struct pcap_text *t,
                 const struct pwg_rec *r, int hopper, int *picked)
{
	char why[256];
	long n = as_count(r, hopper, why, sizeof why);
	if (better(c, n, *picked, hopper))
		take(c, attr, i, t, r, hopper), *picked = 1;
}

static int is_reject(const struct pwg_rec *r)
{
	return has(r->name, "reject") || has(r->name, "waste") || has(r->type, "reject") ||
	       has(r->type, "waste") || strstr(r->name, "\xe5\xba\x9f"); /* 废 */
}

static void hoppers(const struct pcap_attrs *a, struct pcap out[PCAP_N])
{
	struct pwg_rec r;
	int in = 0, o = 0, rej = 0;
	none(&out[PCAP_INPUT], "no automatic feed tray in printer-input-tray");
	none(&out[PCAP_OUTPUT], "no output tray in printer-output-tray (other than a reject one)");
	none(&out[PCAP_REJECT], "no printer-output-tray record named or typed reject or waste");
	for (int i = 0; i < a->ninput && i < PCAP_MAX; i++) {
		if (pwg_rec_parse(a->input[i].s, a->input[i].len, &r) != 0 ||
		    has(r.type, "manual") || has(r.name, "manual"))
			continue;
		pick(&out[PCAP_INPUT], "printer-input-tray", i, &a->input[i], &r, 1, &in);
	}
	for (int i = 0; i < a->noutput && i < PCAP_MAX; i++) {
		if (pwg_rec_parse(a->output[i].s, a->output[i].len, &r) != 0)
			continue;
		int rj = is_reject(&r);
		pick(&out[rj ? PCAP_REJECT : PCAP_OUTPUT], "printer-output-tray", i, &a->output[i],
		     &r, 1, rj ? &rej : &o);
	}
}

/* A ribbon's kind, as DB43/T 3.3 table 2 names them, from its words. */
static void kind_of(const char *words, char *kind, size_t cap)
{
	if (kind[0] || !has(words, "YMCKO"))
		return;
	snprintf(kind, cap, "%s", has(words, "1/2") || has(words, "half") ? "1/2 YMCKO" : "YMCKO");
}

/* 0 neither, PCAP_RIBBON or PCAP_FILM; a film is no ribbon ("film ribbon"). */
static int consumable(const char *type, const char *name)
{
	if (has(type, "film") || has(name, "film"))
		return PCAP_FILM;
	return has(type, "ribbon") || has(name, "ribbon") ? PCAP_RIBBON : 0;
}

static void supplies(const struct pcap_attrs *a, struct pcap out[PCAP_N])
{
	struct pwg_rec r;
	int picked[PCAP_N] = {0};
	char words[256];
	none(&out[PCAP_RIBBON], "no ribbon in printer-supply or marker-names/-types");
	none(&out[PCAP_FILM], "no film in printer-supply or marker-names/-types");
	for (int i = 0; i < a->nsupply && i < PCAP_MAX; i++) {
		int k;
		if (pwg_rec_parse(a->supply[i].s, a->supply[i].len, &r) != 0 ||
		    !(k = consumable(r.type, r.name)))
			continue;
		pick(&out[k], "printer-supply", i, &a->supply[i], &r, 0, &picked[k]);
		if (k == PCAP_RIBBON) {
			snprintf(words, sizeof words, "%s %s %s", r.name, r.colorant, r.type);
			kind_of(words, out[k].kind, sizeof out[k].kind);
		}
	}
	/* marker-levels are percentages: a marker names a consumable the
	 * printer-supply records left out, never its prints per roll. */
	for (int i = 0; i < a->nmarker && i < PCAP_MAX; i++) {
		char type[64], name[128];
		snprintf(type, sizeof type, "%.*s", (int)a->marker_type[i].len,
		         a->marker_type[i].s);
		snprintf(name, sizeof name, "%.*s", (int)a->marker_name[i].len,
		         a->marker_name[i].s);
		int k = consumable(type, name);
		if (!k)
			continue;
		if (k == PCAP_RIBBON)
			kind_of(name, out[k].kind, sizeof out[k].kind);
		if (picked[k])
			continue;
		picked[k] = 1;
		snprintf(out[k].attr, sizeof out[k].attr, "marker-names[%d]", i + 1);
		snprintf(out[k].record, sizeof out[k].record, "%s (%s)", name, type);
		snprintf(out[k].why, sizeof out[k].why,
		         "printer-supply has no %s record; marker-levels are percent, no prints "
		         "per roll",
		         pcap_name((enum pcap_item)k));
	}
}

void pcap_read(const struct pcap_attrs *a, struct pcap out[PCAP_N])
{
	hoppers(a, out);
	supplies(a, out);
}
