/* IPP client for card printers (libcups): printer attributes, job
 * submission, job following and printer state reasons, each exchange with a
 * timeout. The Lua face of it is drivers/ipp.c. */
#ifndef DRIVERS_IPP_IO_H
#define DRIVERS_IPP_IO_H

#include <stddef.h>

#include "bench/base/base.h"

struct ipp_printer;

#define IPP_MAX_REASONS 16
#define IPP_MAX_TRAYS   8

struct ipp_tray {
	char name[64];
	int level, max; /* -2 unknown, -3 some present (PWG 5100.13) */
};

struct ipp_attrs {
	int dpi_max, dpi_min; /* printer-resolution-supported, cross-feed */
	char state[16];       /* idle, processing, stopped */
	char reasons[IPP_MAX_REASONS][64];
	int nreasons;
	struct ipp_tray trays[IPP_MAX_TRAYS];
	int ntrays;
	int color;
	char make_model[128];
};

struct ipp_job {
	int id;
	char name[128];
	char state[16]; /* pending .. completed, aborted, canceled */
	char reasons[IPP_MAX_REASONS][64];
	int nreasons;
	char message[256];
};

/* timeout: seconds for connecting and for each request. */
struct ipp_printer *ipp_open(const char *uri, double timeout, struct err *e);
void ipp_close(struct ipp_printer *p);

int ipp_attributes(struct ipp_printer *p, struct ipp_attrs *a, struct err *e);
/* sides: "one-sided"/"two-sided-long-edge"/NULL; format: MIME type or NULL
 * (guessed from the file name: .png, .pdf). */
int ipp_print(struct ipp_printer *p, const char *file, const char *job_name, const char *format,
              const char *sides, int copies, struct ipp_job *j, struct err *e);
/* Refreshes j's state and reasons. */
int ipp_job_update(struct ipp_printer *p, struct ipp_job *j, struct err *e);
/* Polls until the job ends or timeout seconds pass (then fails). */
int ipp_job_wait(struct ipp_printer *p, struct ipp_job *j, double timeout, struct err *e);
int ipp_job_done(const struct ipp_job *j);

#endif
