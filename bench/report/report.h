/* The reports built from a run directory: junit.xml, report.html, and the
 * manifest over every file (signed when the station names a lab key). */
#ifndef BENCH_REPORT_H
#define BENCH_REPORT_H

#include <stdio.h>

#include "bench/base/err.h"

struct runinfo;

/* Writes junit.xml, report.html and manifest.json(+.sig) in dir. lab_key:
 * PEM private key path, or NULL for an unsigned manifest. */
int report_write(const char *dir, const char *lab_key, struct err *e);

int junit_write(const struct runinfo *ri, FILE *journal, const char *jpath, FILE *out,
                struct err *e);
int html_write(const struct runinfo *ri, FILE *journal, const char *jpath, FILE *out,
               struct err *e);


#endif
