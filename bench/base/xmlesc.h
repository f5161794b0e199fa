/* Text for XML and HTML: markup characters escaped, and bytes XML 1.0 forbids
 * (control characters) replaced, so a device's garbage cannot break a report. */
#ifndef BENCH_XMLESC_H
#define BENCH_XMLESC_H

#include <stdio.h>

void xml_put(FILE *f, const char *s);
void xml_putn(FILE *f, const char *s, size_t n);

#endif
