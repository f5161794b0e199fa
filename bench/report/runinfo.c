#include "report.h"

#include <stdlib.h>

#include <stdio.h>
#include <string.h>

#include "bench/base/base.h"

int runinfo_load(const char *dir, struct runinfo *ri, struct err *e)
{
	char p[4200];
	snprintf(ri->dir, sizeof ri->dir, "%s", dir);
	ri->secrets = NULL;
	snprintf(p, sizeof p, "%s/run.json", dir);
	ri->root = ynode_load_file(p, e);
	if (!ri->root)
		return -1;
	if (ri->root->kind != YN_MAP) {
		ynode_err(e, ri->root, "run.json is not an object");
		runinfo_free(ri);
		return -1;
	}
	if (lang_parse(runinfo_str(ri, "lang", NULL), &ri->lang))
		ri->lang = lang_default(); /* a run of an older bench */
	return 0;
}

void runinfo_free(struct runinfo *ri)
{
	ynode_free(ri->root);
	ri->root = NULL;
}

const char *runinfo_str(const struct runinfo *ri, const char *key, const char *def)
{
	const struct ynode *n = ri->root ? ynode_get(ri->root, key) : NULL;
	if (!n || n->kind != YN_SCALAR || (!n->quoted && strcmp(n->str, "null") == 0))
		return def;
	return n->str;
}

double runinfo_time_scale(const struct runinfo *ri)
{
	double scale = strtod(runinfo_str(ri, "time_scale", "1"), NULL);
	return scale > 0 ? scale : 1;
}
