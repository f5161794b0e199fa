/* A DUT's network service (see service_io.h). */
#include "service_io.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "auth_io.h"
#include "resolve.h"
#include "rtsp_io.h"
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
	s->frames = 2;
	s->wait_ms = s->timeout_ms;
	return 0;
}

/* The status line of ans into a (status, line; video from its SDP). */
static int parse(const struct service *s, const char *ans, struct service_answer *a, struct err *e)
{
	if (!ans[0])
		return err_set(e, EXIT_BAIL, "the connection closed without an answer");
	const char *want = s->proto == SERVICE_RTSP ? "RTSP/1.0 %d" : "HTTP/1.%*d %d";
	if (sscanf(ans, want, &a->status) != 1 || a->status < 100 || a->status > 599)
		return err_set(e, EXIT_BAIL, "not an %s answer: '%.40s'",
		               s->proto == SERVICE_RTSP ? "RTSP/1.0" : "HTTP", ans);
	snprintf(a->line, sizeof a->line, "%.*s", (int)strcspn(ans, "\r\n"), ans);
	const char *body = tcp_body(ans, strlen(ans));
	/* SDP (RFC 4566 §5.14): each media section starts "m=<media> " */
	a->video = body && (strncmp(body, "m=video ", 8) == 0 || strstr(body, "\nm=video "));
	return 0;
}

static void trace(const struct service *s, const char *proto, const char *req, const char *ans,
                  int64_t t0)
{
	if (s->log)
		s->log(s->log_arg, proto, req, ans, (long)(mono_us() - t0));
}

/* HTTP: a GET on a fresh connection, again with the login after a 401. */
static int http_get(const struct service *s, const char *auth, char *ans, size_t alen,
                    struct service_answer *a, struct err *e)
{
	char req[2200], what[600];
	int n = snprintf(req, sizeof req,
	                 "GET %s HTTP/1.0\r\nHost: %s\r\n%sUser-Agent: bench\r\nConnection: "
	                 "close\r\n\r\n",
	                 s->path, s->host, auth);
	if (n <= 0 || n >= (int)sizeof req)
		return err_set(e, EXIT_USAGE, "service url too long");
	int64_t t0 = mono_us();
	int rc = tcp_request(s->host, s->port, req, (size_t)n, ans, alen, s->timeout_ms, 1, e);
	rc = rc ? -1 : parse(s, ans, a, e);
	snprintf(what, sizeof what, "GET %s", s->url);
	trace(s, "http", what, rc ? e->msg : a->line, t0);
	return rc;
}

/* An RTSP probe's state: its connection, the 401 it answers, the last
 * answer (ans, parsed into step). */
struct probe {
	const struct service *s;
	struct rtsp_conn c;
	struct service_answer step;
	int udp, rtcp;                   /* RTP over UDP: its sockets; -1 none */
	struct sockaddr_storage from[2]; /* the hosts it may come from */
	int nfrom;
	char chal[16384]; /* the 401 whose challenge every request answers; "": none */
	char nonce[256];  /* the nonce it gives */
	unsigned nc;      /* the requests sent with it */
	char auth[1200];
	char ans[16384];
};

/* One request on the connection, its answer in p->ans and p->step. */
static int call_once(struct probe *p, const char *method, const char *uri, const char *extra,
                     struct err *e)
{
	const struct service *s = p->s;
	p->c.auth = NULL;
	struct auth_ask q = {
	    .method = method, .uri = uri, .user = s->user, .pass = s->pass, .nc = p->nc + 1};
	if (p->chal[0] && !auth_header(p->chal, &q, p->auth, sizeof p->auth))
		p->c.auth = p->auth, p->nc++;
	char what[800];
	const char *tr = strncmp(extra, "Transport: ", 11) == 0 ? extra + 11 : NULL;
	snprintf(what, sizeof what, "%s %s%s%.*s%s", method, uri, tr ? " (" : "",
	         tr ? (int)strcspn(tr, "\r\n") : 0, tr ? tr : "", tr ? ")" : "");
	int64_t t0 = mono_us();
	memset(&p->step, 0, sizeof p->step);
	int rc = rtsp_call(&p->c, method, uri, extra, p->ans, sizeof p->ans, e);
	rc = rc ? -1 : parse(s, p->ans, &p->step, e);
	trace(s, "rtsp", what, rc ? e->msg : p->step.line, t0);
	return rc;
}

