/* YAML -> struct ynode tree with positions, via libyaml's event parser. */
#include "base.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <yaml.h>

/* Maps and lists nest at most this deep: the tree is built recursively, and
 * a file of 20000 '[' must be refused at its line, not overflow the stack. */
#define MAX_DEPTH 64

struct parser {
	yaml_parser_t p;
	const char *file;
	struct err *e;
	int depth; /* of the map or list being read */
};

static int fail_at(struct parser *ps, yaml_mark_t m, const char *fmt, const char *arg)
{
	char msg[512];
	snprintf(msg, sizeof msg, fmt, arg);
	return err_set(ps->e, EXIT_USAGE, "%s:%zu:%zu: %s", ps->file, m.line + 1, m.column + 1,
	               msg);
}

static int next(struct parser *ps, yaml_event_t *ev)
{
	if (yaml_parser_parse(&ps->p, ev))
		return 0;
	yaml_mark_t m = ps->p.problem_mark;
	return fail_at(ps, m, "YAML syntax error: %s",
	               ps->p.problem ? ps->p.problem : "unreadable input");
}

static int parse_node(struct parser *ps, yaml_event_t *ev, struct ynode *n);

static struct ynode *push_kid(struct ynode *n)
{
	struct ynode *k = realloc(n->kids, (n->nkids + 1) * sizeof *k);
	if (!k)
		return NULL;
	n->kids = k;
	memset(&k[n->nkids], 0, sizeof *k);
	return &k[n->nkids++];
}

/* Reads children until the end event of a mapping or sequence. */
static int parse_kids(struct parser *ps, struct ynode *n, yaml_event_type_t end)
{
	for (;;) {
		yaml_event_t ev;
		if (next(ps, &ev))
			return -1;
		if (ev.type == end) {
			yaml_event_delete(&ev);
			return 0;
		}
		char *key = NULL;
		yaml_mark_t kmark = ev.start_mark;
		if (n->kind == YN_MAP) {
			if (ev.type != YAML_SCALAR_EVENT) {
				int r = fail_at(ps, ev.start_mark, "%s",
				                "map keys must be plain scalars");
				yaml_event_delete(&ev);
				return r;
			}
			key = strdup((char *)ev.data.scalar.value);
			kmark = ev.start_mark;
			for (size_t i = 0; i < n->nkids; i++)
				if (key && strcmp(n->kids[i].key, key) == 0) {
					int r =
					    fail_at(ps, ev.start_mark, "duplicate key '%s'", key);
					free(key);
					yaml_event_delete(&ev);
					return r;
				}
			yaml_event_delete(&ev);
			if (next(ps, &ev)) {
				free(key);
				return -1;
			}
		}
		struct ynode *k = push_kid(n);
		if (!k || (n->kind == YN_MAP && !key)) {
			free(key);
			yaml_event_delete(&ev);
			return err_set(ps->e, EXIT_USAGE, "%s: out of memory", ps->file);
		}
		int r = parse_node(ps, &ev, k);
		yaml_event_delete(&ev);
		k->key = key;
		k->kline = (int)kmark.line + 1;
		k->kcol = (int)kmark.column + 1;
		if (r)
			return r;
	}
}

/* A map or list: one level deeper, within MAX_DEPTH. */
static int parse_nested(struct parser *ps, yaml_event_t *ev, struct ynode *n, enum ynode_kind kind,
                        yaml_event_type_t end)
{
	if (ps->depth >= MAX_DEPTH) {
		char what[64];
		snprintf(what, sizeof what, "%d", MAX_DEPTH);
		return fail_at(ps, ev->start_mark, "maps and lists nest deeper than %s levels",
		               what);
	}
	n->kind = kind;
	ps->depth++;
	int r = parse_kids(ps, n, end);
	ps->depth--;
	return r;
}

static int parse_node(struct parser *ps, yaml_event_t *ev, struct ynode *n)
{
	n->file = ps->file;
	n->line = (int)ev->start_mark.line + 1;
	n->col = (int)ev->start_mark.column + 1;
	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		n->kind = YN_SCALAR;
		n->quoted = ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE;
		n->str = strdup((char *)ev->data.scalar.value);
		return n->str ? 0 : err_set(ps->e, EXIT_USAGE, "%s: out of memory", ps->file);
	case YAML_MAPPING_START_EVENT:
		return parse_nested(ps, ev, n, YN_MAP, YAML_MAPPING_END_EVENT);
	case YAML_SEQUENCE_START_EVENT:
		return parse_nested(ps, ev, n, YN_SEQ, YAML_SEQUENCE_END_EVENT);
	case YAML_ALIAS_EVENT:
		return fail_at(ps, ev->start_mark, "%s", "aliases are not allowed here");
	default:
		return fail_at(ps, ev->start_mark, "%s", "unexpected YAML event");
	}
}

/* One document, and nothing after it: a second document ('---') in a station
 * or answers file would otherwise be ignored without a word. */
