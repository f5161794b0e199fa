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
	fputs("<h2>Side by side</h2>\n<p>bench run --jobs ", f);
	xml_put(f, jobs);
	fputs(": suites with disjoint roles ran at the same time on this station; "
	      "these pairs overlapped.</p>\n<table>\n",
	      f);
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
		fputs("<tr><td>none: no two suites could run at once</td></tr>\n", f);
	fputs("</table>\n", f);
}