/* The nonce the login answers in the 401 ans ("": none, or Basic), into out. */
static void nonce_of(const struct probe *p, const char *ans, char *out, size_t len)
{
	struct auth_ask q = {
	    .method = "DESCRIBE", .uri = p->s->url, .user = p->s->user, .pass = p->s->pass};
	char hdr[1200];
	snprintf(out, len, "%s", auth_header(ans, &q, hdr, sizeof hdr) ? "" : q.nonce);
}

/* From now on every request answers the challenge of the 401 in p->ans;
 * its requests are counted from 1 where its nonce is a new one. */
static void challenged(struct probe *p)
{
	char now[256];
	nonce_of(p, p->ans, now, sizeof now);
	if (strcmp(now, p->nonce))
		p->nc = 0, snprintf(p->nonce, sizeof p->nonce, "%s", now);
	snprintf(p->chal, sizeof p->chal, "%s", p->ans);
}

/* The same, once more with its challenge where it got 401 (a camera may
 * guard only its stream, or give each request a nonce of its own) and the
 * station has a login: for the requests after DESCRIBE, whose own 401 is
 * describe()'s. */
static int call(struct probe *p, const char *method, const char *uri, const char *extra,
                struct err *e)
{
	if (call_once(p, method, uri, extra, e))
		return -1;
	if (p->step.status != 401 || !p->s->user[0])
		return 0;
	challenged(p);
	return call_once(p, method, uri, extra, e);
}

/* DESCRIBE with the login, on the same connection or, where the camera
 * closed it after its 401, a fresh one; once more where the camera
 * answers with another challenge (a stale or per-connection nonce). */
static int describe_login(struct probe *p, struct err *e)
{
	const struct service *s = p->s;
	const char *acc = "Accept: application/sdp\r\n";
	struct err lost = {0};
	if (call_once(p, "DESCRIBE", s->url, acc, &lost)) {
		rtsp_close(&p->c);
		if (rtsp_open(&p->c, s->host, s->port, s->timeout_ms, e) ||
		    call_once(p, "DESCRIBE", s->url, acc, e))
			return -1;
	}
	char now[256];
	nonce_of(p, p->ans, now, sizeof now);
	if (p->step.status != 401 || !now[0] || strcmp(p->nonce, now) == 0)
		return 0;
	challenged(p);
	return call_once(p, "DESCRIBE", s->url, acc, e);
}

/* DESCRIBE into a, and with the station's login after a 401. */
static int describe(struct probe *p, struct service_answer *a, struct err *e)
{
	const struct service *s = p->s;
	if (call_once(p, "DESCRIBE", s->url, "Accept: application/sdp\r\n", e))
		return -1;
	*a = p->step;
	if (a->status != 401 || !s->user[0])
		return 0;
	struct auth_ask q = {.method = "DESCRIBE", .uri = s->url, .user = s->user, .pass = s->pass};
	if (auth_header(p->ans, &q, p->auth, sizeof p->auth)) {
		a->login = -2;
		return 0;
	}
	challenged(p);
	if (describe_login(p, e))
		return -1;
	*a = p->step;
	a->login = a->status == 401 ? -1 : 1;
	return 0;
}

/* A UDP socket of the family of peer bound to port (0: any), the port it
 * got in *got: the socket, or -1 (errno says why). */
static int udp_bound(const struct sockaddr_storage *peer, int port, int *got)
{
	int fd = socket(peer->ss_family, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	struct sockaddr_storage me = {.ss_family = peer->ss_family};
	struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)&me;
	struct sockaddr_in *v4 = (struct sockaddr_in *)&me;
	int six = peer->ss_family == AF_INET6;
	*(six ? &v6->sin6_port : &v4->sin_port) = htons((uint16_t)port);
	socklen_t ml = six ? sizeof *v6 : sizeof *v4;
	if (fd >= 0 && (bind(fd, (struct sockaddr *)&me, ml) ||
	                getsockname(fd, (struct sockaddr *)&me, &ml))) {
		close(fd);
		return -1;
	}
	*got = ntohs(six ? v6->sin6_port : v4->sin_port);
	return fd;
}

