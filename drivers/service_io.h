/* A DUT's network service, asked whether it answers: an IP camera's RTSP
 * stream (DESCRIBE: its SDP must describe a video stream) or a device's
 * HTTP interface (GET). Apart from Lua so it can be tested alone. */
#ifndef DRIVERS_SERVICE_IO_H
#define DRIVERS_SERVICE_IO_H

#include "bench/base/base.h"

enum service_proto { SERVICE_HTTP, SERVICE_RTSP };

struct service {
	enum service_proto proto;
	char url[512]; /* rtsp://HOST[:PORT]/PATH or http://HOST[:PORT]/PATH */
	char host[256], port[16];
	char path[512];
	int timeout_ms;
};

/* What the service answered: its status line's code and text; for RTSP
 * 200, whether the SDP has a video media line (m=video). */
struct service_answer {
	int status;
	int video;
	char line[160];
};

/* Fills s from the URL (its scheme names the protocol); EXIT_USAGE when it
 * is neither rtsp:// nor http:// with a host. */
int service_init(struct service *s, const char *url, int timeout_ms, struct err *e);
/* One request on a fresh connection, every step within s->timeout_ms: 0
 * with the answer (any status: what it means is the suite's), -1 when
 * nothing of the protocol came back (no connection, no answer, another
 * protocol's bytes). */
int service_probe(const struct service *s, struct service_answer *a, struct err *e);

#endif
