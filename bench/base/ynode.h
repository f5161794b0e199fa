/* A parsed YAML document as a plain tree that remembers where each node came
 * from, so every later check can say file:line:col. Used for station files,
 * answers files, chamber profiles and simulator profiles. Anchors/aliases and
 * tags are refused: station files are data a lab edits by hand. */
#ifndef BENCH_YNODE_H
#define BENCH_YNODE_H

#include <stddef.h>

#include "err.h"

enum ynode_kind { YN_SCALAR, YN_MAP, YN_SEQ };

struct ynode {
	enum ynode_kind kind;
	const char *file; /* not owned: the tree's file name */
	int line, col;    /* 1-based, of the value */
	int kline, kcol;  /* child of a YN_MAP: where its key is */
	char *key;        /* child of a YN_MAP: its key; else NULL */
	char *str;        /* YN_SCALAR: the text; else NULL */
	int quoted;       /* YN_SCALAR: was written in quotes (never a number) */
	struct ynode *kids;
	size_t nkids;
};

/* Loads one YAML document. On error returns NULL and e says file:line:col. */
struct ynode *ynode_load_file(const char *path, struct err *e);
struct ynode *ynode_load_buf(const char *name, const char *buf, size_t len, struct err *e);
void ynode_free(struct ynode *root);

/* The child of map n whose key is key, or NULL. */
const struct ynode *ynode_get(const struct ynode *map, const char *key);

/* Scalar conversions; each fails with "file:line:col: <what> must be ..." */
int ynode_int(const struct ynode *n, const char *what, long *out, struct err *e);
int ynode_num(const struct ynode *n, const char *what, double *out, struct err *e);
int ynode_bool(const struct ynode *n, const char *what, int *out, struct err *e);
int ynode_str(const struct ynode *n, const char *what, const char **out, struct err *e);

/* Sets e to "file:line:col: message" for node n; returns -1. */
int ynode_err(struct err *e, const struct ynode *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