/* The UDP ports for RTP and RTCP, of the connection's family: an even one
 * and the odd one above it (RFC 3550 §11; some cameras refuse others),
 * RTP's in *port, RTCP's socket held in *rtcp so that no one else has it.
 * The RTP socket, or -1 with e. */
static int udp_pair(struct probe *p, int *port, struct err *e)
{
	struct sockaddr_storage *peer = &p->from[0];
	socklen_t pl = sizeof *peer;
	if (getpeername(p->c.fd, (struct sockaddr *)peer, &pl))
		return err_set(e, EXIT_BAIL, "getpeername: %s", strerror(errno));
	for (int tries = 0; tries < 64; tries++) {
		int odd, fd = udp_bound(peer, 0, port);
		if (fd < 0)
			return err_set(e, EXIT_BAIL, "rtp socket: %s", strerror(errno));
		errno = EADDRINUSE;
		p->rtcp = *port % 2 == 0 && *port < 65535 ? udp_bound(peer, *port + 1, &odd) : -1;
		if (p->rtcp >= 0) {
			p->nfrom = 1;
			return p->udp = fd;
		}
		int why = errno;
		close(fd);
		if (why != EADDRINUSE) /* out of sockets, not ports */
			return err_set(e, EXIT_BAIL, "rtp socket: %s", strerror(why));
	}
	return err_set(e, EXIT_BAIL,
	               "rtp socket: no even port with the odd one above it free "
	               "in 64 tries");
}

/* A host name of source= looked up within the probe's timeout_ms: its
 * first address of the connection's family into f; 0, or -1 (the stream
 * from there is then not taken, and says so by not coming). */
static int source_name(const struct probe *p, const char *host, struct sockaddr_storage *f)
{
	struct addrinfo *ai = NULL;
	struct err e = {0};
	if (resolve(host, "0", SOCK_DGRAM, p->s->timeout_ms, &ai, &e) < 0)
		return -1;
	int found = -1;
	for (struct addrinfo *a = ai; a && found < 0; a = a->ai_next)
		if (a->ai_family == f->ss_family && a->ai_addrlen <= sizeof *f)
			memcpy(f, a->ai_addr, a->ai_addrlen), found = 0;
	freeaddrinfo(ai);
	return found;
}

/* The Transport's source= (RFC 2326 §12.39), an address of the
 * connection's family (IPv6 bare or in []) or a host name with one, as a
 * host the stream may come from too. */
static void udp_source(struct probe *p)
{
	char val[1024], host[256];
	const char *src =
	    rtsp_header(p->ans, "Transport", val, sizeof val) ? NULL : strcasestr(val, "source=");
	if (!src)
		return;
	src += 7 + (src[7] == '[' || src[7] == '"'); /* an IPv6 address may come in [] */
	snprintf(host, sizeof host, "%.*s", (int)strcspn(src, ";, \"]"), src);
	struct sockaddr_storage *f = &p->from[1];
	f->ss_family = p->from[0].ss_family;
	void *addr = f->ss_family == AF_INET6 ? (void *)&((struct sockaddr_in6 *)f)->sin6_addr
	                                      : (void *)&((struct sockaddr_in *)f)->sin_addr;
	if (inet_pton(f->ss_family, host, addr) == 1 || (host[0] && source_name(p, host, f) == 0))
		p->nfrom = 2;
}

/* SETUP of the video stream: RTP interleaved on the connection, else (on
 * any refusal but a login's) over UDP into p->udp. 0 with p->step the
 * last SETUP's answer, -1 when the connection failed. */
