/* The clause verdict the index records: the report's (bench/report
 * clauses.c), from how many of the clause's points had each outcome. */
#include "bench/report/report.h"
#include "history.h"

const char *history_clause_verdict(int pass, int fail, int skip, int inconclusive)
{
	size_t seen[POINT_NOUTCOMES] = {0};
	seen[POINT_PASS] = (size_t)pass;
	seen[POINT_FAIL] = (size_t)fail;
	seen[POINT_SKIP] = (size_t)skip;
	seen[POINT_INCONCLUSIVE] = (size_t)inconclusive;
	return clause_state_name(clause_verdict(seen));
}
