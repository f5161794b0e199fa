/* The issuer choices of a card profile (card.h). One table, read by the
 * simulated card and by bench alike, so the card and the suites can never
 * disagree on what a name or a value means. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "card.h"

static const struct {
	const char *name;
	const char *const *words; /* NULL: a number in [min, max] */
	long min, max;
} defs[CC_COUNT] = {
    [CC_CHALLENGE] = {"challenge", (const char *const[]){"next-command", "until-used", NULL}, 0, 0},
    [CC_WARM_ATR] = {"warm_atr", (const char *const[]){"same", "may-differ", NULL}, 0, 0},
    [CC_LOAD_PIN] = {"load_pin", (const char *const[]){"required", "not-required", NULL}, 0, 0},
    [CC_CARD_UNLOCK] = {"card_unlock", (const char *const[]){"none", "mf-84-18-01", NULL}, 0, 0},
    /* 63CX carries at most 15 tries left (ISO/IEC 7816-4 §5.6 table 5). */
    [CC_PIN_TRIES] = {"pin_tries", NULL, 1, 15},
    [CC_PURSE_MAX] = {"purse_max", NULL, 1, 0x7FFFFFFF},
    /* SFIs 1..30 (ISO/IEC 7816-4 §5.3.1.1); the suites write 8 bytes at
     * least; a record fits a short APDU with its MAC. */
    [CC_SM_BINARY_SFI] = {"sm_binary_sfi", NULL, 1, 30},
    [CC_SM_BINARY_SIZE] = {"sm_binary_size", NULL, 8, 0x7FFF},
    [CC_SM_RECORD_SFI] = {"sm_record_sfi", NULL, 1, 30},
    [CC_SM_RECORDS] = {"sm_records", NULL, 1, 254},
    [CC_SM_RECORD_SIZE] = {"sm_record_size", NULL, 4, 240},
    /* Any P2 byte (ISO/IEC 7816-4 §7.5.2: 00 "no information given", else
     * a global or specific reference); the e-purse's key index 00 is none. */
    [CC_EXT_AUTH_REF] = {"ext_auth_ref", NULL, 0, 255},
    [CC_INT_AUTH_REF] = {"int_auth_ref", NULL, 0, 255},
    [CC_PURSE_KEY_INDEX] = {"purse_key_index", NULL, 1, 255},
    [CC_DIR_AUTH_REF] = {"dir_auth_ref", NULL, 0, 255},
    /* GF 61/T §10.1: a card may carry some of the applications only. */
    [CC_PURSE] = {"purse", (const char *const[]){"present", "absent", NULL}, 0, 0},
    /* §10.4.2 lists PIN CHANGE/UNBLOCK without its bytes: the social
     * security card's CHANGE PIN, ISO/IEC 7816-4's CHANGE REFERENCE DATA,
     * or EMV's PIN CHANGE/UNBLOCK (84 24 00 01/02, the PIN enciphered). */
    [CC_PIN_CHANGE] = {"pin_change",
                       (const char *const[]){"80-5e-01", "00-24-00-00", "84-24-00-01", NULL}, 0, 0},
};

const char *card_choice_name(int choice)
{
	return choice >= 0 && choice < CC_COUNT ? defs[choice].name : "?";
}

int card_choice_numeric(int choice)
{
	return choice >= 0 && choice < CC_COUNT && !defs[choice].words;
}

static int find(const char *name)
{
	for (int i = 0; i < CC_COUNT; i++)
		if (strcmp(defs[i].name, name) == 0)
			return i;
	return -1;
}

static int read_one(const struct ynode *n, struct card_choices *c, struct err *e)
{
	int i = find(n->key);
	if (i < 0) {
		char names[512];
		size_t k = 0;
		for (int j = 0; j < CC_COUNT && k < sizeof names; j++)
			k += (size_t)snprintf(names + k, sizeof names - k, "%s%s", j ? ", " : "",
			                      defs[j].name);
		return ynode_err(e, n, "profile: unknown choice %s (%s)", n->key, names);
	}
	if (!defs[i].words) {
		long v;
		if (ynode_int(n, n->key, &v, e) < 0)
			return -1;
		if (v < defs[i].min || v > defs[i].max)
			return ynode_err(e, n, "profile: choice %s must be %ld..%ld", n->key,
			                 defs[i].min, defs[i].max);
		c->value[i] = v;
	} else {
		const char *s;
		if (ynode_str(n, n->key, &s, e) < 0)
			return -1;
		long k = 0;
		while (defs[i].words[k] && strcmp(defs[i].words[k], s) != 0)
			k++;
		if (!defs[i].words[k])
			return ynode_err(e, n, "profile: choice %s: '%s' is not one of %s | %s",
			                 n->key, s, defs[i].words[0], defs[i].words[1]);
		c->value[i] = k;
	}
	c->declared[i] = 1;
	return 0;
}

int card_choices_read(const struct ynode *root, struct card_choices *c, struct err *e)
{
	memset(c, 0, sizeof *c);
	const struct ynode *m = root ? ynode_get(root, "choices") : NULL;
	if (!m)
		return 0;
	if (m->kind != YN_MAP)
		return ynode_err(e, m, "profile: choices must be a map of choice -> value");
	for (size_t k = 0; k < m->nkids; k++)
		if (read_one(&m->kids[k], c, e) < 0)
			return -1;
	return 0;
}

int card_choices_load(const char *path, struct card_choices *c, struct err *e)
{
	struct ynode *root = ynode_load_file(path, e);
	if (!root)
		return -1;
	int rc = card_choices_read(root, c, e);
	ynode_free(root);
	return rc;
}

long card_choice_or(const struct card_choices *c, int choice, long dflt)
{
	return choice >= 0 && choice < CC_COUNT && c->declared[choice] ? c->value[choice] : dflt;
}

const char *card_choice_text(const struct card_choices *c, int choice, char *buf, size_t len)
{
	if (choice < 0 || choice >= CC_COUNT || !c->declared[choice])
		return NULL;
	if (defs[choice].words)
		return defs[choice].words[c->value[choice]];
	snprintf(buf, len, "%ld", c->value[choice]);
	return buf;
}
