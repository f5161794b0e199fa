/* A host name looked up within a time limit. getaddrinfo(3) itself waits
 * as long as the system's resolver lets it (seconds per name server and
 * try, more with several), so a station naming a device by a host name
 * whose DNS does not answer would stall a probe past its timeout_ms. No
 * Lua, so it is tested alone. */
#ifndef DRIVERS_RESOLVE_H
#define DRIVERS_RESOLVE_H

#include <netdb.h>

#include "bench/base/base.h"

/* The addresses of host:port for socktype (SOCK_STREAM, SOCK_DGRAM) into
 * *ai (freeaddrinfo them): 0; or -1 with e, EXIT_USAGE for a name that
 * does not resolve, EXIT_BAIL for no answer within ms or a name server's
 * error (EAI_AGAIN, EAI_FAIL). A numeric address is taken at once; a name
 * is looked up on a thread of its own, which a lookup that outlives ms
 * leaves to end (and free what it holds) alone: behind a silent name
 * server each such thread lives out the resolver's own tries (seconds). */
int resolve(const char *host, const char *port, int socktype, int ms, struct addrinfo **ai,
            struct err *e);

#endif
