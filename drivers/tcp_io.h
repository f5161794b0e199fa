/* One text request and its answer over a fresh TCP connection, a timeout
 * on every step: what the HTTP/1.0 of a power switch and the RTSP/1.0 or
 * HTTP of a DUT's network service share. No Lua, so it is tested alone. */
#ifndef DRIVERS_TCP_IO_H
#define DRIVERS_TCP_IO_H

#include <stddef.h>

#include "bench/base/base.h"

/* Splits SCHEME://HOST[:PORT]/PATH (port defport when absent; path "/"
 * when empty): 0, or -1 when it is not of that form. */
int url_split(const char *url, const char *scheme, const char *defport, char *host, size_t hl,
              char *port, size_t pl, const char **path);

/* Connects to host:port within ms: the socket (non-blocking), or -1 with
 * e (EXIT_USAGE for a host that does not resolve, else EXIT_BAIL). */
int tcp_connect(const char *host, const char *port, int ms, struct err *e);
/* poll(2) of ev on fd for up to ms, again after a signal: 1 ready, 0 not
 * within ms, -1 failed (errno). */
int tcp_poll(int fd, short ev, int ms);
/* Waits up to ms for ev (POLLIN, POLLOUT) on fd: 0, or -1 with e naming
 * what was waited for. */
int tcp_wait(int fd, short ev, int ms, const char *what, struct err *e);
/* Sends all n bytes, each wait within ms: 0, or -1 with e. */
int tcp_send(int fd, const char *buf, size_t n, int ms, struct err *e);
/* The length of the whole text message (headers, and the Content-Length
 * bytes after them) at the start of buf's have bytes, or 0 while it is
 * not all there. Lines may end in CRLF or a bare LF (RFC 2326 §4). */
size_t tcp_message_len(const char *buf, size_t have);
/* Where the body starts (after the first empty line), or NULL. */
const char *tcp_body(const char *buf, size_t have);
/* The next header line named name (any case, then ':') in the message
 * buf[0, have) after the line holding from (NULL: from the first line):
 * its value, the blanks before it skipped, and its length to the line's
 * end in *n; or NULL. The headers end at the first empty line, or at have
 * while it has not come. */
const char *tcp_header(const char *buf, size_t have, const char *name, const char *from, size_t *n);

/* Connects to host:port, sends req and reads the answer into ans (NUL
 * ended): until the server closes (close_ends: HTTP/1.0) or the
 * Content-Length bytes after the headers have come, else until the end of
 * the headers and those bytes (RTSP keeps the connection). Every step, and
 * the whole answer, within ms. 0; -1 with e: EXIT_USAGE for a
 * host that does not resolve, EXIT_BAIL for no connection or no answer. */
int tcp_request(const char *host, const char *port, const char *req, size_t n, char *ans,
                size_t alen, int ms, int close_ends, struct err *e);

#endif