static struct ynode *parse_doc(struct parser *ps)
{
	struct ynode *root = calloc(1, sizeof *root);
	yaml_event_t ev;
	int docs = 0;
	if (!root) {
		err_set(ps->e, EXIT_USAGE, "%s: out of memory", ps->file);
		return NULL;
	}
	for (;;) {
		if (next(ps, &ev))
			goto fail;
		yaml_event_type_t t = ev.type;
		if (t == YAML_STREAM_END_EVENT) {
			yaml_event_delete(&ev);
			break;
		}
		int r = 0;
		if (t == YAML_DOCUMENT_START_EVENT && docs++)
			r = fail_at(ps, ev.start_mark, "%s",
			            "a second YAML document ('---'): a file holds one document");
		else if (t == YAML_SCALAR_EVENT || t == YAML_MAPPING_START_EVENT ||
		         t == YAML_SEQUENCE_START_EVENT || t == YAML_ALIAS_EVENT)
			r = parse_node(ps, &ev, root);
		yaml_event_delete(&ev);
		if (r)
			goto fail;
	}
	if (!root->file) { /* empty document: an empty map */
		root->kind = YN_MAP;
		root->file = ps->file;
		root->line = root->col = 1;
	}
	return root;
fail:
	ynode_free(root);
	return NULL;
}

struct ynode *ynode_load_buf(const char *name, const char *buf, size_t len, struct err *e)
{
	struct parser ps = {.file = name, .e = e};
	if (!yaml_parser_initialize(&ps.p)) {
		err_set(e, EXIT_USAGE, "%s: cannot start YAML parser", name);
		return NULL;
	}
	yaml_parser_set_input_string(&ps.p, (const unsigned char *)buf, len);
	struct ynode *root = parse_doc(&ps);
	yaml_parser_delete(&ps.p);
	return root;
}

struct ynode *ynode_load_file(const char *path, struct err *e)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		err_set(e, EXIT_USAGE, "%s: %s", path, strerror(errno));
		return NULL;
	}
	struct parser ps = {.file = path, .e = e};
	struct ynode *root = NULL;
	if (!yaml_parser_initialize(&ps.p)) {
		err_set(e, EXIT_USAGE, "%s: cannot start YAML parser", path);
	} else {
		yaml_parser_set_input_file(&ps.p, f);
		root = parse_doc(&ps);
		yaml_parser_delete(&ps.p);
	}
	fclose(f);
	return root;
}

static void free_kids(struct ynode *n)
{
	for (size_t i = 0; i < n->nkids; i++) {
		free_kids(&n->kids[i]);
		free(n->kids[i].str);
		free(n->kids[i].key);
	}
	free(n->kids);
}

void ynode_free(struct ynode *root)
{
	if (!root)
		return;
	free_kids(root);
	free(root->str);
	free(root);
}

const struct ynode *ynode_get(const struct ynode *map, const char *key)
{
	if (!map || map->kind != YN_MAP)
		return NULL;
	for (size_t i = 0; i < map->nkids; i++)
		if (strcmp(map->kids[i].key, key) == 0)
			return &map->kids[i];
	return NULL;
}

int ynode_err(struct err *e, const struct ynode *n, const char *fmt, ...)
{
	char msg[768];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return err_set(e, EXIT_USAGE, "%s:%d:%d: %s", n->file, n->line, n->col, msg);
}

int ynode_str(const struct ynode *n, const char *what, const char **out, struct err *e)
{
	if (n->kind != YN_SCALAR)
		return ynode_err(e, n, "%s must be a string", what);
	*out = n->str;
	return 0;
}

int ynode_int(const struct ynode *n, const char *what, long *out, struct err *e)
{
	char *end;
	if (n->kind != YN_SCALAR || n->quoted || !n->str[0])
		return ynode_err(e, n, "%s must be an integer", what);
	errno = 0;
	*out = strtol(n->str, &end, 0);
	if (*end || errno)
		return ynode_err(e, n, "%s must be an integer, not '%s'", what, n->str);
	return 0;
}

int num_parse(const char *s, double *out)
{
	char *end;
	if (!s || !*s || isspace((unsigned char)*s))
		return -1;
	errno = 0;
	double v = strtod(s, &end);
	if (*end || errno || !isfinite(v))
		return -1;
	*out = v;
	return 0;
}

int ynode_num(const struct ynode *n, const char *what, double *out, struct err *e)
{
	if (n->kind != YN_SCALAR || n->quoted || !n->str[0])
		return ynode_err(e, n, "%s must be a number", what);
	if (num_parse(n->str, out))
		return ynode_err(e, n, "%s must be a finite number, not '%s'", what, n->str);
	return 0;
}

int ynode_bool(const struct ynode *n, const char *what, int *out, struct err *e)
{
	static const char *const yes[] = {"true", "yes", "on", NULL};
	static const char *const no[] = {"false", "no", "off", NULL};
	if (n->kind == YN_SCALAR && !n->quoted) {
		for (int i = 0; yes[i]; i++)
			if (strcasecmp(n->str, yes[i]) == 0)
				return *out = 1, 0;
		for (int i = 0; no[i]; i++)
			if (strcasecmp(n->str, no[i]) == 0)
				return *out = 0, 0;
	}
	return ynode_err(e, n, "%s must be true or false", what);
}
