/* The Authorization header answering a 401's WWW-Authenticate challenge,
 * for the text protocols bench probes (RTSP/1.0, RFC 2326 §D.1; HTTP, RFC
 * 7235): Digest (RFC 7616: MD5, SHA-256 or SHA-512-256, each also "-sess";
 * qop "auth", "auth-int" or none, RFC 2069) where offered, else Basic (RFC
 * 7617). Header lines may end CRLF or a bare LF. */
#ifndef DRIVERS_AUTH_IO_H
#define DRIVERS_AUTH_IO_H

#include <stddef.h>

/* The request a login is for. nc counts the requests sent with this
 * challenge's nonce, from 1 (RFC 7616 §3.4: a server may refuse a count
 * seen before); cnonce NULL gives bench's own. */
struct auth_ask {
	const char *method, *uri, *user, *pass;
	unsigned nc;
	const char *cnonce;
};

/* From the whole 401 answer (its headers), the header line for the request,
 * "Authorization: ...\r\n", into out: 0, or -1 when the answer offers no
 * scheme and algorithm bench speaks (or out is too small). Of several
 * Digest challenges the first whose algorithm bench speaks (RFC 7616 §3.7:
 * the server lists them in its order of preference). */
int auth_header(const char *answer, const struct auth_ask *q, char *out, size_t len);

#endif
