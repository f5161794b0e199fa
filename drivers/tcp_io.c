/* A text request over TCP (see tcp_io.h). */
#include "tcp_io.h"

#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include "resolve.h"

int url_split(const char *url, const char *scheme, const char *defport, char *host, size_t hl,
              char *port, size_t pl, const char **path)
{
	size_t sl = strlen(scheme);
	if (strncmp(url, scheme, sl) != 0 || strncmp(url + sl, "://", 3) != 0)
		return -1;
	const char *h = url + sl + 3, *end = h + strcspn(h, "/"), *colon = memchr(h, ':', end - h);
	const char *hend = colon ? colon : end;
	if (hend == h || (size_t)(hend - h) >= hl || (colon && end == colon + 1))
		return -1;
	snprintf(host, hl, "%.*s", (int)(hend - h), h);
	if (colon)
		snprintf(port, pl, "%.*s", (int)(end - colon - 1), colon + 1);
	else
		snprintf(port, pl, "%s", defport);
	*path = *end ? end : "/";
	return 0;
}

int tcp_poll(int fd, short ev, int ms)
{
	struct pollfd pf = {fd, ev, 0};
	int n;
	do
		n = poll(&pf, 1, ms);
	while (n < 0 && errno == EINTR);
	return n;
}

int tcp_wait(int fd, short ev, int ms, const char *what, struct err *e)
{
	int n = tcp_poll(fd, ev, ms);
	if (n == 0)
		return err_set(e, EXIT_BAIL, "%s: no answer within %d ms", what, ms);
	return n < 0 ? err_set(e, EXIT_BAIL, "%s: %s", what, strerror(errno)) : 0;
}

int tcp_connect(const char *host, const char *port, int ms, struct err *e)
{
	struct addrinfo *ai;
	int rc = resolve(host, port, SOCK_STREAM, ms, &ai, e);
	if (rc)
		return -1;
	int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd >= 0 && connect(fd, ai->ai_addr, ai->ai_addrlen) && errno != EINPROGRESS)
		rc = err_set(e, EXIT_BAIL, "%s:%s: connect: %s", host, port, strerror(errno));
	else if (fd < 0)
		rc = err_set(e, EXIT_BAIL, "socket: %s", strerror(errno));
	freeaddrinfo(ai);
	int soerr = 0;
	socklen_t sl = sizeof soerr;
	if (!rc && !(rc = tcp_wait(fd, POLLOUT, ms, "connect", e)) &&
	    (getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &sl) || soerr))
		rc = err_set(e, EXIT_BAIL, "%s:%s: connect: %s", host, port,
		             strerror(soerr ? soerr : errno));
	if (rc && fd >= 0)
		close(fd);
	return rc ? -1 : fd;
}

int tcp_send(int fd, const char *buf, size_t n, int ms, struct err *e)
{
	for (size_t off = 0; off < n;) {
		if (tcp_wait(fd, POLLOUT, ms, "send", e))
			return -1;
		ssize_t w = send(fd, buf + off, n - off, MSG_NOSIGNAL);
		if (w < 0 && errno != EINTR && errno != EAGAIN)
			return err_set(e, EXIT_BAIL, "send: %s", strerror(errno));
		off += w > 0 ? (size_t)w : 0;
	}
	return 0;
}

const char *tcp_body(const char *buf, size_t have)
{
	/* the first empty line: "\n\n" or "\n\r\n" (so CRLF CRLF too) */
	for (const char *p = memchr(buf, '\n', have); p;
	     p = memchr(p + 1, '\n', buf + have - p - 1)) {
		size_t left = (size_t)(buf + have - p - 1);
		if (left >= 1 && p[1] == '\n')
			return p + 2;
		if (left >= 2 && p[1] == '\r' && p[2] == '\n')
			return p + 3;
	}
	return NULL;
}

/* The start of the line after the one at p, before stop; or NULL. */
static const char *next_line(const char *p, const char *stop)
{
	const char *nl = p < stop ? memchr(p, '\n', (size_t)(stop - p)) : NULL;
	return nl && nl + 1 < stop ? nl + 1 : NULL;
}

const char *tcp_header(const char *buf, size_t have, const char *name, const char *from, size_t *n)
{
	const char *body = tcp_body(buf, have), *stop = body ? body : buf + have;
	size_t nl = strlen(name);
	for (const char *h = from ? next_line(from, stop) : buf; h; h = next_line(h, stop))
		if ((size_t)(stop - h) > nl && strncasecmp(h, name, nl) == 0 && h[nl] == ':') {
			const char *v = h + nl + 1, *e;
			while (v < stop && (*v == ' ' || *v == '\t'))
				v++;
			for (e = v; e < stop && *e != '\r' && *e != '\n';)
				e++;
			*n = (size_t)(e - v);
			return v;
		}
	return NULL;
}

/* A Content-Length's digits (at most 16 MiB: more is never whole here),
 * or -1 when the line has none. */
static long content_length(const char *v, const char *end)
{
	while (v < end && (*v == ' ' || *v == '\t'))
		v++;
	long n = -1;
	for (; v < end && *v >= '0' && *v <= '9' && n <= 16L << 20; v++)
		n = (n < 0 ? 0 : n * 10) + (*v - '0');
	return n;
}

/* The whole message's length once all there (else 0); *declared: whether
 * its headers give a Content-Length. */
static size_t message_len(const char *buf, size_t have, int *declared)
{
	const char *body = tcp_body(buf, have);
	*declared = 0;
	if (!body)
		return 0;
	long len = 0;
	size_t vn;
	for (const char *v = tcp_header(buf, have, "Content-Length", NULL, &vn); v;
	     v = tcp_header(buf, have, "Content-Length", v, &vn)) {
		long n = content_length(v, v + vn);
		*declared |= n >= 0;
		len = n > len ? n : len;
	}
	size_t whole = (size_t)(body - buf) + (size_t)len;
	return have >= whole ? whole : 0;
}

size_t tcp_message_len(const char *buf, size_t have)
{
	int declared;
	return message_len(buf, have, &declared);
}

/* The answer until the server closes (close_ends) or, with a Content-Length,
 * until it is whole; within ms in all. */
static int recv_answer(int fd, char *buf, size_t len, int ms, int close_ends, struct err *e)
{
	size_t have = 0;
	int64_t end = mono_us() / 1000 + ms;
	buf[0] = '\0';
	for (;;) {
		int left = (int)(end - mono_us() / 1000);
		int ready = left > 0 ? tcp_poll(fd, POLLIN, left) : 0;
		if (ready < 0)
			return err_set(e, EXIT_BAIL, "answer: %s", strerror(errno));
		if (!ready)
			return err_set(e, EXIT_BAIL, "answer: %s within %d ms",
			               have ? "not whole" : "no answer", ms);
		ssize_t r = recv(fd, buf + have, len - 1 - have, 0);
		if (r < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (r < 0)
			return err_set(e, EXIT_BAIL, "recv: %s", strerror(errno));
		have += (size_t)r;
		buf[have] = '\0';
		int declared;
		size_t whole = message_len(buf, have, &declared);
		if (r == 0 || have == len - 1 || (whole && (!close_ends || declared)))
			return 0;
	}
}

int tcp_request(const char *host, const char *port, const char *req, size_t n, char *ans,
                size_t alen, int ms, int close_ends, struct err *e)
{
	int fd = tcp_connect(host, port, ms, e);
	if (fd < 0)
		return -1;
	int rc = tcp_send(fd, req, n, ms, e) || recv_answer(fd, ans, alen, ms, close_ends, e);
	close(fd);
	return rc ? -1 : 0;
}
