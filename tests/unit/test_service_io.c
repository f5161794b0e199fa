/* drivers/service_io.c, tcp_io.c, auth_io.c and rtsp_io.c, a DUT's network
 * service: the URLs it takes (scheme, default port, path) and refuses, the
 * login it answers a 401 with (the RFCs' examples), an SDP's video stream
 * and the RTP frames counted, and a service that is not there:
 * test_service_io DEAD_PORT TRICKLE_PORT (a server sending its answer a
 * byte each 100 ms). TAP; tests/env_range_service.t
 * drives it against a simulated camera. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "drivers/auth_io.h"
#include "drivers/rtsp_io.h"
#include "drivers/service_io.h"
#include "drivers/tcp_io.h"
#include "tap.h"

static const char *init(struct service *s, const char *url)
{
	static struct err e; /* its message outlives the call */
	return service_init(s, url, NULL, NULL, 300, &e) ? e.msg : NULL;
}

/* n packets of payload type pt, version v, timestamps from ts by step. */
static void feed(struct rtp_count *c, int n, int v, int pt, uint32_t ts, uint32_t step)
{
	unsigned char p[20] = {0};
	for (int i = 0; i < n; i++, ts += step) {
		p[0] = (unsigned char)(v << 6), p[1] = (unsigned char)pt;
		p[4] = ts >> 24, p[5] = ts >> 16 & 0xff, p[6] = ts >> 8 & 0xff, p[7] = ts & 0xff;
		rtp_count_packet(c, p, sizeof p);
	}
}

/* RFC 7616 §3.9.1's example: the challenges, as a server lists them, with
 * the algorithm of each line 1 and 2 and the qop list in 3. */
static const char *rfc7616(const char *alg1, const char *alg2, const char *qop, const char *eol,
                           char *buf, size_t len)
{
	const char *c = "WWW-Authenticate: Digest realm=\"http-auth@example.org\", qop=\"%s\", "
	                "algorithm=%s, nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", "
	                "opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"%s";
	char one[400], two[400];
	snprintf(one, sizeof one, c, qop, alg1, eol);
	snprintf(two, sizeof two, c, qop, alg2, eol);
	snprintf(buf, len, "HTTP/1.1 401 Unauthorized%sCSeq: 1%s%s%s%s", eol, eol, one, two, eol);
	return buf;
}

/* Challenges sharing one WWW-Authenticate field, and parameters written
 * loosely: each read as the RFCs allow. */
static void one_field_cases(struct auth_ask *q)
{
	char auth[1200];
	const char *rfc = "nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", "
	                  "opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"";
	char two[800], loose[400];
	snprintf(two, sizeof two,
	         "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Digest realm=\"r\", "
	         "nonce=\"other\", algorithm=SHA-999, qop=auth, Digest "
	         "realm=\"http-auth@example.org\", qop=\"auth, auth-int\", algorithm=MD5, "
	         "%s\r\n\r\n",
	         rfc);
	tap_ok_diag(auth_header(two, q, auth, sizeof auth) == 0 &&
	                strstr(auth, "response=\"8ca523f5e9506fed4657c9700eebdbec\"") &&
	                strcmp(q->nonce, "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v") == 0,
	            "two Digest challenges in one field: the second's own nonce and MD5", auth);
	snprintf(two, sizeof two,
	         "RTSP/1.0 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"x\", Digest "
	         "realm=\"http-auth@example.org\", algorithm=%s, qop=auth, %s\r\n\r\n",
	         "SHA-256-sess-and-then-something-long", rfc);
	tap_ok_diag(auth_header(two, q, auth, sizeof auth) == 0 &&
	                strncmp(auth, "Authorization: Basic ", 21) == 0 && !q->nonce[0],
	            "Basic and a Digest of an unknown algorithm (a name longer than any "
	            "known) in one field: Basic",
	            auth);
	snprintf(loose, sizeof loose,
	         "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"x\", "
	         "Digest realm = \"x\" ,nonce= abc , opaque=\"\"\r\n\r\n");
	tap_ok_diag(auth_header(loose, q, auth, sizeof auth) == 0 &&
	                strstr(auth, "response=\"4456d56a88a079e753907b534eb18f39\"") &&
	                strstr(auth, ", opaque=\"\"\r\n") && strcmp(q->nonce, "abc") == 0,
	            "Digest preferred to Basic; blanks around '=', an unquoted nonce, an empty "
	            "opaque returned",
	            auth);
}

