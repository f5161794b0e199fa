/* labgrid NetworkPowerPort over HTTP (see netpower_io.h). */
#include "netpower_io.h"

#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int netpower_init(struct netpower *p, const char *model, const char *url, int index, int timeout_ms,
                  struct err *e)
{
	memset(p, 0, sizeof *p);
	if (strcmp(model, "rest") == 0)
		p->model = NETPOWER_REST;
	else if (strcmp(model, "simplerest") == 0)
		p->model = NETPOWER_SIMPLEREST;
	else
		return err_set(e, EXIT_USAGE, "power model '%s': bench speaks rest and simplerest",
		               model);
	if (strncmp(url, "http://", 7) != 0 || !url[7] || url[7] == '/')
		return err_set(e, EXIT_USAGE, "power url '%s': must be http://HOST[:PORT]/...",
		               url);
	if (snprintf(p->url, sizeof p->url, "%s", url) >= (int)sizeof p->url)
		return err_set(e, EXIT_USAGE, "power url too long");
	p->index = index;
	p->timeout_ms = timeout_ms > 0 ? timeout_ms : 3000;
	return 0;
}

int netpower_url(const struct netpower *p, const char *value, char *out, size_t len)
{
	size_t o = 0;
	for (const char *s = p->url; *s; s++) {
		char num[16];
		const char *put = NULL;
		if (strncmp(s, "{index}", 7) == 0) {
			snprintf(num, sizeof num, "%d", p->index);
			put = num, s += 6;
		} else if (strncmp(s, "{value}", 7) == 0) {
			put = value, s += 6;
		}
		size_t n = put ? strlen(put) : 1;
		if (o + n + 1 > len)
			return -1;
		memcpy(out + o, put ? put : s, n);
		o += n;
	}
	/* simplerest reads with an empty value and drops a trailing '/' */
	if (p->model == NETPOWER_SIMPLEREST && !*value && o > 8 && out[o - 1] == '/')
		o--;
	out[o] = '\0';
	return 0;
}

static int wait_fd(int fd, short ev, int ms, const char *what, struct err *e)
{
	struct pollfd pf = {fd, ev, 0};
	int n;
	do
		n = poll(&pf, 1, ms);
	while (n < 0 && errno == EINTR);
	if (n == 0)
		return err_set(e, EXIT_BAIL, "power switch: %s: no answer within %d ms", what, ms);
	return n < 0 ? err_set(e, EXIT_BAIL, "power switch: %s: %s", what, strerror(errno)) : 0;
}

/* Splits http://HOST[:PORT]/PATH. */
static int split_url(const char *url, char *host, size_t hl, char *port, size_t pl,
                     const char **path)
{
	const char *h = url + 7, *end = h + strcspn(h, "/"), *colon = memchr(h, ':', end - h);
	const char *hend = colon ? colon : end;
	if (hend == h || (size_t)(hend - h) >= hl)
		return -1;
	snprintf(host, hl, "%.*s", (int)(hend - h), h);
	snprintf(port, pl, "%.*s", colon ? (int)(end - colon - 1) : 2, colon ? colon + 1 : "80");
	*path = *end ? end : "/";
	return 0;
}

static int connect_host(const char *host, const char *port, int ms, struct err *e)
{
	struct addrinfo hints = {.ai_socktype = SOCK_STREAM}, *ai;
	int rc = getaddrinfo(host, port, &hints, &ai);
	if (rc)
		return err_set(e, EXIT_USAGE, "power switch %s:%s: %s", host, port,
		               gai_strerror(rc));
	int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd >= 0 && connect(fd, ai->ai_addr, ai->ai_addrlen) && errno != EINPROGRESS)
		rc = err_set(e, EXIT_BAIL, "power switch %s:%s: connect: %s", host, port,
		             strerror(errno));
	else if (fd < 0)
		rc = err_set(e, EXIT_BAIL, "power switch: socket: %s", strerror(errno));
	freeaddrinfo(ai);
	int soerr = 0;
	socklen_t sl = sizeof soerr;
	if (!rc && !(rc = wait_fd(fd, POLLOUT, ms, "connect", e)) &&
	    (getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &sl) || soerr))
		rc = err_set(e, EXIT_BAIL, "power switch %s:%s: connect: %s", host, port,
		             strerror(soerr ? soerr : errno));
	if (rc && fd >= 0)
		close(fd);
	return rc ? -1 : fd;
}

