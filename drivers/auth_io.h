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
 * seen before); cnonce NULL gives bench's own. nonce is set to the nonce
 * the header answers ("": Basic), so that the caller can tell a new one. */
struct auth_ask {
	const char *method, *uri, *user, *pass;
	unsigned nc;
	const char *cnonce;
	char nonce[256];
};

/* From the whole 401 answer (its headers), the header line for the request,
 * "Authorization: ...\r\n", into out: 0, or -1 when the answer offers no
 * scheme and algorithm bench speaks (or out is too small). The challenges
 * may come in several fields or several to a field (RFC 9110 §11.6.1); of
 * the Digest ones the first whose algorithm bench speaks and whose
 * parameters it can use (RFC 7616 §3.7: the server lists them in its order
 * of preference), else Basic. */
int auth_header(const char *answer, struct auth_ask *q, char *out, size_t len);

#endif