static int setup(struct probe *p, const char *media, struct service_answer *a, struct err *e)
{
	char tr[160], val[1024];
	if (call(p, "SETUP", media, "Transport: RTP/AVP/TCP;unicast;interleaved=0-1\r\n", e))
		return -1;
	if (p->step.status == 200) {
		snprintf(a->transport, sizeof a->transport, "tcp");
		const char *il = rtsp_header(p->ans, "Transport", val, sizeof val)
		                     ? NULL
		                     : strcasestr(val, "interleaved=");
		long ch = il ? strtol(il + 12, NULL, 10) : 0;
		p->c.rtp_ch = ch >= 0 && ch <= 255 ? (int)ch : 0;
		return 0;
	}
	int port = 0;
	if (p->step.status == 401)
		return 0;
	if (udp_pair(p, &port, e) < 0)
		return -1;
	snprintf(tr, sizeof tr, "Transport: RTP/AVP;unicast;client_port=%d-%d\r\n", port, port + 1);
	snprintf(a->transport, sizeof a->transport, "udp");
	if (call(p, "SETUP", media, tr, e))
		return -1;
	if (p->step.status == 200)
		udp_source(p);
	return 0;
}

/* The picture size the packets gave, else the SDP's, into a. */
static void picture(const struct rtp_count *count, struct service_answer *a)
{
	a->sdp_width = count->width[count->seen], a->sdp_height = count->height[count->seen];
	a->size_sent = count->sent_width > 0;
	a->width = a->size_sent ? count->sent_width : a->sdp_width;
	a->height = a->size_sent ? count->sent_height : a->sdp_height;
}

/* The frames after PLAY, into a. */
static int frames(struct probe *p, struct rtp_count *count, struct service_answer *a, struct err *e)
{
	const struct service *s = p->s;
	int64_t t0 = mono_us();
	int rc = p->udp >= 0 ? rtp_udp_frames(p->udp, p->from, p->nfrom, count, s->frames,
	                                      s->wait_ms, s->timeout_ms, e)
	                     : rtsp_read_frames(&p->c, s->frames, s->wait_ms, e);
	picture(count, a);
	char size[64] = ""; /* in the trace: the size a verdict may rest on, and whose it is */
	if (a->width)
		snprintf(size, sizeof size, ", pictures of %d x %d %s", a->width, a->height,
		         a->size_sent ? "sent in the stream" : "in the SDP");
	snprintf(a->stream, sizeof a->stream,
	         "%d frames in %d RTP packets over %s within %.0f ms%s%s", count->frames,
	         count->packets, a->transport, (double)(mono_us() - t0) / 1e3,
	         count->foreign ? ", and packets not of the video's payload types" : "", size);
	trace(s, "rtp", "frames", rc ? e->msg : a->stream, t0);
	a->frames = count->frames, a->packets = count->packets, a->foreign = count->foreign;
	a->fps = rtp_fps(count);
	snprintf(a->codec, sizeof a->codec, "%s", count->codec[count->seen]);
	a->streamed = !rc && count->frames >= s->frames;
	return rc;
}

/* After a DESCRIBE 200 with video (its answer in p->ans): SETUP, PLAY, the
 * frames, TEARDOWN. Where the stream stopped short is a->stream. */
static int stream(struct probe *p, struct service_answer *a, struct err *e)
{
	char base[512], media[512], agg[512], sess[1024];
	/* the base of relative control URLs (RFC 2326 §C.1.1) */
	if ((rtsp_header(p->ans, "Content-Base", base, sizeof base) || !base[0]) &&
	    (rtsp_header(p->ans, "Content-Location", base, sizeof base) || !base[0]))
		snprintf(base, sizeof base, "%s", p->s->url);
	struct rtp_count count;
	const char *sdp =
	    tcp_body(p->ans, strlen(p->ans)); /* there: parse() found the video in it */
	sdp_video(sdp ? sdp : "", base, &count, media, agg, sizeof media);
	count.until_sized = p->s->sized;
	int rc = setup(p, media, a, e);
	const char *stop = "SETUP", *uri = media;
	if (!rc && p->step.status == 200) {
		if (!rtsp_header(p->ans, "Session", sess, sizeof sess))
			snprintf(p->c.session, sizeof p->c.session, "%.*s",
			         (int)strcspn(sess, "; "), sess);
		p->c.count = &count;
		stop = "PLAY", uri = agg;
		rc = call(p, "PLAY", agg, "Range: npt=0.000-\r\n", e);
	}
	snprintf(a->codec, sizeof a->codec, "%s", count.codec[0]); /* until packets say */
	picture(&count, a);
	if (!rc && p->step.status == 200)
		rc = frames(p, &count, a, e);
	else if (!rc)
		snprintf(a->stream, sizeof a->stream, "%s %s answered %s", stop, uri, p->step.line);
	if (!rc && p->c.session[0]) {
		struct err quiet = {0}; /* the verdict is in; a session left open is the camera's */
		call(p, "TEARDOWN", agg, "", &quiet);
	}
	return rc;
}

