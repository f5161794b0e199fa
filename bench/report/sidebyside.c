/* report.html's "Side by side" section: which suites of a --jobs run ran at
 * the same time (run.json "side_by_side"), so a reader of the verdicts
 * knows what else the station was doing meanwhile. */
#include <stdio.h>

#include "bench/base/base.h"
#include "internal.h"
#include "report.h"

void html_side_by_side(FILE *f, const struct runinfo *ri)
{
	const struct ynode *v = ri->root ? ynode_get(ri->root, "side_by_side") : NULL;
	const char *jobs = runinfo_str(ri, "jobs", "1");
	if (!v || v->kind != YN_SEQ)
		return;
	fprintf(f, "<h2>%s</h2>\n<p>bench run --jobs ", tr(ri->lang, M_SBS_TITLE));
	xml_put(f, jobs);
	fprintf(f, "%s</p>\n<table>\n", tr(ri->lang, M_SBS_TEXT));
	for (size_t i = 0; i < v->nkids; i++) {
		const struct ynode *p = &v->kids[i];
		if (p->kind != YN_SEQ || p->nkids != 2 || p->kids[0].kind != YN_SCALAR ||
		    p->kids[1].kind != YN_SCALAR)
			continue;
		fputs("<tr><td>", f);
		xml_put(f, p->kids[0].str);
		fputs("</td><td>", f);
		xml_put(f, p->kids[1].str);
		fputs("</td></tr>\n", f);
	}
	if (!v->nkids)
		fprintf(f, "<tr><td>%s</td></tr>\n", tr(ri->lang, M_SBS_NONE));
	fputs("</table>\n", f);
}
