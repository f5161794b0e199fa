/* One row of measurements.csv split into its fields (RFC 4180 quoting). */
#ifndef BENCH_CSVROW_H
#define BENCH_CSVROW_H

#include <stddef.h>

enum { CSV_TEST, CSV_NAME, CSV_VALUE, CSV_UNIT, CSV_MIN, CSV_MAX, CSV_VERDICT, CSV_TIME, CSV_N };

/* Splits the row starting at *p (advanced past its line end) into f[],
 * unquoting into buf. Returns the number of fields, 0 at the end. */
int csv_row(const char **p, char *buf, size_t len, const char *f[CSV_N]);

#endif
