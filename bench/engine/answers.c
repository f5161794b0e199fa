#include "engine.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A value that reads as a number must be a finite one: "-1e999" would be
 * -inf and pass every max= check. */
static int bad_number(const char *s)
{
	char *end;
	double v;
	if (!*s)
		return 0;
	(void)strtod(s, &end);
	return !*end && num_parse(s, &v) != 0;
}

int answer_key_ok(const char *key)
{
	static const char word[] =
	    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_";
	const char *dot = strrchr(key, '.');
	if (!dot || dot == key || !dot[1] || dot[1 + strspn(dot + 1, word)])
		return 0;
	for (const char *p = key; p < dot; p++)
		if (!strchr(word, *p) && !strchr(".:-", *p))
			return 0;
	return 1;
}

int answers_load(const char *path, struct answers *a, struct err *e)
{
	a->root = ynode_load_file(path, e);
	if (!a->root)
		return -1;
	if (a->root->kind != YN_MAP) {
		ynode_err(e, a->root, "an answers file is a map of '<test id>.<key>: answer'");
		answers_free(a);
		return -1;
	}
	for (size_t i = 0; i < a->root->nkids; i++) {
		const struct ynode *n = &a->root->kids[i];
		if (!answer_key_ok(n->key)) {
			err_set(e, EXIT_USAGE,
			        "%s:%d:%d: answers key '%s' is not <test id>.<ask key> (test ids "
			        "[A-Za-z0-9_.:-]+, ask keys [A-Za-z0-9_]+)",
			        n->file, n->kline, n->kcol, n->key);
			answers_free(a);
			return -1;
		}
		if (n->kind != YN_SCALAR) {
			ynode_err(e, n, "answer to '%s' must be yes/no or a number", n->key);
			answers_free(a);
			return -1;
		}
		if (bad_number(n->str)) {
			ynode_err(e, n, "answer to '%s' must be a finite number, not '%s'", n->key,
			          n->str);
			answers_free(a);
			return -1;
		}
	}
	return 0;
}

/* key is "<id>.<ask key>" for a test id of the suites. */
static int names_a_test(const char *key, const struct suite *suites, int n)
{
	size_t l = (size_t)(strrchr(key, '.') - key);
	for (int i = 0; i < n; i++)
		for (size_t k = 0; k < suites[i].ntests; k++) {
			const char *id = suites[i].tests[k].id;
			if (strlen(id) == l && strncmp(key, id, l) == 0)
				return 1;
		}
	return 0;
}

int answers_unknown(const struct answers *a, const struct suite *suites, int n, FILE *out)
{
	int count = 0;
	for (size_t i = 0; a && a->root && i < a->root->nkids; i++) {
		const struct ynode *k = &a->root->kids[i];
		if (names_a_test(k->key, suites, n))
			continue;
		count++;
		if (out)
			fprintf(out,
			        "bench: note: %s:%d:%d: answer '%s' is for no test of this run: "
			        "not used\n",
			        k->file, k->kline, k->kcol, k->key);
	}
	return count;
}

size_t answers_of(const struct answers *a, const char *id, char *buf, size_t len)
{
	size_t l = strlen(id), n = 0, o = 0;
	buf[0] = '\0';
	for (size_t i = 0; a && a->root && i < a->root->nkids; i++) {
		const char *k = a->root->kids[i].key;
		if (strncmp(k, id, l) || k[l] != '.' || strchr(k + l + 1, '.'))
			continue;
		int w = snprintf(buf + o, len - o, "%s%s", n++ ? ", " : "", k);
		if (w < 0 || (size_t)w >= len - o)
			break;
		o += (size_t)w;
	}
	return n;
}

void answers_free(struct answers *a)
{
	ynode_free(a->root);
	a->root = NULL;
}

const struct ynode *answers_get(const struct answers *a, const char *key)
{
	return a ? ynode_get(a->root, key) : NULL;
}
