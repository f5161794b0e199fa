/* IPP client for card printers (libcups): printer attributes, job
 * submission, job following and printer state reasons, each exchange with a
 * timeout. The Lua face of it is drivers/ipp.c. */
#ifndef DRIVERS_IPP_IO_H
#define DRIVERS_IPP_IO_H

#include <stddef.h>

#include "bench/base/base.h"
#include "bench/lib/printer/printer.h"

struct ipp_printer;

#define IPP_MAX_REASONS 16
#define IPP_MAX_TRAYS   8
#define IPP_MAX_RES     8
#define IPP_MAX_FORMATS 24

struct ipp_tray {
	char name[64];
	int level, max; /* -2 unknown, -3 some present (PWG 5100.13) */
};

/* One printer-resolution, in dpi (dots per cm converted): cross-feed (along
 * the head) and feed. */
struct ipp_res {
	int x, y;
	char text[32]; /* as advertised: 600x300dpi */
};

struct ipp_attrs {
	struct ipp_res res[IPP_MAX_RES]; /* printer-resolution-supported */
	int nres;
	int best;             /* index of the one whose poorer axis is finest, -1: none */
	char res_default[32]; /* printer-resolution-default as text, "" if none */
	char state[16];       /* idle, processing, stopped */
	char reasons[IPP_MAX_REASONS][64];
	int nreasons;
	struct ipp_tray trays[IPP_MAX_TRAYS];
	int ntrays;
	int color;               /* color-supported: 1, 0; -1 not given (RFC 8011: recommended) */
	char color_modes[8][64]; /* print-color-mode-supported (PWG 5100.13) */
	int ncolor_modes;
	char color_default[64]; /* print-color-mode-default, "" if not given */
	char sides[4][64];      /* sides-supported (RFC 8011 §5.2.8) */
	int nsides;
	char make_model[128];
	char formats[IPP_MAX_FORMATS][64]; /* document-format-supported */
	int nformats;
	/* Hoppers and rolls from printer-input-tray, printer-output-tray,
	 * printer-supply and marker-names/-types (pcap_read). */
	struct pcap cap[PCAP_N];
	long us; /* how long the Get-Printer-Attributes exchange took */
};

struct ipp_job {
	int id;
	char name[128];
	char state[16]; /* pending .. completed, aborted, canceled */
	char reasons[IPP_MAX_REASONS][64];
	int nreasons;
	char message[256];
	/* Job attributes the printer ignored or substituted at Print-Job
	 * (RFC 8011 §4.1.7: the unsupported-attributes group), comma-separated;
	 * "" when it took them all. */
	char ignored[256];
};

/* One Print-Job's options: NULL (0 copies) for the printer's default.
 * format: MIME type, else guessed from the file name (.png, .pdf); sides:
 * "one-sided"/"two-sided-long-edge"; color_mode: a print-color-mode
 * keyword ("color", "monochrome", ...). */
struct ipp_print_opts {
	const char *format, *sides, *color_mode;
	int res_x, res_y, res_per_cm; /* printer-resolution to ask (ipp_res_parse's); 0: none */
	int copies;
};

/* A resolution as IPP writes it (600dpi, 600x300dpi, 236dpcm: cross-feed
 * x feed): 0 and its numbers and unit (per cm: 1), or -1. */
int ipp_res_parse(const char *text, int *x, int *y, int *per_cm);

/* timeout: seconds for connecting and for each request. */
struct ipp_printer *ipp_open(const char *uri, double timeout, struct err *e);
void ipp_close(struct ipp_printer *p);

int ipp_attributes(struct ipp_printer *p, struct ipp_attrs *a, struct err *e);
/* Print-Job of file as job_name with o. A busy printer is asked again for
 * up to busy_wait seconds. 0, -1 with e, or 1 with e when the printer was
 * still busy. */
int ipp_print(struct ipp_printer *p, const char *file, const char *job_name,
              const struct ipp_print_opts *o, double busy_wait, struct ipp_job *j, struct err *e);
/* The document to send for file (its format, or the one its name says)
 * to a printer taking formats[0..n) (n 0: unknown, sent as it is): the
 * file, or a PNG converted to PWG raster (written into dir, the scan
 * directory, as <file's name>.pwg) where the printer takes PWG raster but
 * not PNG. Sets *path and *format; -1 with e naming the formats where it
 * takes neither. */
const char *ipp_guess_format(const char *file);
int ipp_doc(const char (*formats)[64], int n, const char *file, const char *format, const char *dir,
            char *path, size_t cap, const char **out_format, struct err *e);
/* Refreshes j's state and reasons (and its name, where j has none yet: a
 * job known by its id only). A job the printer no longer knows
 * (client-error-not-found: RFC 8011 lets it drop an ended job) becomes
 * "purged": ended, how unknown. */
int ipp_job_update(struct ipp_printer *p, struct ipp_job *j, struct err *e);
/* completed, aborted, canceled or purged. */
int ipp_job_done(const struct ipp_job *j);
/* Cancel-Job; a printer may finish the card in hand first. 0 asked; 1 the
 * job had ended before the printer took the request (RFC 8011 §4.3.3:
 * client-error-not-possible for a completed, aborted or canceled job, or
 * not-found for one it dropped; its state re-read into j); -1 with e. */
int ipp_cancel(struct ipp_printer *p, struct ipp_job *j, struct err *e);

/* Following a job: the printer is read at every poll too, so a state
 * reason that comes and goes while the job runs (a ribbon break spliced
 * before the card is done) is still seen. */
struct ipp_watch {
	char seen[2 * IPP_MAX_REASONS][64]; /* printer reasons seen at any poll */
	int nseen;
	struct ipp_attrs now; /* the printer at the last poll */
	/* Called with the printer at every poll (the driver traces changes). */
	void (*on_attrs)(void *arg, const struct ipp_attrs *a);
	void *arg;
};
/* Polls job and printer until the job ends (0) or timeout seconds pass
 * (1: j and w->now say where it stood); -1 on an IPP error. */
int ipp_job_watch(struct ipp_printer *p, struct ipp_job *j, double timeout, struct ipp_watch *w,
                  struct err *e);

/* The run's ledger in the scan folder, <dir>/bench-<run id>.jobs: every job
 * name the run reserved and every scan it took, with its SHA-256. Job names
 * stay unique across the suite files of a run and across `bench resume`,
 * and a scan identical to an earlier one is caught. Lines are appended
 * under flock, so roles sharing a scanner share it. */
struct ipp_ledger {
	char path[4300], dir[4096], run[64];
};
int ipp_ledger_open(struct ipp_ledger *l, const char *dir, const char *run_id, struct err *e);
/* The next name, bench-<run id>-<n>: n above every name in the ledger, and
 * no file of that name in the folder yet. */
int ipp_ledger_name(struct ipp_ledger *l, char *name, size_t cap, struct err *e);
/* Whether the ledger reserved name and no job printed it yet; marks it
 * printed (1 yes, 0 no). */
int ipp_ledger_use(struct ipp_ledger *l, const char *name, struct err *e);
/* Records the scan of name; 1 when its hash equals an earlier scan's (whose
 * job name goes to dup), 0 when new. */
int ipp_ledger_scan(struct ipp_ledger *l, const char *name, const char *sha256, char *dup,
                    size_t cap, struct err *e);
/* Waits up to timeout s for <dir>/<name>.png to appear and then hold its
 * size for settle s (a scanner writes its file as it goes). */
int ipp_scan_wait(const char *dir, const char *name, double timeout, double settle, char *path,
                  size_t cap, struct err *e);

#endif