/* The Digest variants a server may ask (RFC 7616): the algorithms, their
 * order, "-sess", auth-int, the request count, bare-LF lines; several
 * challenges in one field (RFC 9110 §11.6.1). Responses not in the RFC
 * (SHA-512-256 without userhash, -sess, auth-int) were computed apart, with
 * Python's hashlib. */
static void digest_cases(void)
{
	char ans[1200], auth[1200];
	const char *cn = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";
	struct auth_ask q = {.method = "GET",
	                     .uri = "/dir/index.html",
	                     .user = "Mufasa",
	                     .pass = "Circle of Life",
	                     .nc = 1,
	                     .cnonce = cn};
	rfc7616("SHA-256", "MD5", "auth, auth-int", "\r\n", ans, sizeof ans);
	tap_ok_diag(auth_header(ans, &q, auth, sizeof auth) == 0 &&
	                strstr(auth, "response=\"753927fa0e85d155564e2e272a28d1802ca10daf4496794697"
	                             "cf8db5856cb6c1\"") &&
	                strstr(auth, ", algorithm=SHA-256, qop=auth, nc=00000001, cnonce="),
	            "SHA-256 listed first: RFC 7616's SHA-256 response", auth);
	rfc7616("SHA-999", "MD5", "auth, auth-int", "\r\n", ans, sizeof ans);
	tap_ok_diag(auth_header(ans, &q, auth, sizeof auth) == 0 &&
	                strstr(auth, "response=\"8ca523f5e9506fed4657c9700eebdbec\""),
	            "an algorithm bench does not speak: the next challenge, RFC 7616's MD5 "
	            "response",
	            auth);
	rfc7616("SHA-999", "MD5", "auth, auth-int", "\n", ans, sizeof ans);
	tap_ok_diag(auth_header(ans, &q, auth, sizeof auth) == 0 &&
	                strstr(auth, "response=\"8ca523f5e9506fed4657c9700eebdbec\""),
	            "the same with bare-LF line ends", auth);
	rfc7616("SHA-999", "FOO", "auth", "\r\n", ans, sizeof ans);
	tap_ok(auth_header(ans, &q, auth, sizeof auth) < 0,
	       "no algorithm bench speaks, and no Basic: no header");
	rfc7616("MD5-sess", "MD5", "auth", "\r\n", ans, sizeof ans);
	tap_ok_diag(auth_header(ans, &q, auth, sizeof auth) == 0 &&
	                strstr(auth, "response=\"e783283f46242139c486a698fec7211d\""),
	            "MD5-sess: the session key from the nonce and cnonce (RFC 7616 §3.4.2)", auth);
	q.nc = 2;
	rfc7616("MD5", "MD5", "auth-int", "\r\n", ans, sizeof ans);
	tap_ok_diag(auth_header(ans, &q, auth, sizeof auth) == 0 &&
	                strstr(auth, "response=\"d2455c821d8247a32c77203f5802c8a7\"") &&
	                strstr(auth, "qop=auth-int, nc=00000002,"),
	            "only auth-int offered: the empty body's digest in; the second request "
	            "counts nc 2",
	            auth);
	q.nc = 1;
	rfc7616("SHA-512-256", "MD5", "auth", "\r\n", ans, sizeof ans);
	tap_ok_diag(auth_header(ans, &q, auth, sizeof auth) == 0 &&
	                strstr(auth, "response=\"430d05014cecc49cab6fbe03176d41a1da86cbfe24a16580e"
	                             "22aaad928d960d0\""),
	            "SHA-512-256", auth);
	one_field_cases(&q);
}

/* The video stream of an SDP: its control URLs against the base (RFC 2326
 * §C.1.1), its payload types and encoding. */
