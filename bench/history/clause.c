/* The clause verdict the index records. Kept alone so that the report's
 * clause verdicts (bench/report) can take its place. */
#include "history.h"

const char *history_clause_verdict(int pass, int fail)
{
	if (fail)
		return "fail";
	return pass ? "pass" : "not tested";
}
