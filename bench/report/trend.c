/* A trend across runs for the run history's index.html (bench/history):
 * the report's own line plot, so both pages draw alike. */
#include "report.h"

#include "internal.h"

void report_trend(FILE *f, const struct trend *t, const double *x, const double *y, size_t n)
{
	struct plot p = {.title = t->title,
	                 .xlabel = t->xlabel,
	                 .ylabel = t->ylabel,
	                 .lo = t->lo,
	                 .hi = t->hi,
	                 .has_lo = t->has_lo,
	                 .has_hi = t->has_hi};
	svg_line(f, &p, x, y, n);
}