static void sdp_cases(void)
{
	struct rtp_count c;
	char m[256], a[256];
	const char *hik = "v=0\r\ns=x\r\na=control:*\r\nm=video 0 RTP/AVP 96\r\n"
	                  "a=rtpmap:96 H264/90000\r\na=control:trackID=1\r\n";
	tap_ok_diag(sdp_video(hik, "rtsp://h/s/", &c, m, a, sizeof m) == 0 &&
	                strcmp(m, "rtsp://h/s/trackID=1") == 0 && strcmp(a, "rtsp://h/s/") == 0 &&
	                c.npt == 1 && c.pt[0] == 96 && strcmp(c.codec[0], "H264") == 0 &&
	                c.clock[0] == 90000,
	            "a relative control under the base, the session's '*' the base itself", m);
	sdp_video(hik, "rtsp://h/s", &c, m, a, sizeof m);
	tap_ok_diag(strcmp(m, "rtsp://h/s/trackID=1") == 0,
	            "a base without its '/': one put between", m);
	const char *abs = "v=0\r\nm=video 0 RTP/AVP 26\r\na=control:rtsp://cam:8554/live/v\r\n";
	tap_ok_diag(
	    sdp_video(abs, "rtsp://h/s/", &c, m, a, sizeof m) == 0 &&
	        strcmp(m, "rtsp://cam:8554/live/v") == 0 && strcmp(a, m) == 0 &&
	        strcmp(c.codec[0], "JPEG") == 0 && c.clock[0] == 90000,
	    "an absolute control kept; no session control: PLAY on the stream's; type 26 is "
	    "JPEG (RFC 3551)",
	    m);
	const char *two = "v=0\r\nm=audio 0 RTP/AVP 0\r\na=control:a\r\nm=video 0 RTP/AVP 97 98\r\n"
	                  "a=rtpmap:98 X/1\r\na=rtpmap:97 H265/90000\r\na=control:v\r\n";
	tap_ok_diag(
	    sdp_video(two, "rtsp://h/s/", &c, m, a, sizeof m) == 0 &&
	        strcmp(m, "rtsp://h/s/v") == 0 && strcmp(a, m) == 0 && c.npt == 2 &&
	        c.pt[1] == 98 && strcmp(c.codec[0], "H265") == 0 && strcmp(c.codec[1], "X") == 0 &&
	        c.clock[1] == 1,
	    "audio first: the video's own section, each type's encoding; the audio's control is "
	    "not the session's",
	    m);
	feed(&c, 3, 2, 98, 0, 1);
	tap_ok(c.seen == 1 && rtp_fps(&c) > 0.99 && rtp_fps(&c) < 1.01,
	       "packets of the second type: its encoding and clock are the stream's");
	sdp_video("v=0\r\nm=video 0 RTP/AVP 96\r\na=control:/live/v1\r\n", "rtsp://cam:554/a/b", &c,
	          m, a, sizeof m);
	tap_ok_diag(strcmp(m, "rtsp://cam:554/live/v1") == 0,
	            "a control that is an absolute path: on the base's host", m);
	sdp_video("v=0\r\nm=video 0 RTP/AVP 96\r\n", "rtsp://h/s", &c, m, a, sizeof m);
	tap_ok_diag(strcmp(m, "rtsp://h/s") == 0 && c.codec[0][0] == '\0',
	            "no control: the base; no rtpmap for a dynamic type: no encoding", m);
	tap_ok(sdp_video("v=0\r\nm=audio 0 RTP/AVP 0\r\n", "rtsp://h/s", &c, m, a, sizeof m) < 0,
	       "no m=video: none");
}

/* Frames are timestamp changes of RTP version 2 of the SDP's types. */
/* Three RTP packets from a socket bound to 127.0.0.3 to the port at. */
static void send_from3(const struct sockaddr_in *at)
{
	int tx = socket(AF_INET, SOCK_DGRAM, 0);
	struct sockaddr_in me = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(0x7f000003)};
	unsigned char p[20] = {0x80, 96};
	if (tx >= 0 && bind(tx, (struct sockaddr *)&me, sizeof me) == 0)
		for (int i = 0; i < 3; i++) {
			p[6] = (unsigned char)(i * 14); /* timestamps 0, 3584, 7168 */
			sendto(tx, p, sizeof p, 0, (const struct sockaddr *)at, sizeof *at);
		}
	if (tx >= 0)
		close(tx);
}

/* RTP over UDP counts only what comes from the camera's hosts: a packet
 * from 127.0.0.3 is dropped unless that is one of them (source=). */
static void udp_cases(void)
{
	int rx = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
	struct sockaddr_in at = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(0x7f000001)};
	socklen_t al = sizeof at;
	struct sockaddr_storage from[2] = {{0}};
	memcpy(&from[0], &at, sizeof at);
	((struct sockaddr_in *)&from[1])->sin_family = AF_INET;
	((struct sockaddr_in *)&from[1])->sin_addr.s_addr = htonl(0x7f000003);
	struct err e = {0};
	struct rtp_count one = {.pt = {96}, .npt = 1, .clock = {90000}}, two = one;
	int ok = rx >= 0 && bind(rx, (struct sockaddr *)&at, sizeof at) == 0 &&
	         getsockname(rx, (struct sockaddr *)&at, &al) == 0;
	if (ok)
		send_from3(&at);
	ok = ok && rtp_udp_frames(rx, from, 1, &one, 3, 500, 200, &e) == 0;
	if (ok)
		send_from3(&at);
	ok = ok && rtp_udp_frames(rx, from, 2, &two, 3, 500, 200, &e) == 0;
	tap_ok_diag(ok && one.packets == 0 && two.frames == 3,
	            "RTP over UDP from another host: dropped; from the one source= names: counted",
	            e.msg);
	if (rx >= 0)
		close(rx);
}

