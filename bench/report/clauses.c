/* Clause verdicts: what the tests of one clause show about it, as a lab
 * states it (docs/evidence.md "Clause verdicts"). Every writer that shows
 * clauses calls these, so report.html and any later index agree. */
#include <stdio.h>
#include <string.h>

#include "report.h"

static const char *const state_names[CLAUSE_NSTATES] = {
    [CLAUSE_CONFORMS] = "conforms",         [CLAUSE_NONCONFORMING] = "does not conform",
    [CLAUSE_INCONCLUSIVE] = "inconclusive", [CLAUSE_PARTLY_TESTED] = "partly tested",
    [CLAUSE_NOT_TESTED] = "not tested",
};

const char *clause_state_name(enum clause_state s)
{
	return s < CLAUSE_NSTATES ? state_names[s] : "?";
}

/* 1 when the point's YAML has the top-level key `decision: "inconclusive"`
 * (top-level keys are indented as its "---" line; a note cannot use the key). */
static int decided_inconclusive(const char *tap)
{
	const char *y = tap ? strstr(tap, "---\n") : NULL;
	if (!y)
		return 0;
	const char *b = y;
	while (b > tap && b[-1] == ' ')
		b--;
	char want[2][80];
	snprintf(want[0], sizeof want[0], "\n%.*sdecision: \"inconclusive\"\n", (int)(y - b), b);
	snprintf(want[1], sizeof want[1], "\n%.*sdecision: inconclusive\n", (int)(y - b), b);
	return strstr(y, want[0]) || strstr(y, want[1]);
}

enum point_outcome clause_point(const char *verdict, const char *tap)
{
	if (strcmp(verdict, "pass") == 0)
		return POINT_PASS;
	/* A TODO point claims nothing (its failure is expected): like a skip,
	 * it is no evidence about the clause. */
	if (strcmp(verdict, "skip") == 0 || strcmp(verdict, "todo") == 0)
		return POINT_SKIP;
	return decided_inconclusive(tap) ? POINT_INCONCLUSIVE : POINT_FAIL;
}

enum clause_state clause_verdict(const size_t seen[POINT_NOUTCOMES])
{
	size_t n = 0;
	for (int i = 0; i < POINT_NOUTCOMES; i++)
		n += seen[i];
	if (seen[POINT_FAIL])
		return CLAUSE_NONCONFORMING;
	if (seen[POINT_INCONCLUSIVE])
		return CLAUSE_INCONCLUSIVE;
	if (seen[POINT_SKIP] == n) /* every point skipped, or none */
		return CLAUSE_NOT_TESTED;
	return seen[POINT_SKIP] ? CLAUSE_PARTLY_TESTED : CLAUSE_CONFORMS;
}

/* The first " N " of clause where N is a Chinese section numeral (一 to 十,
 * "厦门...要求 四 (一) 标准性"), or NULL. */
static const char *zh_section(const char *clause)
{
	static const char *const numerals[] = {"一", "二", "三", "四", "五",
	                                       "六", "七", "八", "九", "十"};
	for (const char *p = strchr(clause, ' '); p; p = strchr(p + 1, ' '))
		for (size_t i = 0; i < sizeof numerals / sizeof *numerals; i++) {
			size_t n = strlen(numerals[i]);
			if (strncmp(p + 1, numerals[i], n) == 0 && p[1 + n] == ' ')
				return p;
		}
	return NULL;
}

/* Where a designation ends and its clause begins: "GF 61/T PT002-2014 §9.3",
 * "... appendix F.1.1", "厦门市...要求 item 38 ...", "... 附件 2 四 (一)",
 * "... 四 (二) 可靠性". */
void clause_standard(const char *clause, char *out, size_t len)
{
	static const char *const marks[] = {" \xc2\xa7", " appendix ", " annex ", " item ",
	                                    " items ",   " table ",    " 附件 "};
	const char *end = zh_section(clause);
	for (size_t i = 0; i < sizeof marks / sizeof *marks; i++) {
		const char *m = strstr(clause, marks[i]);
		if (m && (!end || m < end))
			end = m;
	}
	/* "X §1; Y §2": the first document is the clause's own standard. */
	const char *semi = strchr(clause, ';');
	if (!end || (semi && semi < end))
		end = semi;
	snprintf(out, len, "%.*s", end ? (int)(end - clause) : (int)strlen(clause), clause);
}