/* DESCRIBE answered 301, 302, 303 or 307: the stream is at the answer's
 * Location (RFC 2326 §11.3.2-§11.3.4, §12.25); 305 Use Proxy is not
 * followed. */
enum { MAX_MOVES = 3 };

static int moved(int status)
{
	return status == 301 || status == 302 || status == 303 || status == 307;
}

/* here: s moved to `to`, the station's login kept for s's host only.
 * -1 when `to` is no rtsp:// URL. */
static int relocate(struct service *here, const struct service *s, const char *to)
{
	struct err quiet = {0};
	struct service n;
	if (strncmp(to, "rtsp://", 7) != 0 ||
	    service_init(&n, to, NULL, NULL, s->timeout_ms, &quiet))
		return -1;
	if (strcmp(n.host, s->host) == 0) {
		memcpy(n.user, s->user, sizeof n.user);
		memcpy(n.pass, s->pass, sizeof n.pass);
	}
	n.frames = s->frames, n.wait_ms = s->wait_ms, n.sized = s->sized;
	n.log = s->log, n.log_arg = s->log_arg;
	*here = n;
	return 0;
}

/* DESCRIBE on a connection of its own to p->s (here), following its
 * redirects: here is where they led. */
static int describe_moved(struct probe *p, struct service *here, struct service_answer *a,
                          struct err *e)
{
	const struct service s = *here;
	char to[512];
	for (int hop = 0;; hop++) {
		int rc = rtsp_open(&p->c, here->host, here->port, here->timeout_ms, e);
		if (rc || describe(p, a, e))
			return -1;
		if (hop)
			snprintf(a->moved, sizeof a->moved, "%s", here->url);
		if (!moved(a->status) || hop == MAX_MOVES ||
		    rtsp_header(p->ans, "Location", to, sizeof to) || relocate(here, &s, to))
			return 0;
		rtsp_close(&p->c);
		p->chal[0] = p->nonce[0] = '\0', p->nc = 0; /* a login is per server */
	}
}

int service_probe(const struct service *s, struct service_answer *a, struct err *e)
{
	memset(a, 0, sizeof *a);
	if (s->proto == SERVICE_HTTP) {
		char ans[16384], auth[1200];
		if (http_get(s, "", ans, sizeof ans, a, e))
			return -1;
		if (a->status != 401 || !s->user[0])
			return 0;
		struct auth_ask q = {
		    .method = "GET", .uri = s->path, .user = s->user, .pass = s->pass};
		if (auth_header(ans, &q, auth, sizeof auth)) {
			a->login = -2;
			return 0;
		}
		if (http_get(s, auth, ans, sizeof ans, a, e))
			return -1;
		a->login = a->status == 401 ? -1 : 1;
		return 0;
	}
	struct probe *p = calloc(1, sizeof *p);
	if (!p)
		return err_set(e, EXIT_BAIL, "out of memory");
	struct service here = *s; /* where DESCRIBE's redirects lead */
	p->s = &here;
	p->udp = p->rtcp = -1;
	int rc = describe_moved(p, &here, a, e);
	if (!rc && a->status == 200 && a->video && s->frames > 0)
		rc = stream(p, a, e);
	if (p->c.buf)
		rtsp_close(&p->c);
	if (p->udp >= 0)
		close(p->udp);
	if (p->rtcp >= 0)
		close(p->rtcp);
	free(p);
	return rc;
}