/* One packet of source ssrc (payload type 96) at timestamp ts. */
static void feed_src(struct rtp_count *c, uint32_t ssrc, uint32_t ts)
{
	unsigned char p[16] = {0x80, 96};
	p[4] = ts >> 24, p[5] = ts >> 16 & 0xff, p[6] = ts >> 8 & 0xff, p[7] = ts & 0xff;
	p[8] = ssrc >> 24, p[9] = ssrc >> 16 & 0xff, p[10] = ssrc >> 8 & 0xff, p[11] = ssrc & 0xff;
	rtp_count_packet(c, p, sizeof p);
}

/* A camera that replays old frames with their old timestamps shows
 * nothing new, however long its loop; one whose source restarts does. */
static void replay_cases(void)
{
	struct rtp_count a = {.pt = {96}, .npt = 1, .clock = {90000}}, b = a, s = a, r = a;
	for (uint32_t i = 0; i < 100; i++)
		feed_src(&a, 5, 0xfffff000u + i * 3600), feed_src(&b, 5, i * 3600);
	for (int loop = 0; loop < 3; loop++)
		for (uint32_t i = 20; i < 100; i++) /* 80 frames: longer than the ring */
			feed_src(&a, 5, 0xfffff000u + i * 3600);
	for (int loop = 0; loop < 5; loop++)
		for (uint32_t i = 91; i < 100; i++) /* 9 frames */
			feed_src(&b, 5, i * 3600);
	tap_ok(a.frames == 100 && b.frames == 100,
	       "old frames replayed, a loop of 80 across 2^32 or of 9: no new frame (%d, %d)",
	       a.frames, b.frames);
	for (uint32_t i = 0; i < 70; i++)
		feed_src(&s, 5, 1000000 + i * 3600);
	for (uint32_t i = 0; i < 10; i++)
		feed_src(&s, 6, 7 + i * 3600); /* a new source (RFC 3550 §8.2): its own timeline */
	tap_ok(s.frames == 80, "a new SSRC with earlier timestamps: its frames count (%d)",
	       s.frames);
	/* 16 B-frames sent after the P-frame that follows them in display order */
	for (uint32_t g = 0; g < 8; g++) {
		feed_src(&r, 5, (g * 17 + 17) * 3600);
		for (uint32_t k = 1; k <= 16; k++)
			feed_src(&r, 5, (g * 17 + k) * 3600);
	}
	tap_ok(r.frames == 8 * 17 && rtp_fps(&r) > 24.99 && rtp_fps(&r) < 25.01,
	       "16 B-frames each behind their P-frame: all %d frames, 25 fps", r.frames);
}

