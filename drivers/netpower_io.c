/* labgrid NetworkPowerPort over HTTP (see netpower_io.h). */
#include "netpower_io.h"

#include "tcp_io.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* One request; the body of a 2xx answer into body. */
static int request(const struct netpower *p, const char *method, const char *url, const char *data,
                   char *body, size_t blen, struct err *e)
{
	char host[256], port[16], req[1024], ans[2048];
	const char *path;
	if (url_split(url, "http", "80", host, sizeof host, port, sizeof port, &path))
		return err_set(e, EXIT_USAGE, "power url '%s': no host", url);
	int n = snprintf(req, sizeof req,
	                 "%s %s HTTP/1.0\r\nHost: %s\r\nContent-Length: %zu\r\n"
	                 "Connection: close\r\n\r\n%s",
	                 method, path, host, strlen(data), data);
	if (n >= (int)sizeof req)
		return err_set(e, EXIT_USAGE, "power url too long");
	if (tcp_request(host, port, req, (size_t)n, ans, sizeof ans, p->timeout_ms, 1, e))
		return err_prefix(e, "power switch: %s %s", method, url);
	int status = 0;
	/* header lines may end in a bare LF (RFC 9112 §2.2) */
	const char *sep = tcp_body(ans, strlen(ans));
	if (sscanf(ans, "HTTP/%*d.%*d %d", &status) != 1 || !sep)
		return err_set(e, EXIT_BAIL, "%s %s: not an HTTP answer", method, url);
	if (status < 200 || status > 299)
		return err_set(e, EXIT_BAIL, "%s %s: HTTP %d", method, url, status);
	snprintf(body, blen, "%s", sep);
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
