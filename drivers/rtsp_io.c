/* An RTSP conversation and its RTP packets (see rtsp_io.h). */
#include "rtsp_io.h"
#include "rtp_size.h"
#include "sps.h"

#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include "tcp_io.h"

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* A timestamp not among the last RTP_RING counted, and, once that many
 * came, not older than all of them (modulo 2^32): B-frames arrive a few
 * frames late, a replayed loop of old frames further back than the ring
 * (a shorter one is in it). */
static int new_frame(const struct rtp_count *c, uint32_t ts)
{
	int n = c->kept < RTP_RING ? c->kept : RTP_RING;
	uint32_t low = ts;
	for (int i = 0; i < n; i++) {
		if (c->recent[i] == ts)
			return 0;
		if ((int32_t)(c->recent[i] - low) < 0)
			low = c->recent[i];
	}
	return n < RTP_RING || low != ts;
}

/* The size packet p[0..n) of the counted type gives, kept where it is the
 * smallest yet: a stream that drops to a smaller picture is judged by it. */
static void sent_size(struct rtp_count *c, const unsigned char *p, size_t n)
{
	size_t len;
	long at = rtp_payload(p, n, &len);
	int w, h;
	if (at < 0 ||
	    rtp_size((enum rtp_format)c->format[c->seen], c->donl[c->seen], p + at, len, &w, &h))
		return;
	if (!c->sent_width || (int64_t)w * h < (int64_t)c->sent_width * c->sent_height)
		c->sent_width = w, c->sent_height = h;
}

/* Whether c holds want frames (and, with until_sized, a picture size). */
static int rtp_count_done(const struct rtp_count *c, int want)
{
	/* a format whose packets never give a size (a container, SVAC) is not waited for */
	return c->frames >= want && (!c->until_sized || c->sent_width ||
	                             (c->packets && (c->width[c->seen] || !c->format[c->seen])));
}

void rtp_count_packet(struct rtp_count *c, const unsigned char *p, size_t n)
{
	int pt = n >= 12 ? p[1] & 0x7f : -1, known = -1;
	for (int i = 0; i < c->npt; i++)
		known = c->pt[i] == pt ? i : known;
	if (n < 12 || p[0] >> 6 != 2 || known < 0) {
		c->foreign++;
		return;
	}
	uint32_t ts = be32(p + 4), ssrc = be32(p + 8);
	if (!c->packets++)
		c->first_ts = ts, c->seen = known, c->ssrc = ssrc;
	else if (ssrc != c->ssrc) /* a new source starts a timeline of its own */
		c->ssrc = ssrc, c->kept = 0;
	if (known == c->seen)
		sent_size(c, p, n);
	if (!new_frame(c, ts))
		return;
	if (c->frames < 1024) /* modulo 2^32: a wrap is one step */
		c->at[c->frames] = (int32_t)(ts - c->first_ts);
	c->frames++;
	c->recent[c->kept++ % RTP_RING] = ts;
}