static void rtp_cases(void)
{
	struct rtp_count c = {.pt = {96}, .npt = 1, .clock = {90000}};
	feed(&c, 3, 2, 96, 1000, 0);
	feed(&c, 25, 2, 96, 4600, 3600);
	tap_ok_diag(c.packets == 28 && c.frames == 26 && c.foreign == 0 && rtp_fps(&c) > 24.99 &&
	                rtp_fps(&c) < 25.01,
	            "one frame in three packets, then 25: 26 frames at 25 fps", "");
	feed(&c, 2, 0, 96, 9, 1);
	feed(&c, 2, 2, 97, 9, 1);
	unsigned char shrt[8] = {0x80, 96};
	rtp_count_packet(&c, shrt, sizeof shrt);
	tap_ok(c.foreign == 5 && c.frames == 26,
	       "version 0, another type, under 12 bytes: not the video's, no frame");
	struct rtp_count w = {.pt = {26}, .npt = 1, .clock = {90000}};
	feed(&w, 11, 2, 26, 0xffffffffu - 9000, 9000);
	tap_ok(w.frames == 11 && rtp_fps(&w) > 9.99 && rtp_fps(&w) < 10.01,
	       "timestamps that wrap past 2^32: 10 fps still");
	/* decode order of I P B B P B B (display times 0 3 1 2 6 4 5), then a
	 * frame's last packet late, after the next frame's first (UDP) */
	struct rtp_count bf = {.pt = {96}, .npt = 1, .clock = {90000}};
	const uint32_t order[] = {0, 3, 1, 2, 6, 4, 5, 9, 7, 8, 12, 10, 11, 11, 12, 13, 12};
	for (size_t i = 0; i < sizeof order / sizeof order[0]; i++)
		feed(&bf, 1, 2, 96, 50000 + order[i] * 3600, 0);
	tap_ok_diag(bf.frames == 14 && rtp_fps(&bf) > 24.99 && rtp_fps(&bf) < 25.01,
	            "B-frames out of display order and a late packet: 14 frames, 25 fps", "");
	/* the count stops after a P-frame whose B-frames have not come yet, and
	 * a stream that lost a frame: the interval is still 40 ms */
	struct rtp_count pend = {.pt = {96}, .npt = 1, .clock = {90000}}, lost = pend;
	const uint32_t head[] = {0, 3, 1, 2, 6}, gaps[] = {0, 1, 2, 4, 5, 6};
	for (size_t i = 0; i < 5; i++)
		feed(&pend, 1, 2, 96, 7 + head[i] * 3600, 0);
	for (size_t i = 0; i < 6; i++)
		feed(&lost, 1, 2, 96, 7 + gaps[i] * 3600, 0);
	tap_ok(pend.frames == 5 && rtp_fps(&pend) > 24.99 && rtp_fps(&pend) < 25.01 &&
	           lost.frames == 6 && rtp_fps(&lost) > 24.99 && rtp_fps(&lost) < 25.01,
	       "B-frames still to come at the end, or a frame lost: 25 fps (the usual interval)");
	/* 30 fps on a clock in ms: intervals of 33, 33 and 34 ms (2970, 2970,
	 * 3060 ticks); one frame lost among the first three */
	struct rtp_count ms = {.pt = {96}, .npt = 1, .clock = {90000}}, three = ms;
	for (uint32_t i = 0, t = 0; i < 31; i++, t += i % 3 == 0 ? 3060 : 2970)
		feed(&ms, 1, 2, 96, t, 0);
	const uint32_t few[] = {0, 3600, 10800};
	for (size_t i = 0; i < 3; i++)
		feed(&three, 1, 2, 96, few[i], 0);
	tap_ok_diag(rtp_fps(&ms) > 29.99 && rtp_fps(&ms) < 30.01 && rtp_fps(&three) > 24.99 &&
	                rtp_fps(&three) < 25.01,
	            "30 fps stamped in ms: 30.0, not 30.3; a frame lost of three: 25 fps, not 12.5",
	            "");
	struct rtp_count fl = {.pt = {96}, .npt = 1, .clock = {90000}};
	for (int i = 0; i < 30; i++)
		feed(&fl, 1, 2, 96, i % 2 ? 3600 : 0, 0);
	tap_ok(fl.frames == 2, "timestamps flapping between two values: 2 frames, not 30");
	struct rtp_count st = {.pt = {96}, .npt = 1, .clock = {90000}};
	feed(&st, 50, 2, 96, 7, 0);
	tap_ok(st.frames == 1 && rtp_fps(&st) == 0, "one timestamp throughout: 1 frame, no rate");
	replay_cases();
	const char *lf = "RTSP/1.0 200 OK\nCSeq: 4\nContent-Length: 3\n\nv=0";
	tap_ok(tcp_message_len(lf, strlen(lf)) == strlen(lf) &&
	           rtsp_header(lf, "CSeq", (char[8]){0}, 8) == 0,
	       "bare LF line ends (RFC 2326 §4): the message and its headers found");
	const char *empty = "RTSP/1.0 200 OK\r\nContent-Length:\r\n\r\n9999";
	const char *neg = "RTSP/1.0 200 OK\r\nContent-Length: -3\r\n\r\nabc";
	const char *huge = "RTSP/1.0 200 OK\r\nContent-Length: 18446744073709551615\r\n\r\n";
	tap_ok(tcp_message_len(empty, 36) == 36 &&
	           tcp_message_len(neg, strlen(neg)) == strlen(neg) - 3 &&
	           tcp_message_len(huge, strlen(huge)) == 0,
	       "a Content-Length read on its own line only: empty or negative is none, too large "
	       "is never whole");
	char v[64];
	const char *ans = "RTSP/1.0 200 OK\r\nCSeq: 3\r\nsession:  66334873;timeout=60\r\n\r\n"
	                  "Transport: in the body\r\n";
	tap_ok(rtsp_header(ans, "Session", v, sizeof v) == 0 &&
	           strcmp(v, "66334873;timeout=60") == 0 &&
	           rtsp_header(ans, "Transport", v, sizeof v) < 0 &&
	           rtsp_header(ans, "Session", v, 8) < 0,
	       "a header by any case; none from the body; one longer than its room refused");
}

