/* The lab's record in report.html (ISO/IEC 17025 7.8): who tested, by which
 * decision rule, with which instruments in which calibration state, what
 * the operator answered and when, and the sign-off lines. From run.json and
 * trace.log, so `bench report` rebuilds it from the run directory alone. */
#include <stdio.h>
#include <string.h>

#include "bench/base/base.h"
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
	fputs("<p class=\"incomplete\" id=\"calibration-overdue\">CALIBRATION OVERDUE: ", f);
	xml_put(f, od);
	fputs(allowed ? ". The operator overrode the refusal (--allow-overdue): measurements "
	                "by these instruments are not traceable."
	              : ". Simulated station: no refusal.",
	      f);
	fputs("</p>\n", f);
}

static void instruments(FILE *f, const struct runinfo *ri)
{
	const struct ynode *all = ynode_get(ri->root, "instruments");
	fputs("<h2>Instruments and calibration</h2>\n", f);
	overdue_banner(f, ri);
	if (!all || all->kind != YN_SEQ || !all->nkids) {
		fputs("<p>The station lists no instruments: no measurement states its "
		      "uncertainty.</p>\n",
		      f);
		return;
	}
	fputs("<table id=\"instruments\">\n<tr><th>Instrument</th><th>Maker</th><th>Model</th>"
	      "<th>Serial</th><th>Certificate</th><th>Calibrated</th><th>Due</th>"
	      "<th>Status</th><th>Uncertainty</th><th>Roles</th></tr>\n",
	      f);
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
	char path[4200], line[8192];
	snprintf(path, sizeof path, "%s/trace.log", ri->dir);
	FILE *t = fopen(path, "r");
	int n = 0;
	while (t && fgets(line, sizeof line, t)) {
		char wall[40], role[64];
		int off = 0;
		if (sscanf(line, "%*s %39s %*s %63s %n", wall, role, &off) != 2 || !off ||
		    strcmp(role, "operator") || strncmp(line + off, "answer ", 7))
			continue;
		line[strcspn(line, "\t\n")] = '\0';
		if (!n++)
			fputs("<table id=\"answers\">\n<tr><th>Time (UTC)</th><th>Operator "
			      "answer</th></tr>\n",
			      f);
		fputs("<tr>", f);
		cell(f, wall);
		cell(f, line + off + 7);
		fputs("</tr>\n", f);
	}
	if (t)
		fclose(t);
	fputs(n ? "</table>\n" : "<p>No operator answers in this run.</p>\n", f);
}

void labrecord_write(FILE *f, const struct runinfo *ri)
{
	fputs("<h2>Operator and decision rule</h2>\n<table>\n<tr><th>Operator</th>", f);
	cell(f, runinfo_str(ri, "operator", NULL));
	fputs("</tr>\n<tr><th>Decision rule</th>", f);
	const char *rule = runinfo_str(ri, "decision_rule", "simple");
	cell(f, strcmp(rule, "guarded") == 0
	            ? "guarded acceptance (ILAC-G8: guard band = the instrument's uncertainty; "
	              "a value inside it is inconclusive)"
	            : "simple acceptance (ILAC-G8: the measured value against the limit)");
	fputs("</tr>\n</table>\n", f);
	answers(f, ri);
	instruments(f, ri);
}

void labrecord_signoff(FILE *f, const struct runinfo *ri)
{
	fputs("<h2>Sign-off</h2>\n<table id=\"signoff\">\n<tr><th></th><th>Name</th>"
	      "<th>Signature</th><th>Date</th></tr>\n<tr><th>Tested by</th>",
	      f);
	cell(f, runinfo_str(ri, "operator", ""));
	fputs("<td>&nbsp;</td><td>&nbsp;</td></tr>\n", f);
	static const char *const who[] = {"Reviewed by", "Approved by"};
	for (int i = 0; i < 2; i++)
		fprintf(f, "<tr><th>%s</th><td>&nbsp;</td><td>&nbsp;</td><td>&nbsp;</td></tr>\n",
		        who[i]);
	fputs("</table>\n", f);
}
