/* A network power switch port as labgrid's NetworkPowerPort describes it
 * (models `rest` and `simplerest`), spoken over plain HTTP/1.0 with a
 * timeout on every step; apart from Lua so it can be tested alone. */
#ifndef DRIVERS_NETPOWER_IO_H
#define DRIVERS_NETPOWER_IO_H

#include <stddef.h>

#include "bench/base/base.h"

enum netpower_model { NETPOWER_REST, NETPOWER_SIMPLEREST };

struct netpower {
	enum netpower_model model;
	char url[512]; /* labgrid's `host`: http://HOST[:PORT]/PATH with {index}, {value} */
	int index;
	int timeout_ms;
};

/* Fills p; checks the model name and that url is http:// with a host. */
int netpower_init(struct netpower *p, const char *model, const char *url, int index, int timeout_ms,
                  struct err *e);
/* Switches the port. Any answer but HTTP 2xx is an error. */
int netpower_set(const struct netpower *p, int on, struct err *e);
/* Reads the port: the switch must answer "1" (on) or "0" (off). */
int netpower_get(const struct netpower *p, int *on, struct err *e);
/* The URL for a value ('0', '1', or "" to read), {index} and {value}
 * replaced, as labgrid's backends format it. */
int netpower_url(const struct netpower *p, const char *value, char *out, size_t len);

#endif
