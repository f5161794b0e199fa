/* The Authorization header answering a 401's WWW-Authenticate challenge,
 * for the text protocols bench probes (RTSP/1.0, RFC 2326 §D.1; HTTP, RFC
 * 7235): Digest (RFC 7616 with MD5, as cameras speak it: qop "auth" or none,
 * RFC 2069) where offered, else Basic (RFC 7617). */
#ifndef DRIVERS_AUTH_IO_H
#define DRIVERS_AUTH_IO_H

#include <stddef.h>

/* From the whole 401 answer (its headers), the header line for a request
 * of method on uri, "Authorization: ...\r\n", into out: 0, or -1 when the
 * answer offers neither scheme (or out is too small). */
int auth_header(const char *answer, const char *method, const char *uri, const char *user,
                const char *pass, char *out, size_t len);

#endif
