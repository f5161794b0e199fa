/* The lab's record in report.html (ISO/IEC 17025 7.8): who tested, by which
 * decision rule, with which instruments in which calibration state, what
 * the operator answered and when, and the sign-off lines. From run.json and
 * trace.log, so `bench report` rebuilds it from the run directory alone. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/base/base.h"
#include "bench/record/record.h"
#include "report.h"

static void cell(FILE *f, const char *v)
{
	fputs("<td>", f);
	xml_put(f, v && *v ? v : "-");
	fputs("</td>", f);
}

static const char *field(const struct ynode *map, const char *k)
{
	const struct ynode *n = ynode_get(map, k);
	return n && n->kind == YN_SCALAR ? n->str : NULL;
}

/* A list of scalars (uncertainties, roles) as "a, b". */
static void list_cell(FILE *f, const struct ynode *seq)
{
	fputs("<td>", f);
	for (size_t i = 0; seq && seq->kind == YN_SEQ && i < seq->nkids; i++) {
		fputs(i ? ", " : "", f);
		xml_put(f, seq->kids[i].str ? seq->kids[i].str : "");
	}
	fputs("</td>", f);
}

static void overdue_banner(FILE *f, const struct runinfo *ri)
{
	const char *od = runinfo_str(ri, "calibration_overdue", NULL);
	if (!od)
		return;
	int allowed = strcmp(runinfo_str(ri, "allow_overdue", "false"), "true") == 0;
	enum lang l = ri->lang;
	fprintf(f, "<p class=\"incomplete\" id=\"calibration-overdue\">%s", tr(l, M_LR_OVERDUE));
	xml_put(f, od);
	fputs(tr(l, allowed ? M_LR_OVERRIDDEN : M_LR_SIM_NO_REFUSAL), f);
	fputs("</p>\n", f);
}

static void instruments(FILE *f, const struct runinfo *ri)
{
	const struct ynode *all = ynode_get(ri->root, "instruments");
	enum lang l = ri->lang;
	fprintf(f, "<h2>%s</h2>\n", tr(l, M_LR_INSTRUMENTS));
	overdue_banner(f, ri);
	if (!all || all->kind != YN_SEQ || !all->nkids) {
		fprintf(f, "<p>%s</p>\n", tr(l, M_LR_NO_INSTRUMENTS));
		return;
	}
	fprintf(f, "<table id=\"instruments\">\n%s\n", tr(l, M_LR_INSTR_HEAD));
	for (size_t i = 0; i < all->nkids; i++) {
		const struct ynode *in = &all->kids[i];
		const char *st = field(in, "status");
		fputs("<tr>", f);
		static const char *const keys[] = {"id",          "maker",      "model", "serial",
		                                   "certificate", "calibrated", "due"};
		for (size_t k = 0; k < sizeof keys / sizeof *keys; k++)
			cell(f, field(in, keys[k]));
		fprintf(f, "<td class=\"%s\">", st && strcmp(st, "valid") == 0 ? "pass" : "fail");
		xml_put(f, st ? st : "-");
		fputs("</td>", f);
		list_cell(f, ynode_get(in, "uncertainty"));
		list_cell(f, ynode_get(in, "roles"));
		fputs("</tr>\n", f);
	}
	fputs("</table>\n", f);
}

/* trace.log lines "<seq> <wall> <mono> operator answer KEY = VALUE (...)\t<hash>". */
static void answers(FILE *f, const struct runinfo *ri)
{
	char path[4200], *line = NULL;
	size_t cap = 0;
	snprintf(path, sizeof path, "%s/trace.log", ri->dir);
	FILE *t = fopen(path, "r");
	int n = 0;
	while (t && trace_getline(&line, &cap, t) > 0) {
		char wall[40], role[64];
		int off = 0;
		if (sscanf(line, "%*s %39s %*s %63s %n", wall, role, &off) != 2 || !off ||
		    strcmp(role, "operator") || strncmp(line + off, "answer ", 7))
			continue;
		line[strcspn(line, "\t\n")] = '\0';
		if (!n++)
			fprintf(f, "<table id=\"answers\">\n%s\n", tr(ri->lang, M_LR_ANSWERS_HEAD));
		fputs("<tr>", f);
		cell(f, wall);
		cell(f, line + off + 7);
		fputs("</tr>\n", f);
	}
	free(line);
	if (t)
		fclose(t);
	if (n)
		fputs("</table>\n", f);
	else
		fprintf(f, "<p>%s</p>\n", tr(ri->lang, M_LR_NO_ANSWERS));
}

void labrecord_write(FILE *f, const struct runinfo *ri)
{
	enum lang l = ri->lang;
	fprintf(f, "<h2>%s</h2>\n<table>\n<tr><th>%s</th>", tr(l, M_LR_OPERATOR_RULE),
	        tr(l, M_LR_OPERATOR));
	cell(f, runinfo_str(ri, "operator", NULL));
	fprintf(f, "</tr>\n<tr><th>%s</th>", tr(l, M_LR_RULE));
	const char *rule = runinfo_str(ri, "decision_rule", "simple");
	cell(f, tr(l, strcmp(rule, "guarded") == 0 ? M_LR_GUARDED : M_LR_SIMPLE));
	fputs("</tr>\n</table>\n", f);
	answers(f, ri);
	instruments(f, ri);
}

void labrecord_signoff(FILE *f, const struct runinfo *ri)
{
	enum lang l = ri->lang;
	fprintf(f, "<h2>%s</h2>\n<table id=\"signoff\">\n%s\n<tr><th>%s</th>", tr(l, M_LR_SIGNOFF),
	        tr(l, M_LR_SIGN_HEAD), tr(l, M_LR_TESTED));
	cell(f, runinfo_str(ri, "operator", ""));
	fputs("<td>&nbsp;</td><td>&nbsp;</td></tr>\n", f);
	static const enum msg who[] = {M_LR_REVIEWED, M_LR_APPROVED};
	for (int i = 0; i < 2; i++)
		fprintf(f, "<tr><th>%s</th><td>&nbsp;</td><td>&nbsp;</td><td>&nbsp;</td></tr>\n",
		        tr(l, who[i]));
	fputs("</table>\n", f);
}
