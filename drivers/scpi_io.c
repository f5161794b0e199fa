/* SCPI over TCP (see scpi_io.h). */
#include "scpi_io.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "resolve.h"

static int wait_fd(struct scpi *s, short ev, const char *what, struct err *e)
{
	struct pollfd p = {s->fd, ev, 0};
	int n;
	do
		n = poll(&p, 1, s->timeout_ms);
	while (n < 0 && errno == EINTR);
	if (n == 0)
		return err_set(e, EXIT_BAIL, "%s: %s: no answer within %d ms", s->desc, what,
		               s->timeout_ms);
	if (n < 0)
		return err_set(e, EXIT_BAIL, "%s: %s: %s", s->desc, what, strerror(errno));
	return 0;
}

static int connect_to(struct scpi *s, const struct addrinfo *ai, struct err *e)
{
	s->fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (s->fd < 0)
		return err_set(e, EXIT_BAIL, "%s: socket: %s", s->desc, strerror(errno));
	if (connect(s->fd, ai->ai_addr, ai->ai_addrlen) && errno != EINPROGRESS)
		return err_set(e, EXIT_BAIL, "%s: connect: %s", s->desc, strerror(errno));
	if (wait_fd(s, POLLOUT, "connect", e))
		return -1;
	int soerr = 0;
	socklen_t sl = sizeof soerr;
	getsockopt(s->fd, SOL_SOCKET, SO_ERROR, &soerr, &sl);
	if (soerr)
		return err_set(e, EXIT_BAIL, "%s: connect: %s", s->desc, strerror(soerr));
	return 0;
}

int scpi_open(struct scpi *s, const char *host, int port, int timeout_ms, struct err *e)
{
	memset(s, 0, sizeof *s);
	s->fd = -1;
	s->timeout_ms = timeout_ms > 0 ? timeout_ms : 2000;
	snprintf(s->desc, sizeof s->desc, "scpi %s:%d", host, port);
	char ps[16];
	snprintf(ps, sizeof ps, "%d", port);
	struct addrinfo *ai;
	if (resolve(host, ps, SOCK_STREAM, s->timeout_ms, &ai, e))
		return err_prefix(e, "scpi");
	int rc = connect_to(s, ai, e);
	freeaddrinfo(ai);
	if (rc)
		scpi_close(s);
	return rc;
}

void scpi_close(struct scpi *s)
{
	if (s->fd >= 0)
		close(s->fd);
	s->fd = -1;
}

int scpi_send(struct scpi *s, const char *cmd, struct err *e)
{
	char line[256];
	int n = snprintf(line, sizeof line, "%s\n", cmd);
	if (n < 0 || (size_t)n >= sizeof line)
		return err_set(e, EXIT_USAGE, "%s: command too long", s->desc);
	for (int off = 0; off < n;) {
		if (wait_fd(s, POLLOUT, cmd, e))
			return -1;
		ssize_t w = send(s->fd, line + off, (size_t)(n - off), MSG_NOSIGNAL);
		if (w < 0 && errno != EAGAIN && errno != EINTR)
			return err_set(e, EXIT_BAIL, "%s: %s: %s", s->desc, cmd, strerror(errno));
		off += w > 0 ? (int)w : 0;
	}
	return 0;
}

static int read_line(struct scpi *s, const char *q, char *ans, size_t len, struct err *e)
{
	for (;;) {
		char *nl = memchr(s->buf, '\n', s->have);
		if (nl) {
			size_t n = (size_t)(nl - s->buf);
			size_t m = n > 0 && s->buf[n - 1] == '\r' ? n - 1 : n;
			snprintf(ans, len, "%.*s", (int)m, s->buf);
			memmove(s->buf, nl + 1, s->have - n - 1);
			s->have -= n + 1;
			return 0;
		}
		if (s->have == sizeof s->buf)
			return err_set(e, EXIT_BAIL, "%s: %s: answer longer than %zu bytes",
			               s->desc, q, sizeof s->buf);
		if (wait_fd(s, POLLIN, q, e))
			return -1;
		ssize_t r = recv(s->fd, s->buf + s->have, sizeof s->buf - s->have, 0);
		if (r == 0)
			return err_set(e, EXIT_BAIL, "%s: %s: connection closed", s->desc, q);
		if (r < 0 && errno != EAGAIN && errno != EINTR)
			return err_set(e, EXIT_BAIL, "%s: %s: %s", s->desc, q, strerror(errno));
		s->have += r > 0 ? (size_t)r : 0;
	}
}

int scpi_query(struct scpi *s, const char *q, char *ans, size_t len, struct err *e)
{
	if (scpi_send(s, q, e))
		return -1;
	return read_line(s, q, ans, len, e);
}

int scpi_command(struct scpi *s, const char *cmd, struct err *e)
{
	char ans[256];
	if (scpi_send(s, cmd, e) || scpi_query(s, "SYST:ERR?", ans, sizeof ans, e))
		return -1;
	if (strncmp(ans, "0,", 2) != 0 && strcmp(ans, "0") != 0 && strncmp(ans, "+0,", 3) != 0)
		return err_set(e, EXIT_BAIL, "%s: %s: instrument error %s", s->desc, cmd, ans);
	return 0;
}
