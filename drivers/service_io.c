/* A DUT's network service (see service_io.h). */
#include "service_io.h"

#include <stdio.h>
#include <string.h>

#include "auth_io.h"
#include "tcp_io.h"

int service_init(struct service *s, const char *url, const char *user, const char *pass,
                 int timeout_ms, struct err *e)
{
	memset(s, 0, sizeof *s);
	const char *path;
	s->proto = strncmp(url, "rtsp:", 5) == 0 ? SERVICE_RTSP : SERVICE_HTTP;
	const char *scheme = s->proto == SERVICE_RTSP ? "rtsp" : "http";
	if (url_split(url, scheme, s->proto == SERVICE_RTSP ? "554" : "80", s->host, sizeof s->host,
	              s->port, sizeof s->port, &path))
		return err_set(e, EXIT_USAGE,
		               "service url '%s': must be rtsp://HOST[:PORT]/PATH or "
		               "http://HOST[:PORT]/PATH",
		               url);
	if (snprintf(s->url, sizeof s->url, "%s", url) >= (int)sizeof s->url ||
	    snprintf(s->path, sizeof s->path, "%s", path) >= (int)sizeof s->path)
		return err_set(e, EXIT_USAGE, "service url too long");
	if (user &&
	    (snprintf(s->user, sizeof s->user, "%s", user) >= (int)sizeof s->user ||
	     snprintf(s->pass, sizeof s->pass, "%s", pass ? pass : "") >= (int)sizeof s->pass))
		return err_set(e, EXIT_USAGE, "service login too long");
	s->timeout_ms = timeout_ms > 0 ? timeout_ms : 3000;
	return 0;
}

/* The request: RTSP DESCRIBE of the whole URL (RFC 2326 §10.2), or an
 * HTTP/1.0 GET of the path; auth: an Authorization header line, or "". */
static int request(const struct service *s, const char *auth, char *req, size_t len)
{
	if (s->proto == SERVICE_RTSP)
		return snprintf(req, len,
		                "DESCRIBE %s RTSP/1.0\r\nCSeq: %d\r\n%sAccept: application/sdp\r\n"
		                "User-Agent: bench\r\n\r\n",
		                s->url, *auth ? 2 : 1, auth);
	return snprintf(req, len,
	                "GET %s HTTP/1.0\r\nHost: %s\r\n%sUser-Agent: bench\r\nConnection: "
	                "close\r\n\r\n",
	                s->path, s->host, auth);
}

/* One request and its answer (in ans, parsed into a). */
static int exchange(const struct service *s, const char *auth, char *ans, size_t alen,
                    struct service_answer *a, struct err *e)
{
	char req[2200];
	int n = request(s, auth, req, sizeof req);
	if (n <= 0 || n >= (int)sizeof req)
		return err_set(e, EXIT_USAGE, "service url too long");
	if (tcp_request(s->host, s->port, req, (size_t)n, ans, alen, s->timeout_ms,
	                s->proto == SERVICE_HTTP, e))
		return -1;
	if (!ans[0])
		return err_set(e, EXIT_BAIL, "the connection closed without an answer");
	const char *want = s->proto == SERVICE_RTSP ? "RTSP/1.0 %d" : "HTTP/1.%*d %d";
	if (sscanf(ans, want, &a->status) != 1 || a->status < 100 || a->status > 599)
		return err_set(e, EXIT_BAIL, "not an %s answer: '%.40s'",
		               s->proto == SERVICE_RTSP ? "RTSP/1.0" : "HTTP", ans);
	snprintf(a->line, sizeof a->line, "%.*s", (int)strcspn(ans, "\r\n"), ans);
	const char *body = strstr(ans, "\r\n\r\n");
	/* SDP (RFC 4566 §5.14): each media section starts "m=<media> " */
	a->video = body && (strncmp(body + 4, "m=video ", 8) == 0 || strstr(body, "\nm=video "));
	return 0;
}

int service_probe(const struct service *s, struct service_answer *a, struct err *e)
{
	char ans[16384], auth[1200];
	memset(a, 0, sizeof *a);
	if (exchange(s, "", ans, sizeof ans, a, e))
		return -1;
	if (a->status != 401 || !s->user[0])
		return 0;
	int rtsp = s->proto == SERVICE_RTSP;
	if (auth_header(ans, rtsp ? "DESCRIBE" : "GET", rtsp ? s->url : s->path, s->user, s->pass,
	                auth, sizeof auth)) {
		a->login = -2;
		return 0;
	}
	if (exchange(s, auth, ans, sizeof ans, a, e))
		return -1;
	a->login = a->status == 401 ? -1 : 1;
	return 0;
}