static int by_value(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

double rtp_fps(const struct rtp_count *c)
{
	int64_t t[1024], gap[1023];
	int n = c->frames < 1024 ? c->frames : 1024, ng = 0;
	unsigned clock = c->clock[c->seen];
	for (int i = 0; i < n; i++)
		t[i] = c->at[i];
	qsort(t, (size_t)n, sizeof t[0], by_value);
	for (int i = 1; i < n; i++)
		if (t[i] != t[i - 1]) /* one timestamp met again after the ring forgot it */
			gap[ng++] = t[i] - t[i - 1];
	qsort(gap, (size_t)ng, sizeof gap[0], by_value);
	/* the mean of the intervals near the (lower) median: a clock in ms
	 * gives 30 fps as 33 and 34 ms, which only their mean makes 30 */
	int64_t m = ng ? gap[(ng - 1) / 2] : 0, sum = 0;
	int k = 0;
	for (int i = 0; i < ng; i++)
		if (2 * gap[i] >= m && 2 * gap[i] <= 3 * m)
			sum += gap[i], k++;
	return k && clock ? (double)clock * k / (double)sum : 0;
}

/* The encoding of the video's payload type k in [from, to): its a=rtpmap
 * (RFC 4566 §6), else RFC 3551's static table for video. */
static void encoding(const char *from, const char *to, int k, struct rtp_count *c)
{
	int pt = c->pt[k];
	static const struct {
		int pt;
		const char *name;
	} fixed[] = {{26, "JPEG"}, {31, "H261"}, {32, "MPV"}, {33, "MP2T"}, {34, "H263"}};
	char key[24];
	int kn = snprintf(key, sizeof key, "a=rtpmap:%d ", pt);
	for (const char *p = from; p && p < to; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		if (strncmp(p, key, (size_t)kn) == 0) {
			size_t n = strcspn(p + kn, "/\r\n");
			snprintf(c->codec[k], sizeof c->codec[k], "%.*s", (int)n, p + kn);
			c->clock[k] =
			    p[kn + n] == '/' ? (unsigned)strtoul(p + kn + n + 1, NULL, 10) : 0;
			return;
		}
	for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
		if (fixed[i].pt == pt)
			snprintf(c->codec[k], sizeof c->codec[k], "%s", fixed[i].name),
			    c->clock[k] = 90000;
}

/* Parameter name's value (n bytes) in type pt's a=fmtp line in [from,
 * to): names are case-insensitive (RFC 4566 §6), parameters split by ';'.
 * NULL where there is none. */
static const char *fmtp_param(const char *from, const char *to, int pt, const char *name, size_t *n)
{
	char key[24];
	int kn = snprintf(key, sizeof key, "a=fmtp:%d ", pt);
	size_t nl = strlen(name);
	for (const char *p = from; p && p < to; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		if (strncmp(p, key, (size_t)kn) != 0)
			continue;
		for (const char *q = p + kn; *q && *q != '\r' && *q != '\n';) {
			q += strspn(q, " \t");
			if (strncasecmp(q, name, nl) == 0 && q[nl] == '=') {
				*n = strcspn(q + nl + 1, "; \t\r\n");
				return q + nl + 1;
			}
			q += strcspn(q, ";\r\n");
			q += *q == ';';
		}
		return NULL;
	}
	return NULL;
}

/* Whether parameter name of type pt is a number above 0. */
static int above_0(const char *from, const char *to, int pt, const char *name)
{
	size_t n;
	const char *v = fmtp_param(from, to, pt, name, &n);
	return v && strtol(v, NULL, 10) > 0;
}

/* MP4V-ES's config (RFC 6416 §7.1: the configuration headers in hex),
 * s[0..n): the size of its VOL header; -1 where it gives none. */
static int config_size(const char *s, size_t n, int *w, int *h)
{
	char hex[1025];
	unsigned char raw[512];
	if (n >= sizeof hex)
		return -1;
	memcpy(hex, s, n), hex[n] = '\0';
	long k = hex_decode(hex, raw, sizeof raw);
	return k > 0 ? mp4v_vol_size(raw, (size_t)k, w, h) : -1;
}

/* Type k's payload format, and the picture size its a=fmtp line in [from,
 * to) declares: the first SPS of sprop-parameter-sets (H.264) or sprop-sps
 * (H.265), the VOL header in config (MPEG-4 Part 2); left 0 where there is
 * none or it does not parse. */
static void picture_size(const char *from, const char *to, int k, struct rtp_count *c)
{
	const char *codec = c->codec[k], *v;
	size_t n = 0;
	int w, h, pt = c->pt[k], got = -1;
	if (strcasecmp(codec, "H264") == 0) {
		c->format[k] = RTP_H264;
		v = fmtp_param(from, to, pt, "sprop-parameter-sets", &n);
		got = v ? sprop_size(SPS_H264, v, n, &w, &h) : -1;
	} else if (strcasecmp(codec, "H265") == 0) {
		c->format[k] = RTP_H265;
		c->donl[k] = above_0(from, to, pt, "sprop-max-don-diff") ||
		             above_0(from, to, pt, "sprop-depack-buf-nalus");
		v = fmtp_param(from, to, pt, "sprop-sps", &n);
		got = v ? sprop_size(SPS_H265, v, n, &w, &h) : -1;
	} else if (strcasecmp(codec, "MP4V-ES") == 0) {
		c->format[k] = RTP_MP4V;
		v = fmtp_param(from, to, pt, "config", &n);
		got = v ? config_size(v, n, &w, &h) : -1;
	} else if (strcasecmp(codec, "JPEG") == 0) {
		c->format[k] = RTP_JPEG; /* its size is in every packet */
	}
	if (got == 0)
		c->width[k] = w, c->height[k] = h;
}

/* The value of "a=control:" in [from, to), or NULL. */
static const char *control(const char *from, const char *to, size_t *n)
{
	for (const char *p = from; p && p < to; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		if (strncmp(p, "a=control:", 10) == 0) {
			*n = strcspn(p + 10, "\r\n");
			return p + 10;
		}
	return NULL;
}

/* ctl (n bytes) made absolute against base: an rtsp URL as it is, "*" the
 * base itself, an absolute path on the base's host, else appended to the
 * base as a path segment (as cameras and their clients read it). */
static void resolve(const char *base, const char *ctl, size_t n, char *out, size_t len)
{
	const char *host = strstr(base, "://");
	if (!ctl || (n == 1 && *ctl == '*'))
		snprintf(out, len, "%s", base);
	else if (*ctl == '/' && host)
		snprintf(out, len, "%.*s%.*s", (int)(host + 3 + strcspn(host + 3, "/") - base),
		         base, (int)n, ctl);
	else if (n > 7 &&
	         (strncasecmp(ctl, "rtsp://", 7) == 0 || strncasecmp(ctl, "rtsps://", 8) == 0))
		snprintf(out, len, "%.*s", (int)n, ctl);
	else {
		size_t bl = strlen(base);
		snprintf(out, len, "%s%s%.*s", base, bl && base[bl - 1] == '/' ? "" : "/", (int)n,
		         ctl);
	}
}

int sdp_video(const char *sdp, const char *base, struct rtp_count *c, char *media, char *aggregate,
              size_t len)
{
	memset(c, 0, sizeof *c);
	snprintf(media, len, "%s", base);
	snprintf(aggregate, len, "%s", base);
	const char *m = strncmp(sdp, "m=video ", 8) == 0 ? sdp : strstr(sdp, "\nm=video ");
	if (!m)
		return -1;
	m += *m == '\n';
	const char *end = strstr(m + 1, "\nm="), *first = strstr(sdp, "\nm=");
	end = end ? end : m + strlen(m);
	/* m=video <port> <proto> <fmt> ...: the formats are its payload types */
	const char *f = m + 8;
	for (int i = 0; i < 2; i++)
		f += strcspn(f, " \r\n"), f += strspn(f, " ");
	while (c->npt < 16 && *f >= '0' && *f <= '9') {
		c->pt[c->npt++] = (int)strtol(f, (char **)&f, 10);
		f += strspn(f, " ");
	}
	for (int k = 0; k < c->npt; k++) {
		encoding(m, end, k, c);
		picture_size(m, end, k, c);
	}
	size_t mn = 0, an = 0;
	const char *mc = control(m, end, &mn), *ac = control(sdp, first ? first : m, &an);
	resolve(base, mc, mn, media, len);
	if (ac)
		resolve(base, ac, an, aggregate, len);
	else
		snprintf(aggregate, len, "%s", media);
	return 0;
}

int rtsp_attach(struct rtsp_conn *c, int fd, int ms, struct err *e)
{
	memset(c, 0, sizeof *c);
	c->fd = fd;
	c->rtp_ch = -1;
	c->ms = ms;
	c->cap = 70000; /* an interleaved packet is at most 4 + 65535 bytes */
	if (!(c->buf = malloc(c->cap))) {
		close(fd);
		c->fd = -1;
		return err_set(e, EXIT_BAIL, "out of memory");
	}
	return 0;
}

int rtsp_open(struct rtsp_conn *c, const char *host, const char *port, int ms, struct err *e)
{
	int fd = tcp_connect(host, port, ms, e);
	if (fd < 0) {
		memset(c, 0, sizeof *c);
		c->fd = -1;
		return -1;
	}
	return rtsp_attach(c, fd, ms, e);
}

void rtsp_close(struct rtsp_conn *c)
{
	if (c->fd >= 0)
		close(c->fd);
	free(c->buf);
	c->buf = NULL;
	c->fd = -1;
}

/* More bytes into the buffer within ms: 1, 0 when none came, -1 with e. */
static int fill(struct rtsp_conn *c, int ms, struct err *e)
{
	if (c->have == c->cap)
		return err_set(e, EXIT_BAIL, "an RTSP message longer than %zu bytes", c->cap);
	int n = tcp_poll(c->fd, POLLIN, ms);
	if (n <= 0)
		return n ? err_set(e, EXIT_BAIL, "poll: %s", strerror(errno)) : 0;
	ssize_t r = recv(c->fd, c->buf + c->have, c->cap - c->have, 0);
	if (r < 0 && (errno == EINTR || errno == EAGAIN))
		return 1;
	if (r < 0)
		return err_set(e, EXIT_BAIL, "recv: %s", strerror(errno));
	if (r == 0)
		return err_set(e, EXIT_BAIL, "the connection closed %s",
		               c->have ? "in the middle of a message" : "without an answer");
	c->have += (size_t)r;
	return 1;
}

static void take(struct rtsp_conn *c, size_t n)
{
	memmove(c->buf, c->buf + n, c->have - n);
	c->have -= n;
}

/* The next whole item at the start of the buffer: an interleaved packet
 * (counted, *kind 1) or a text message (*kind 2, its length in *n), or 0
 * while it is not all there. A request from the camera (RFC 2326 allows
 * them) is a message too; the caller tells them apart. */
static int next_item(struct rtsp_conn *c, int *kind, size_t *n)
{
	size_t crlf = 0; /* a line end left over from the message before */
	while (crlf < c->have && (c->buf[crlf] == '\r' || c->buf[crlf] == '\n'))
		crlf++;
	if (crlf)
		take(c, crlf);
	if (c->have >= 4 && c->buf[0] == '$') {
		size_t len = 4 + ((size_t)c->buf[2] << 8 | c->buf[3]);
		if (c->have < len)
			return 0;
		if (c->count && c->buf[1] == c->rtp_ch)
			rtp_count_packet(c->count, c->buf + 4, len - 4);
		*kind = 1, *n = len;
		return 1;
	}
	if (c->have && c->buf[0] != '$' && (*n = tcp_message_len((const char *)c->buf, c->have))) {
		*kind = 2;
		return 1;
	}
	return 0;
}

/* Whether buf starts as a request (a method of capitals, a space), or may
 * (capitals so far): one a camera may send its client (RFC 2326 §10:
 * ANNOUNCE, GET_PARAMETER...). */
static int request_line(const unsigned char *buf, size_t n)
{
	size_t i = 0;
	while (i < n && ((buf[i] >= 'A' && buf[i] <= 'Z') || buf[i] == '_'))
		i++;
	return i > 0 && (i == n || buf[i] == ' '); /* i == n: it may still come */
}

/* Answers a request of the camera's own, the n bytes at the buffer's start
 * (RFC 2326 §10: a server may send OPTIONS, ANNOUNCE, GET_PARAMETER...):
 * OPTIONS 200, any other 501 Not Implemented; at most 64 on a connection,
 * so that a camera sending requests endlessly cannot keep bench writing.
 * A send that fails is the next read's error, not this one's. */
static void answer_request(struct rtsp_conn *c, size_t n)
{
	char req[2048], cseq[32], ans[128];
	if (c->answered++ >= 64)
		return;
	snprintf(req, sizeof req, "%.*s", (int)(n < sizeof req ? n : sizeof req - 1),
	         (const char *)c->buf);
	if (rtsp_header(req, "CSeq", cseq, sizeof cseq))
		cseq[0] = '\0';
	int len = snprintf(ans, sizeof ans, "RTSP/1.0 %s\r\n%s%s%s\r\n",
	                   strncmp(req, "OPTIONS ", 8) ? "501 Not Implemented" : "200 OK",
	                   cseq[0] ? "CSeq: " : "", cseq, cseq[0] ? "\r\n" : "");
	struct err quiet = {0};
	tcp_send(c->fd, ans, (size_t)len, c->ms, &quiet);
}

/* Whether an answer is to the request last sent: its CSeq (RFC 2326 §12.17;
 * one without is taken as it), not a late answer to one before. */
static int mine(const struct rtsp_conn *c, const char *ans)
{
	char v[24];
	return rtsp_header(ans, "CSeq", v, sizeof v) || strtol(v, NULL, 10) == c->cseq;
}

/* Reads until the answer is whole, or c->ms have passed; packets, the
 * camera's own requests and late answers before it are taken on the way. */
static int read_answer(struct rtsp_conn *c, char *ans, size_t alen, struct err *e)
{
	int64_t end = mono_us() / 1000 + c->ms;
	for (;;) {
		int kind;
		size_t n;
		while (next_item(c, &kind, &n)) {
			int answer = kind == 2 && n >= 9 && memcmp(c->buf, "RTSP/1.0 ", 9) == 0;
			if (kind == 2 && !answer && !request_line(c->buf, n))
				return err_set(e, EXIT_BAIL, "not an RTSP/1.0 answer: '%.20s'",
				               (const char *)c->buf);
			if (answer)
				snprintf(ans, alen, "%.*s", (int)n, (const char *)c->buf);
			else if (kind == 2)
				answer_request(c, n);
			take(c, n);
			if (answer && mine(c, ans))
				return 0;
		}
		if (c->have >= 9 && c->buf[0] != '$' && memcmp(c->buf, "RTSP/1.0 ", 9) &&
		    !request_line(c->buf, c->have))
			return err_set(e, EXIT_BAIL, "not an RTSP/1.0 answer: '%.20s'",
			               (const char *)c->buf);
		int left = (int)(end - mono_us() / 1000), got = left > 0 ? fill(c, left, e) : 0;
		if (got < 0)
			return -1;
		if (!got && mono_us() / 1000 >= end)
			return err_set(e, EXIT_BAIL, "answer: no answer within %d ms", c->ms);
	}
}

int rtsp_call(struct rtsp_conn *c, const char *method, const char *uri, const char *extra,
              char *ans, size_t alen, struct err *e)
{
	char req[6144], sess[1100] = "";
	if (c->session[0])
		snprintf(sess, sizeof sess, "Session: %s\r\n", c->session);
	int n = snprintf(req, sizeof req,
	                 "%s %s RTSP/1.0\r\nCSeq: %d\r\n%s%s%sUser-Agent: bench\r\n\r\n", method,
	                 uri, ++c->cseq, sess, c->auth ? c->auth : "", extra);
	if (n <= 0 || n >= (int)sizeof req)
		return err_set(e, EXIT_USAGE, "%s %s: request too long", method, uri);
	ans[0] = '\0';
	return tcp_send(c->fd, req, (size_t)n, c->ms, e) || read_answer(c, ans, alen, e) ? -1 : 0;
}

int rtsp_read_frames(struct rtsp_conn *c, int want, int ms, struct err *e)
{
	int64_t end = mono_us() / 1000 + ms;
	for (;;) {
		int kind;
		size_t n;
		while (next_item(c, &kind, &n)) {
			if (kind == 2 && request_line(c->buf, n))
				answer_request(c, n);
			take(c, n);
		}
		int left = (int)(end - mono_us() / 1000);
		if (rtp_count_done(c->count, want) || left <= 0)
			return 0;
		/* once packets came, a silence of c->ms ends the wait too: a live
		 * stream stalled (the first may wait for the encoder's next key frame) */
		int got = fill(c, left < c->ms || !c->count->packets ? left : c->ms, e);
		if (got <= 0)
			return got;
	}
}

/* Whether a and b are the same host (the port may differ). */
static int same_host(const struct sockaddr_storage *a, const struct sockaddr_storage *b)
{
	if (a->ss_family != b->ss_family)
		return 0;
	if (a->ss_family == AF_INET)
		return ((const struct sockaddr_in *)a)->sin_addr.s_addr ==
		       ((const struct sockaddr_in *)b)->sin_addr.s_addr;
	return memcmp(&((const struct sockaddr_in6 *)a)->sin6_addr,
	              &((const struct sockaddr_in6 *)b)->sin6_addr, 16) == 0;
}

int rtp_udp_frames(int fd, const struct sockaddr_storage *from, int nfrom, struct rtp_count *count,
                   int want, int ms, int idle_ms, struct err *e)
{
	unsigned char pkt[65536];
	int64_t end = mono_us() / 1000 + ms;
	while (!rtp_count_done(count, want)) {
		int left = (int)(end - mono_us() / 1000);
		int ready = left > 0 ? tcp_poll(fd, POLLIN,
		                                left < idle_ms || !count->packets ? left : idle_ms)
		                     : 0;
		if (ready < 0)
			return err_set(e, EXIT_BAIL, "rtp: poll: %s", strerror(errno));
		if (!ready)
			return 0;
		struct sockaddr_storage sender;
		socklen_t sl = sizeof sender;
		ssize_t r = recvfrom(fd, pkt, sizeof pkt, 0, (struct sockaddr *)&sender, &sl);
		if (r < 0 && errno != EINTR && errno != EAGAIN)
			return err_set(e, EXIT_BAIL, "rtp: %s", strerror(errno));
		int known = 0;
		for (int i = 0; r >= 0 && i < nfrom; i++)
			known |= same_host(&sender, &from[i]);
		if (known)
			rtp_count_packet(count, pkt, (size_t)r);
	}
	return 0;
}

int rtsp_header(const char *ans, const char *name, char *out, size_t len)
{
	size_t n;
	const char *v = tcp_header(ans, strlen(ans), name, NULL, &n);
	if (!v || n >= len)
		return -1;
	snprintf(out, len, "%.*s", (int)n, v);
	return 0;
}