static int send_all(int fd, const char *buf, size_t n, int ms, struct err *e)
{
	for (size_t off = 0; off < n;) {
		if (wait_fd(fd, POLLOUT, ms, "send", e))
			return -1;
		ssize_t w = send(fd, buf + off, n - off, MSG_NOSIGNAL);
		if (w < 0 && errno != EINTR && errno != EAGAIN)
			return err_set(e, EXIT_BAIL, "power switch: send: %s", strerror(errno));
		off += w > 0 ? (size_t)w : 0;
	}
	return 0;
}

/* Reads the whole answer (HTTP/1.0: the server closes) into buf. */
static int recv_all(int fd, char *buf, size_t len, int ms, struct err *e)
{
	size_t have = 0;
	for (;;) {
		if (wait_fd(fd, POLLIN, ms, "answer", e))
			return -1;
		ssize_t r = recv(fd, buf + have, len - 1 - have, 0);
		if (r < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (r < 0)
			return err_set(e, EXIT_BAIL, "power switch: recv: %s", strerror(errno));
		if (r == 0 || (have += (size_t)r) == len - 1)
			break;
	}
	buf[have] = '\0';
	return 0;
}

/* One request; the body of a 2xx answer into body. */
static int request(const struct netpower *p, const char *method, const char *url, const char *data,
                   char *body, size_t blen, struct err *e)
{
	char host[256], port[16], req[1024], ans[2048];
	const char *path;
	if (split_url(url, host, sizeof host, port, sizeof port, &path))
		return err_set(e, EXIT_USAGE, "power url '%s': no host", url);
	int n = snprintf(req, sizeof req,
	                 "%s %s HTTP/1.0\r\nHost: %s\r\nContent-Length: %zu\r\n"
	                 "Connection: close\r\n\r\n%s",
	                 method, path, host, strlen(data), data);
	if (n >= (int)sizeof req)
		return err_set(e, EXIT_USAGE, "power url too long");
	int fd = connect_host(host, port, p->timeout_ms, e);
	if (fd < 0)
		return err_prefix(e, "%s %s", method, url);
	int rc = send_all(fd, req, (size_t)n, p->timeout_ms, e) ||
	         recv_all(fd, ans, sizeof ans, p->timeout_ms, e);
	close(fd);
	if (rc)
		return err_prefix(e, "%s %s", method, url);
	int status = 0;
	char *sep = strstr(ans, "\r\n\r\n");
	if (sscanf(ans, "HTTP/%*d.%*d %d", &status) != 1 || !sep)
		return err_set(e, EXIT_BAIL, "%s %s: not an HTTP answer", method, url);
	if (status < 200 || status > 299)
		return err_set(e, EXIT_BAIL, "%s %s: HTTP %d", method, url, status);
	snprintf(body, blen, "%s", sep + 4);
	return 0;
}

int netpower_set(const struct netpower *p, int on, struct err *e)
{
	char url[600], body[64];
	const char *v = on ? "1" : "0";
	/* rest: PUT "0"/"1" to the URL; simplerest: GET the URL with {value} */
	int rest = p->model == NETPOWER_REST;
	if (netpower_url(p, rest ? "" : v, url, sizeof url))
		return err_set(e, EXIT_USAGE, "power url too long");
	return request(p, rest ? "PUT" : "GET", url, rest ? v : "", body, sizeof body, e);
}

int netpower_get(const struct netpower *p, int *on, struct err *e)
{
	char url[600], body[64];
	if (netpower_url(p, "", url, sizeof url))
		return err_set(e, EXIT_USAGE, "power url too long");
	if (request(p, "GET", url, "", body, sizeof body, e))
		return -1;
	body[strcspn(body, "\r\n")] = '\0';
	if (strcmp(body, "1") != 0 && strcmp(body, "0") != 0)
		return err_set(e, EXIT_BAIL, "GET %s: answer '%.20s' is neither 1 nor 0", url,
		               body);
	*on = body[0] == '1';
	return 0;
}
