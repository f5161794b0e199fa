#include "ipp_io.h"

#include <cups/cups.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct ipp_printer {
	http_t *http;
	char uri[1024], resource[1024];
	double timeout;
};

static double now(void)
{
	return (double)mono_us() / 1e6;
}

static void nap_ms(long ms)
{
	struct timespec ts = {0, ms * 1000 * 1000};
	nanosleep(&ts, NULL);
}

struct ipp_printer *ipp_open(const char *uri, double timeout, struct err *e)
{
	char scheme[32], user[256], host[256], res[1024];
	int port;
	if (httpSeparateURI(HTTP_URI_CODING_ALL, uri, scheme, sizeof scheme, user, sizeof user,
	                    host, sizeof host, &port, res, sizeof res) < HTTP_URI_STATUS_OK ||
	    (strcmp(scheme, "ipp") && strcmp(scheme, "ipps"))) {
		err_set(e, EXIT_USAGE, "printer uri '%s' is not an ipp:// or ipps:// URI", uri);
		return NULL;
	}
	struct ipp_printer *p = calloc(1, sizeof *p);
	if (!p) {
		err_set(e, EXIT_BAIL, "out of memory");
		return NULL;
	}
	p->timeout = timeout > 0 ? timeout : 10;
	snprintf(p->uri, sizeof p->uri, "%s", uri);
	snprintf(p->resource, sizeof p->resource, "%s", res);
	p->http = httpConnect2(host, port, NULL, AF_UNSPEC,
	                       strcmp(scheme, "ipps") ? HTTP_ENCRYPTION_IF_REQUESTED
	                                              : HTTP_ENCRYPTION_ALWAYS,
	                       1, (int)(p->timeout * 1000), NULL);
	if (!p->http) {
		err_set(e, EXIT_BAIL, "printer %s: cannot connect within %.0f s: %s", uri,
		        p->timeout, cupsLastErrorString());
		free(p);
		return NULL;
	}
	httpSetTimeout(p->http, p->timeout, NULL, NULL);
	return p;
}

void ipp_close(struct ipp_printer *p)
{
	if (!p)
		return;
	httpClose(p->http);
	free(p);
}

