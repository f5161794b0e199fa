/* The plots of report.html, from measurements.csv and trace.log. */
#ifndef BENCH_PLOTS_H
#define BENCH_PLOTS_H

#include <stdio.h>

#include "bench/base/err.h"

/* Writes the "Plots" section: every measurement series (value over time with
 * its tolerance band), registration offsets as a scatter, and the APDU
 * latency histogram. */
int plots_write(FILE *f, const char *dir, struct err *e);

#endif
