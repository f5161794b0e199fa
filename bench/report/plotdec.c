/* Min/max decimation: a plot has PLOT_COLS pixel columns, so of the points
 * falling into one column only the lowest and the highest can be seen. */
#include "internal.h"

#include <stdint.h>
#include <stdlib.h>

static int column(double x, double x0, double x1, int cols)
{
	int c = (int)((x - x0) / (x1 - x0) * cols);
	return c < 0 ? 0 : c >= cols ? cols - 1 : c;
}

size_t decimate(const double *x, const double *y, size_t n, double x0, double x1, int cols,
                size_t *keep)
{
	size_t *lo = malloc((size_t)cols * sizeof *lo), *hi = malloc((size_t)cols * sizeof *hi);
	size_t m = 0;
	if (!lo || !hi) { /* every n-th point: a plot still, if a coarser one */
		for (size_t i = 0; i < n && m < 2 * (size_t)cols; i += n / (2 * (size_t)cols) + 1)
			keep[m++] = i;
		free(lo);
		free(hi);
		return m;
	}
	for (int c = 0; c < cols; c++)
		lo[c] = hi[c] = SIZE_MAX;
	for (size_t i = 0; i < n; i++) {
		/* no x: the sample number, 1-based, is the x */
		int c = column(x ? x[i] : (double)(i + 1), x0, x1, cols);
		if (lo[c] == SIZE_MAX || y[i] < y[lo[c]])
			lo[c] = i;
		if (hi[c] == SIZE_MAX || y[i] > y[hi[c]])
			hi[c] = i;
	}
	for (int c = 0; c < cols; c++) {
		if (lo[c] == SIZE_MAX)
			continue;
		size_t a = lo[c] < hi[c] ? lo[c] : hi[c], b = lo[c] < hi[c] ? hi[c] : lo[c];
		keep[m++] = a;
		if (b != a)
			keep[m++] = b;
	}
	free(lo);
	free(hi);
	return m;
}