static ipp_t *request(struct ipp_printer *p, ipp_op_t op)
{
	ipp_t *r = ippNewRequest(op);
	ippAddString(r, IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", NULL, p->uri);
	ippAddString(r, IPP_TAG_OPERATION, IPP_TAG_NAME, "requesting-user-name", NULL, "bench");
	return r;
}

/* Sends r (consumed); fails on transport errors and IPP error statuses. */
static ipp_t *exchange(struct ipp_printer *p, ipp_t *r, const char *file, const char *what,
                       struct err *e)
{
	ipp_t *resp = file ? cupsDoFileRequest(p->http, r, p->resource, file)
	                   : cupsDoRequest(p->http, r, p->resource);
	if (!resp || cupsLastError() > IPP_STATUS_OK_CONFLICTING) {
		err_set(e, EXIT_BAIL, "printer %s: %s failed: %s", p->uri, what,
		        cupsLastErrorString());
		ippDelete(resp);
		return NULL;
	}
	return resp;
}

static int keywords(ipp_attribute_t *a, char out[][64], int max)
{
	int n = 0;
	for (int i = 0; a && i < ippGetCount(a) && n < max; i++) {
		const char *s = ippGetString(a, i, NULL);
		if (s && strcmp(s, "none") != 0)
			snprintf(out[n++], 64, "%s", s);
	}
	return n;
}

static const char *pstate_name(int s)
{
	return s == IPP_PSTATE_IDLE         ? "idle"
	       : s == IPP_PSTATE_PROCESSING ? "processing"
	                                    : "stopped";
}

/* printer-input-tray: "type=...;level=N;maxcapacity=N;name=X" octet strings. */
static void parse_tray(const char *s, int len, struct ipp_tray *t)
{
	char buf[512], *tok, *save = NULL;
	snprintf(buf, sizeof buf, "%.*s", len, s);
	t->level = t->max = -2;
	snprintf(t->name, sizeof t->name, "?");
	for (tok = strtok_r(buf, ";", &save); tok; tok = strtok_r(NULL, ";", &save)) {
		if (strncmp(tok, "level=", 6) == 0)
			t->level = atoi(tok + 6);
		else if (strncmp(tok, "maxcapacity=", 12) == 0)
			t->max = atoi(tok + 12);
		else if (strncmp(tok, "name=", 5) == 0)
			snprintf(t->name, sizeof t->name, "%s", tok + 5);
	}
}

int ipp_res_parse(const char *text, int *x, int *y, int *per_cm)
{
	char *end;
	long a = strtol(text, &end, 10), b = a;
	if (end == text || a <= 0 || a > 100000)
		return -1;
	if (*end == 'x') {
		const char *f = end + 1;
		b = strtol(f, &end, 10);
		if (end == f || b <= 0 || b > 100000)
			return -1;
	}
	if (strcmp(end, "dpi") && strcmp(end, "dpcm"))
		return -1;
	*x = (int)a, *y = (int)b, *per_cm = !strcmp(end, "dpcm");
	return 0;
}

/* Value i of a resolution attribute as IPP writes it; its numbers. */
static void res_text(ipp_attribute_t *at, int i, struct ipp_res *r, ipp_res_t *u)
{
	r->x = ippGetResolution(at, i, &r->y, u);
	const char *unit = *u == IPP_RES_PER_CM ? "dpcm" : "dpi";
	if (r->x == r->y)
		snprintf(r->text, sizeof r->text, "%d%s", r->x, unit);
	else
		snprintf(r->text, sizeof r->text, "%dx%d%s", r->x, r->y, unit);
}

/* The finest whole dpi a dpcm value can stand for: dpcm is dpi rounded, so
 * a 600 dpi printer says 236dpcm (599.4 dpi), which 600 dpi must not fail;
 * its printed line pairs show what it really prints. */
static int dpi_of_dpcm(int dpcm)
{
	return (int)floor((dpcm + 0.5) * 2.54 - 1e-9);
}

/* Both axes of every resolution: a 600x300dpi printer prints 300 dpi along
 * the feed, so the one to judge is the finest poorer axis. */
static void resolutions(ipp_attribute_t *at, struct ipp_attrs *a)
{
	a->best = -1;
	for (int i = 0; at && i < ippGetCount(at) && a->nres < IPP_MAX_RES; i++) {
		struct ipp_res *r = &a->res[a->nres];
		ipp_res_t u;
		res_text(at, i, r, &u);
		if (u == IPP_RES_PER_CM)
			r->x = dpi_of_dpcm(r->x), r->y = dpi_of_dpcm(r->y);
		int poorer = r->x < r->y ? r->x : r->y, best = 0;
		if (a->best >= 0)
			best = a->res[a->best].x < a->res[a->best].y ? a->res[a->best].x
			                                             : a->res[a->best].y;
		if (poorer > best)
			a->best = a->nres;
		a->nres++;
	}
}

/* Values of attribute name as texts (octetString records or keywords and
 * names: vendors use either); they point into resp. */
static int texts(ipp_t *resp, const char *name, struct pcap_text *out, int max)
{
	ipp_attribute_t *at = ippFindAttribute(resp, name, IPP_TAG_ZERO);
	int n = 0;
	for (int i = 0; at && i < ippGetCount(at) && n < max; i++) {
		int len = 0;
		const char *s = ippGetValueTag(at) == IPP_TAG_STRING
		                    ? ippGetOctetString(at, i, &len)
		                    : ippGetString(at, i, NULL);
		if (s)
			out[n++] = (struct pcap_text){
			    s, ippGetValueTag(at) == IPP_TAG_STRING ? (size_t)len : strlen(s)};
	}
	return n;
}

static void capacities(ipp_t *resp, struct ipp_attrs *a)
{
	struct pcap_attrs c = {0};
	c.ninput = texts(resp, "printer-input-tray", c.input, PCAP_MAX);
	c.noutput = texts(resp, "printer-output-tray", c.output, PCAP_MAX);
	c.nsupply = texts(resp, "printer-supply", c.supply, PCAP_MAX);
	c.nmarker = texts(resp, "marker-names", c.marker_name, PCAP_MAX);
	/* marker-types pair with marker-names by index; a missing one is "". */
	for (int i = texts(resp, "marker-types", c.marker_type, PCAP_MAX); i < c.nmarker; i++)
		c.marker_type[i] = (struct pcap_text){"", 0};
	pcap_read(&c, a->cap);
}

int ipp_attributes(struct ipp_printer *p, struct ipp_attrs *a, struct err *e)
{
	ipp_attribute_t *at;
	double t0 = now();
	memset(a, 0, sizeof *a);
	ipp_t *resp = exchange(p, request(p, IPP_OP_GET_PRINTER_ATTRIBUTES), NULL,
	                       "Get-Printer-Attributes", e);
	if (!resp)
		return -1;
	a->us = (long)((now() - t0) * 1e6);
	resolutions(ippFindAttribute(resp, "printer-resolution-supported", IPP_TAG_RESOLUTION), a);
	if ((at = ippFindAttribute(resp, "printer-resolution-default", IPP_TAG_RESOLUTION))) {
		struct ipp_res r;
		ipp_res_t u;
		res_text(at, 0, &r, &u);
		snprintf(a->res_default, sizeof a->res_default, "%s", r.text);
	}
	if ((at = ippFindAttribute(resp, "printer-state", IPP_TAG_ENUM)))
		snprintf(a->state, sizeof a->state, "%s", pstate_name(ippGetInteger(at, 0)));
	a->nreasons = keywords(ippFindAttribute(resp, "printer-state-reasons", IPP_TAG_KEYWORD),
	                       a->reasons, IPP_MAX_REASONS);
	if ((at = ippFindAttribute(resp, "printer-input-tray", IPP_TAG_STRING)))
		for (int i = 0; i < ippGetCount(at) && a->ntrays < IPP_MAX_TRAYS; i++) {
			int len = 0;
			const char *s = ippGetOctetString(at, i, &len);
			if (s)
				parse_tray(s, len, &a->trays[a->ntrays++]);
		}
	at = ippFindAttribute(resp, "color-supported", IPP_TAG_BOOLEAN);
	a->color = at ? ippGetBoolean(at, 0) : -1;
	a->ncolor_modes =
	    keywords(ippFindAttribute(resp, "print-color-mode-supported", IPP_TAG_KEYWORD),
	             a->color_modes, (int)(sizeof a->color_modes / sizeof a->color_modes[0]));
	if ((at = ippFindAttribute(resp, "print-color-mode-default", IPP_TAG_KEYWORD)))
		snprintf(a->color_default, sizeof a->color_default, "%s",
		         ippGetString(at, 0, NULL));
	a->nsides = keywords(ippFindAttribute(resp, "sides-supported", IPP_TAG_KEYWORD), a->sides,
	                     (int)(sizeof a->sides / sizeof a->sides[0]));
	a->nformats =
	    keywords(ippFindAttribute(resp, "document-format-supported", IPP_TAG_MIMETYPE),
	             a->formats, IPP_MAX_FORMATS);
	if ((at = ippFindAttribute(resp, "printer-make-and-model", IPP_TAG_TEXT)))
		snprintf(a->make_model, sizeof a->make_model, "%s", ippGetString(at, 0, NULL));
	capacities(resp, a);
	ippDelete(resp);
	return 0;
}

const char *ipp_guess_format(const char *file)
{
	const char *dot = strrchr(file, '.');
	if (dot && strcasecmp(dot, ".png") == 0)
		return "image/png";
	if (dot && strcasecmp(dot, ".pdf") == 0)
		return "application/pdf";
	if (dot && strcasecmp(dot, ".pwg") == 0)
		return "image/pwg-raster";
	return "application/octet-stream";
}

static ipp_t *print_request(struct ipp_printer *p, const char *file, const char *job_name,
                            const struct ipp_print_opts *o)
{
	ipp_t *r = request(p, IPP_OP_PRINT_JOB);
	ippAddString(r, IPP_TAG_OPERATION, IPP_TAG_NAME, "job-name", NULL, job_name);
	ippAddString(r, IPP_TAG_OPERATION, IPP_TAG_MIMETYPE, "document-format", NULL,
	             o->format ? o->format : ipp_guess_format(file));
	if (o->sides)
		ippAddString(r, IPP_TAG_JOB, IPP_TAG_KEYWORD, "sides", NULL, o->sides);
	if (o->color_mode)
		ippAddString(r, IPP_TAG_JOB, IPP_TAG_KEYWORD, "print-color-mode", NULL,
		             o->color_mode);
	if (o->copies > 1)
		ippAddInteger(r, IPP_TAG_JOB, IPP_TAG_INTEGER, "copies", o->copies);
	if (o->res_x > 0)
		ippAddResolution(r, IPP_TAG_JOB, "printer-resolution",
		                 o->res_per_cm ? IPP_RES_PER_CM : IPP_RES_PER_INCH, o->res_x,
		                 o->res_y);
	return r;
}

/* The names in the answer's unsupported-attributes group, comma-separated. */
static void ignored_attrs(ipp_t *resp, char *out, size_t cap)
{
	size_t n = 0;
	out[0] = '\0';
	for (ipp_attribute_t *at = ippFirstAttribute(resp); at; at = ippNextAttribute(resp))
		if (ippGetGroupTag(at) == IPP_TAG_UNSUPPORTED_GROUP && ippGetName(at) && n < cap)
			n += (size_t)snprintf(out + n, cap - n, "%s%s", n ? "," : "",
			                      ippGetName(at));
}

int ipp_print(struct ipp_printer *p, const char *file, const char *job_name,
              const struct ipp_print_opts *o, double busy_wait, struct ipp_job *j, struct err *e)
{
	FILE *f = fopen(file, "rb");
	memset(j, 0, sizeof *j);
	if (!f)
		return err_set(e, EXIT_USAGE, "print: cannot read %s", file);
	fclose(f);
	/* A printer that holds one job at a time answers server-error-busy
	 * (RFC 8011 §4.1.3: try again later) until the card in hand is out. */
	double end = now() + busy_wait;
	ipp_t *resp;
	while (!(resp = exchange(p, print_request(p, file, job_name, o), file, "Print-Job", e)) &&
	       cupsLastError() == IPP_STATUS_ERROR_BUSY && now() < end)
		nap_ms(10);
	if (!resp)
		return cupsLastError() == IPP_STATUS_ERROR_BUSY ? 1 : -1;
	ipp_attribute_t *at = ippFindAttribute(resp, "job-id", IPP_TAG_INTEGER);
	j->id = at ? ippGetInteger(at, 0) : 0;
	snprintf(j->name, sizeof j->name, "%s", job_name);
	snprintf(j->state, sizeof j->state, "pending");
	ignored_attrs(resp, j->ignored, sizeof j->ignored);
	ippDelete(resp);
	if (j->id <= 0)
		return err_set(e, EXIT_BAIL, "printer %s: Print-Job answer has no job-id", p->uri);
	return 0;
}

static const char *jstate_name(int s)
{
	static const char *n[] = {"pending",  "held",    "processing", "stopped",
	                          "canceled", "aborted", "completed"};
	return s >= IPP_JSTATE_PENDING && s <= IPP_JSTATE_COMPLETED ? n[s - IPP_JSTATE_PENDING]
	                                                            : "unknown";
}

int ipp_job_update(struct ipp_printer *p, struct ipp_job *j, struct err *e)
{
	ipp_t *r = request(p, IPP_OP_GET_JOB_ATTRIBUTES);
	ippAddInteger(r, IPP_TAG_OPERATION, IPP_TAG_INTEGER, "job-id", j->id);
	ipp_t *resp = exchange(p, r, NULL, "Get-Job-Attributes", e);
	if (!resp && cupsLastError() == IPP_STATUS_ERROR_NOT_FOUND) {
		/* RFC 8011 lets a printer drop an ended job at once: it ended, how
		 * is unknown ("purged"; the suites cannot decide the card). */
		snprintf(j->state, sizeof j->state, "purged");
		j->nreasons = 0;
		snprintf(j->message, sizeof j->message,
		         "the printer no longer knows job %d (RFC 8011 lets it drop an ended job): "
		         "how it ended is unknown",
		         j->id);
		if (e)
			*e = (struct err){0};
		return 0;
	}
	if (!resp)
		return -1;
	ipp_attribute_t *at = ippFindAttribute(resp, "job-state", IPP_TAG_ENUM);
	snprintf(j->state, sizeof j->state, "%s", jstate_name(at ? ippGetInteger(at, 0) : 0));
	j->nreasons = keywords(ippFindAttribute(resp, "job-state-reasons", IPP_TAG_KEYWORD),
	                       j->reasons, IPP_MAX_REASONS);
	at = ippFindAttribute(resp, "job-state-message", IPP_TAG_TEXT);
	snprintf(j->message, sizeof j->message, "%s", at ? ippGetString(at, 0, NULL) : "");
	at = ippFindAttribute(resp, "job-name", IPP_TAG_ZERO);
	if (!j->name[0] && at) /* a job looked up by its id only (printer:job) */
		snprintf(j->name, sizeof j->name, "%s", ippGetString(at, 0, NULL));
	ippDelete(resp);
	return 0;
}

int ipp_job_done(const struct ipp_job *j)
{
	return !strcmp(j->state, "completed") || !strcmp(j->state, "aborted") ||
	       !strcmp(j->state, "canceled") || !strcmp(j->state, "purged");
}

int ipp_cancel(struct ipp_printer *p, struct ipp_job *j, struct err *e)
{
	ipp_t *r = request(p, IPP_OP_CANCEL_JOB);
	ippAddInteger(r, IPP_TAG_OPERATION, IPP_TAG_INTEGER, "job-id", j->id);
	ipp_t *resp = exchange(p, r, NULL, "Cancel-Job", e);
	ippDelete(resp);
	if (resp)
		return 0;
	/* The job ended between the last look and the cancel: no error. */
	struct err ue = {0};
	ipp_status_t st = cupsLastError();
	if ((st == IPP_STATUS_ERROR_NOT_POSSIBLE || st == IPP_STATUS_ERROR_NOT_FOUND) &&
	    ipp_job_update(p, j, &ue) == 0 && ipp_job_done(j))
		return 1;
	return -1;
}

static void remember(struct ipp_watch *w, const struct ipp_attrs *a)
{
	for (int i = 0; i < a->nreasons; i++) {
		int k = 0;
		while (k < w->nseen && strcmp(w->seen[k], a->reasons[i]))
			k++;
		if (k == w->nseen && w->nseen < (int)(sizeof w->seen / sizeof w->seen[0]))
			snprintf(w->seen[w->nseen++], sizeof w->seen[0], "%s", a->reasons[i]);
	}
}

int ipp_job_watch(struct ipp_printer *p, struct ipp_job *j, double timeout, struct ipp_watch *w,
                  struct err *e)
{
	double end = now() + timeout;
	for (;;) {
		if (ipp_job_update(p, j, e) != 0 || ipp_attributes(p, &w->now, e) != 0)
			return -1;
		remember(w, &w->now);
		if (w->on_attrs)
			w->on_attrs(w->arg, &w->now);
		if (ipp_job_done(j))
			return 0;
		if (now() >= end)
			return 1;
		nap_ms(10);
	}
}