int main(int argc, char **argv)
{
	if (argc != 3)
		return 2;
	struct service s;
	tap_ok(!init(&s, "rtsp://cam.lab/stream1") && s.proto == SERVICE_RTSP &&
	           strcmp(s.port, "554") == 0 && strcmp(s.path, "/stream1") == 0,
	       "rtsp: port 554 unless given, the path kept");
	tap_ok(!init(&s, "http://10.0.0.5:8080") && s.proto == SERVICE_HTTP &&
	           strcmp(s.host, "10.0.0.5") == 0 && strcmp(s.port, "8080") == 0 &&
	           strcmp(s.path, "/") == 0,
	       "http: the port given, an empty path is /");
	const char *bad[] = {"ftp://h/x", "rtsp:///x", "http://h:/x", "rtsp//h/x", "", NULL};
	int refused = 1;
	for (int i = 0; bad[i]; i++)
		refused =
		    refused && init(&s, bad[i]) && strstr(init(&s, bad[i]), "must be rtsp://");
	tap_ok(refused, "another scheme, no host, an empty port, no '://': refused");
	char host[8], port[8];
	const char *path;
	tap_ok(url_split("http://a-long-host/", "http", "80", host, sizeof host, port, sizeof port,
	                 &path) < 0,
	       "a host longer than its buffer is refused, not cut");
	/* RFC 2617 §3.5's example (its cnonce is the one bench sends) */
	char auth[1200];
	const char *rfc = "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Digest "
	                  "realm=\"testrealm@host.com\", qop=\"auth,auth-int\", "
	                  "nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", "
	                  "opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"\r\n\r\n";
	struct auth_ask q = {
	    .method = "GET", .uri = "/dir/index.html", .user = "Mufasa", .pass = "Circle Of Life"};
	tap_ok_diag(auth_header(rfc, &q, auth, sizeof auth) == 0 &&
	                strstr(auth, "response=\"6629fae49393a05397450978507c4ef1\"") &&
	                strstr(auth, "opaque=\"5ccc069c403ebaf9f0171e9517f40e41\""),
	            "Digest with qop auth: RFC 2617's example response", auth);
	const char *basic = "RTSP/1.0 401 Unauthorized\r\nCSeq: 1\r\n"
	                    "WWW-Authenticate: Basic realm=\"cam\"\r\n\r\n";
	struct auth_ask qb = {
	    .method = "DESCRIBE", .uri = "rtsp://h/s", .user = "Aladdin", .pass = "open sesame"};
	tap_ok_diag(auth_header(basic, &qb, auth, sizeof auth) == 0 &&
	                strcmp(auth, "Authorization: Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==\r\n") == 0,
	            "Basic: RFC 7617's example", auth);
	tap_ok(auth_header("RTSP/1.0 401 Unauthorized\r\nCSeq: 1\r\n\r\n", &qb, auth, sizeof auth) <
	           0,
	       "a 401 without a challenge: no header");
	digest_cases();
	sdp_cases();
	rtp_cases();
	udp_cases();
	char dead[64];
	struct service_answer a;
	struct err e = {0};
	snprintf(dead, sizeof dead, "rtsp://127.0.0.1:%s/s", argv[1]);
	init(&s, dead);
	tap_ok_diag(service_probe(&s, &a, &e) < 0 && strstr(e.msg, "connect") && a.status == 0,
	            "nothing listening: an error, no status", e.msg);
	char slow[64];
	snprintf(slow, sizeof slow, "http://127.0.0.1:%s/", argv[2]);
	init(&s, slow);
	int64_t t0 = mono_us();
	int rc = service_probe(&s, &a, &e);
	double took = (double)(mono_us() - t0) / 1e3;
	tap_ok_diag(rc < 0 && strstr(e.msg, "not whole within 300 ms") && took < 1000,
	            "an answer trickled a byte each 100 ms: cut at the 300 ms of the whole answer",
	            e.msg);
	return tap_done();
}
